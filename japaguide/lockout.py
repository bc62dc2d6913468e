"""Lockouts: count failures per key in a window and lock the key once there are too many.

Sign-in attempts need a counter every web process sees, so it lives in the rate limiter's
storage (Redis when configured, in-process otherwise), not in the database or a process-local
dict. Flask-Limiter's own limits cannot express "count only the failures, then lock for a
while", and its request filter leaves non-API pages such as ``/admin/login/`` alone, so this
module drives the same ``limits`` storage directly. If Redis fails, counting moves to an
in-process store for that process: weaker across processes, but never no limit and never a 500.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from limits.storage import MemoryStorage, Storage, storage_from_string

log = logging.getLogger(__name__)

EXTENSION_KEY = "japaguide.lockout_storage"
KEY_PREFIX = "japaguide:lockout"


@dataclass(frozen=True)
class LockoutPolicy:
    """``max_failures`` within ``window_seconds`` lock the key for ``lock_seconds``."""

    scope: str
    max_failures: int
    window_seconds: int
    lock_seconds: int


class _Store:
    """The configured storage with an in-process fallback while it is unreachable.

    After a failure the fallback is used for ``RETRY_SECONDS`` before the primary is tried
    again, so a partitioned Redis costs one timeout, not one per call.
    """

    RETRY_SECONDS = 30

    def __init__(self, primary: Storage) -> None:
        self.primary = primary
        self.fallback = MemoryStorage() if not isinstance(primary, MemoryStorage) else primary
        self._primary_dead_until = 0.0

    def call(self, method: str, *args: Any) -> Any:
        if time.monotonic() >= self._primary_dead_until:
            try:
                return getattr(self.primary, method)(*args)
            except Exception as exc:  # noqa: BLE001 - any storage failure degrades the same way
                log.warning("lockout storage unavailable, counting in-process: %s", exc)
                self._primary_dead_until = time.monotonic() + self.RETRY_SECONDS
        return getattr(self.fallback, method)(*args)


def _store(app: Flask) -> _Store:
    store = app.extensions.get(EXTENSION_KEY)
    if store is None:
        # The same URI the rate limiter uses (japaguide/ratelimit.py).
        uri = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
        options: dict[str, Any] = {}
        if uri.startswith(("redis://", "rediss://")):
            timeout = app.config["REDIS_SOCKET_TIMEOUT"]
            options = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
        storage = storage_from_string(uri, **options)
        assert isinstance(storage, Storage)  # a sync URI: never an asyncio storage
        store = _Store(storage)
        app.extensions[EXTENSION_KEY] = store
    return store


def _keys(policy: LockoutPolicy, subject: str) -> tuple[str, str]:
    # Hashed so that e-mail addresses are not written to Redis in clear.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    base = f"{KEY_PREFIX}:{policy.scope}:{digest}"
    return f"{base}:failures", f"{base}:locked"


def locked_for(policy: LockoutPolicy, subject: str) -> int | None:
    """Seconds left on the subject's lock, or None when it is not locked."""
    _failures, locked = _keys(policy, subject)
    store = _store(current_app)
    if not store.call("get", locked):
        return None
    remaining = store.call("get_expiry", locked) - time.time()
    return max(1, math.ceil(remaining))


def record_failure(policy: LockoutPolicy, subject: str) -> bool:
    """Count one failure; lock the subject when it reaches the limit. True if now locked."""
    failures, locked = _keys(policy, subject)
    store = _store(current_app)
    count = store.call("incr", failures, policy.window_seconds)
    if count < policy.max_failures:
        return False
    store.call("incr", locked, policy.lock_seconds)
    store.call("clear", failures)
    return True


def clear_failures(policy: LockoutPolicy, subject: str) -> None:
    """Forget the subject's failures (after a success); an existing lock stays."""
    failures, _locked = _keys(policy, subject)
    _store(current_app).call("clear", failures)
