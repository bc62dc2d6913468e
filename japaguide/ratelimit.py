"""Rate limits (Flask-Limiter), keyed on the owner, with a per-address cap behind them.

* Every API call counts against the owner's budget: ``RATELIMIT_USER`` for users,
  ``RATELIMIT_ANONYMOUS`` for anonymous owners (or the client address when a plain read has no
  session yet). Identity is resolved before the limiter runs, so an anonymous client's very
  first write already counts against its new session.
* A per-address cap (``RATELIMIT_PER_ADDRESS``) stands behind it: a client that drops its
  cookie gets a new session but not a new address budget.
* The address is ``request.remote_addr``: the TCP peer, or the client named by the configured
  number of trusted proxies (``TRUSTED_PROXY_COUNT``, see :mod:`japaguide.proxies`). A
  client-sent ``X-Forwarded-For`` never buys a fresh address budget.
* Views may declare named scopes with :func:`limit_scope` (e.g. ``"ai"``); the host applies
  the scope's owner limit (``RATELIMIT_<SCOPE>``) and address cap
  (``RATELIMIT_<SCOPE>_PER_ADDRESS``) when it mounts the plugin. A scope may key its limit on
  something other than the owner (``key_func``, e.g. an e-mail's recipient).

Storage is Redis when configured, else in-process; if Redis fails, the general limits fall
back to in-process counters (never to no limit) and the named, costly scopes refuse with 503
(an in-process count would restart from zero in every process).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from flask_limiter import ApplicationLimit, Limiter
from limits import RateLimitItem
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter
from limits.util import WindowStats

from japaguide.identity import current_owner
from japaguide.reservations import CostlyLimit, reserving
from japaguide.sessions import redis_options

LIMIT_SCOPES_ATTR = "_japaguide_limit_scopes"
EXEMPT_PATHS = ("/api/v1/health", "/api/v1/openapi.json", "/api/v1/docs")


UNKNOWN_ADDRESS = "unknown"


def client_address() -> str:
    """The client's address as ProxyFix left it; never read from request headers here."""
    return request.remote_addr or UNKNOWN_ADDRESS


def owner_key() -> str:
    """The owner's key, else the client address (plain reads before any session exists)."""
    owner = current_owner()
    return owner.key or address_key()


def address_key() -> str:
    return f"addr:{client_address()}"


def _owner_limit() -> str:
    owner = current_owner()
    key = "RATELIMIT_USER" if owner.user_id is not None else "RATELIMIT_ANONYMOUS"
    return current_app.config[key]


def _address_limit() -> str:
    return current_app.config["RATELIMIT_PER_ADDRESS"]


def _exempt() -> bool:
    path = request.path
    return not path.startswith("/api/") or path.startswith(EXEMPT_PATHS)


def limit_scope(
    scope: str,
    *,
    refund_when: Callable[[Any], bool] | None = None,
    deduct_when: Callable[[Any], bool] | None = None,
    key_func: Callable[[], str] | None = None,
) -> Callable[[Callable], Callable]:
    """Mark a view as limited by a named (costly) scope; applied per app by :func:`apply_scopes`.

    The slot is reserved atomically before the view runs (see :mod:`japaguide.reservations`);
    ``refund_when(response)`` gives it back for calls that turn out not to count (e.g. cached
    AI answers). ``deduct_when`` (the older spelling, "does this call count?") is its negation.
    ``key_func`` replaces the owner as what the scope's limit counts (an empty key skips the
    limit for that request).
    """
    refund = refund_when
    if refund is None and deduct_when is not None:
        counts = deduct_when

        def refund(response: Any) -> bool:
            return not counts(response)

    def mark(view: Callable) -> Callable:
        scopes = list(getattr(view, LIMIT_SCOPES_ATTR, []))
        scopes.append((scope, refund, key_func))
        setattr(view, LIMIT_SCOPES_ATTR, scopes)
        return view

    return mark


#: INCRBY + EXPIRE on a window's first hit (the library's own script) that also answers the
#: window's TTL, so the ``X-RateLimit-*`` headers need no second trip to Redis.
_INCR_EXPIRE_TTL = """
local current = redis.call("incrby", KEYS[1], tonumber(ARGV[2]))
if tonumber(current) == tonumber(ARGV[2]) then
    redis.call("expire", KEYS[1], ARGV[1])
end
return {current, redis.call("ttl", KEYS[1])}
"""
_SEEN_KEY = "japaguide.ratelimit.windows"


