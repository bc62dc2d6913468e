"""Costly limits (named scopes such as ``ai``): a slot is reserved atomically before the work.

Flask-Limiter's ``deduct_when`` *tests* a limit before the view and *counts* it after the
answer, so N concurrent calls all pass the test before any of them is counted (60 concurrent
chats passed a 20/hour limit). Here a named scope takes its slot with one atomic increment in
the limiter's storage (Redis: a Lua INCR+EXPIRE) before the view runs, and a call that turns out
not to count (a cached AI answer) gives its slot back afterwards. Concurrent calls therefore
never exceed the limit; at worst a call is refused while a cached one still holds a slot it is
about to return.

While the storage is unreachable, Flask-Limiter's in-process fallback would restart every count
from zero in every process: far more generous than the limit, for calls that cost money. Costly
calls are refused with a 503 and ``Retry-After`` instead (the general per-owner and per-address
limits keep their in-process fallback).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import current_app
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter
from redis import RedisError

from japaguide.errors import APIError

log = logging.getLogger(__name__)

KEY_PREFIX = "japaguide"
#: Seconds a client is asked to wait when the limiter's storage is unreachable.
STORAGE_DOWN_RETRY_AFTER = 10
# Give a slot back only while its window still exists: a refund must never open an extra slot
# in the next window.
_REFUND_SCRIPT = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decrby', KEYS[1], 1) end "
    "return 0"
)
_STORAGE_ERRORS = (RedisError, StorageError, ConnectionError, TimeoutError)

Taken = list[tuple[RateLimitItem, list[str]]]


@dataclass(frozen=True)
class CostlyLimit:
    """One limit of a scope: its limit string (read per request), whose key, and its name."""

    limit: Callable[[], str]
    key_func: Callable[[], str]
    scope: str


def reserving(
    view: Callable,
    storage: Callable[[], Storage],
    limits: list[CostlyLimit],
    refund_when: Callable[[Any], bool] | None,
    enabled: Callable[[], bool],
) -> Callable:
    """Wrap ``view`` so that each of ``limits`` is reserved before it runs.

    ``storage()`` is the limiter's storage (asked for only while limits are enabled: a disabled
    limiter has none); ``refund_when(response)`` returns the slots of a call that does not count.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not enabled():
            return view(*args, **kwargs)
        strategy = FixedWindowRateLimiter(storage())
        taken = reserve(strategy, limits)
        response = current_app.make_response(view(*args, **kwargs))
        if refund_when is not None and refund_when(response):
            refund(strategy.storage, taken)
        return response

    return wrapper


def reserve(strategy: FixedWindowRateLimiter, limits: list[CostlyLimit]) -> Taken:
    """Take one slot of every limit, or none: 429 when one is used up, 503 if storage is down."""
    taken: Taken = []
    try:
        for lim in limits:
            key = lim.key_func()
            if not key:  # the scope does not apply to this request (e.g. no recipient given)
                continue
            item = parse(lim.limit())
            keys = [KEY_PREFIX, key, lim.scope]
            taken.append((item, keys))
            if not strategy.hit(item, *keys):
                refund(strategy.storage, taken)
                raise APIError(
                    429,
                    f"Rate limit exceeded ({item}). Try again later.",
                    headers={"Retry-After": str(_seconds_to_reset(strategy, item, keys))},
                )
    except _STORAGE_ERRORS as exc:
        log.warning("rate limit storage unreachable, costly call refused: %s", exc)
        refund(strategy.storage, taken)
        raise APIError(
            503,
            "This feature's usage limit cannot be checked right now, so it is paused. "
            "Try again shortly.",
            title="Rate limit storage unavailable",
            problem="rate-limit-unavailable",
            headers={"Retry-After": str(STORAGE_DOWN_RETRY_AFTER)},
        ) from exc
    return taken


def refund(storage: Storage, taken: Taken) -> None:
    """Give back slots taken by :func:`reserve` (best effort: a lost refund only errs strict)."""
    for item, keys in taken:
        key = item.key_for(*keys)
        try:
            if isinstance(storage, RedisStorage):
                connection: Any = storage.get_connection()  # a redis.Redis client
                connection.eval(_REFUND_SCRIPT, 1, storage.prefixed_key(key))
            elif storage.get(key) > 0:
                storage.incr(key, item.get_expiry(), amount=-1)
        except _STORAGE_ERRORS as exc:
            log.warning("rate limit slot not refunded: %s", exc)


def _seconds_to_reset(
    strategy: FixedWindowRateLimiter, item: RateLimitItem, keys: list[str]
) -> int:
    try:
        reset = strategy.get_window_stats(item, *keys).reset_time
        return max(1, int(reset - time.time()) + 1)
    except _STORAGE_ERRORS:
        return item.get_expiry()