class PipelinedFixedWindow(FixedWindowRateLimiter):
    """Fixed windows whose hit and ``X-RateLimit-*`` figures cost one Redis round trip in all.

    The library's hit answers only the new count, and its header figures read the count and
    the TTL again (two more commands, after the view). Here a hit's script answers both, kept
    for the request, so the headers are computed without Redis; a window the request did not
    hit is read with one pipeline. Anything but Redis storage keeps the library's own ways.
    """

    def __init__(self, storage: RedisStorage) -> None:
        super().__init__(storage)
        connection: Any = storage.get_connection()  # redis.Redis (typed as a protocol)
        self._script = connection.register_script(_INCR_EXPIRE_TTL)

    def hit(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        storage: Any = self.storage  # a RedisStorage (see _pipeline_window_reads)
        key = storage.prefixed_key(item.key_for(*identifiers))
        count, ttl = self._script([key], [item.get_expiry(), cost])
        if has_request_context():
            g.setdefault(_SEEN_KEY, {})[key] = (int(count), int(ttl), time.time())
        return int(count) <= item.amount

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        storage = self.storage
        if not isinstance(storage, RedisStorage):
            return super().get_window_stats(item, *identifiers)
        key = storage.prefixed_key(item.key_for(*identifiers))
        seen = g.get(_SEEN_KEY, {}).get(key) if has_request_context() else None
        if seen is not None:
            count, ttl, at = seen
            return WindowStats(max(ttl, 0) + at, max(0, item.amount - count))
        connection: Any = storage.get_connection(True)  # redis.Redis (typed as a protocol)
        pipe = connection.pipeline(transaction=False)
        pipe.get(key)
        pipe.ttl(key)
        count, ttl = pipe.execute()
        return WindowStats(max(ttl, 0) + time.time(), max(0, item.amount - int(count or 0)))


def _pipeline_window_reads(limiter: Limiter) -> None:
    """Swap in :class:`PipelinedFixedWindow` when the limiter counts fixed windows in Redis."""
    strategy = getattr(limiter, "_limiter", None)
    storage = getattr(limiter, "_storage", None)
    if type(strategy) is FixedWindowRateLimiter and isinstance(storage, RedisStorage):
        limiter._limiter = PipelinedFixedWindow(storage)


def create_limiter(app: Flask) -> Limiter:
    storage = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
    options: dict[str, Any] = {}
    if storage.startswith(("redis://", "rediss://")):
        options = redis_options(app.config, storage)
    limiter = Limiter(
        owner_key,
        storage_uri=storage,
        storage_options=options,
        application_limits=[
            ApplicationLimit(_owner_limit, key_function=owner_key, scope="owner"),
            ApplicationLimit(_address_limit, key_function=address_key, scope="address"),
        ],
        headers_enabled=True,
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        strategy="fixed-window",
        enabled=app.config.get("RATELIMIT_ENABLED", True),
        key_prefix="japaguide",
    )
    limiter.request_filter(_exempt)
    limiter.init_app(app)
    _pipeline_window_reads(limiter)
    app.extensions["limiter"] = limiter
    return limiter


def apply_scopes(app: Flask, limiter: Limiter) -> None:
    """Apply the named scopes views declared with :func:`limit_scope`.

    Each scope has an owner limit (``RATELIMIT_<SCOPE>``) and an address cap
    (``RATELIMIT_<SCOPE>_PER_ADDRESS``), both reserved before the view runs.
    """

    def enabled() -> bool:
        return bool(limiter.enabled) and not _exempt()

    for endpoint, view in list(app.view_functions.items()):
        for scope, refund_when, key_func in getattr(view, LIMIT_SCOPES_ATTR, []):
            prefix = f"RATELIMIT_{scope.upper()}"
            limits = []
            if app.config.get(prefix):
                limits.append(CostlyLimit(_config_value(prefix), key_func or owner_key, scope))
            if app.config.get(f"{prefix}_PER_ADDRESS"):
                limits.append(
                    CostlyLimit(
                        _config_value(f"{prefix}_PER_ADDRESS"), address_key, f"{scope}-address"
                    )
                )
            if limits:
                app.view_functions[endpoint] = reserving(
                    app.view_functions[endpoint],
                    lambda: limiter.storage,
                    limits,
                    refund_when,
                    enabled,
                )


def _config_value(key: str) -> Callable[[], str]:
    return lambda: current_app.config[key]
