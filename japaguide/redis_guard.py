"""A request that has met a hung or unreachable Redis stops asking it until the request ends.

One request talks to Redis through several clients (the session store, Flask-Caching, the
limiter's storage, the page cache), up to ten round trips for a cached page. With short socket
timeouts each one still waits for its timeout, so a frozen Redis used to cost a request about a
second — enough to tie up every gunicorn thread. The connection classes here remember, in the
request's WSGI environ, that Redis already failed during this request; every later command of
the same request fails at once with redis-py's own ``ConnectionError``, so every existing
``except redis.RedisError`` (and Flask-Limiter's and Flask-Caching's own handling) treats it as
the outage it is, without a second wait.

The memory is per request, never per process: a single stall of a busy Redis costs that one
request, and the next request tries Redis afresh (no breaker state to trip or reset across
threads). Outside a request (``flask worker``, CLI commands) nothing is remembered, so a
long-lived worker is never cut off from Redis by one timeout.
"""

from __future__ import annotations

from typing import Any

import redis
from flask import has_request_context, request

#: Key in the WSGI environ of a request that has seen Redis fail.
FAILED_KEY = "japaguide.redis_failed"

#: What makes Redis count as failed for the rest of the request. Opening a connection: refused,
#: unreachable or timed out. On an open connection only a timeout (a hung Redis): a reset or
#: closed pooled connection left over from a Redis restart is what redis-py's one retry, on a
#: fresh connection, is for, and a ``ResponseError`` is an answer, not an outage.
_CONNECT_OUTAGES = (redis.ConnectionError, redis.TimeoutError)
_OPEN_OUTAGES = (redis.TimeoutError,)


def redis_failed_in_this_request() -> bool:
    return has_request_context() and FAILED_KEY in request.environ


def _remember_failure(exc: Exception) -> None:
    if has_request_context():
        request.environ.setdefault(FAILED_KEY, f"{type(exc).__name__}: {exc}")


def _refuse_if_failed() -> None:
    """Fail at once, naming the first failure (what a log line of the request should say)."""
    if redis_failed_in_this_request():
        first = request.environ[FAILED_KEY]
        raise redis.ConnectionError(f"Redis already failed during this request ({first})")


class _RequestGuard:
    """Mixed into a redis-py connection class: refuse fast after a failure, remember failures."""

    def connect(self) -> None:
        _refuse_if_failed()
        try:
            super().connect()  # type: ignore[misc]
        except _CONNECT_OUTAGES as exc:
            _remember_failure(exc)
            raise

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        _refuse_if_failed()
        try:
            super().send_packed_command(command, check_health)  # type: ignore[misc]
        except _OPEN_OUTAGES as exc:
            _remember_failure(exc)
            raise

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().read_response(*args, **kwargs)  # type: ignore[misc]
        except _OPEN_OUTAGES as exc:
            _remember_failure(exc)
            raise


class GuardedConnection(_RequestGuard, redis.Connection):
    """``redis://``: a TCP connection with the per-request guard."""


class GuardedSSLConnection(_RequestGuard, redis.SSLConnection):
    """``rediss://``: a TLS connection with the per-request guard."""


def guarded_connection_class(url: str | None) -> type[redis.Connection] | None:
    """The guarded class for ``url``'s scheme; None (redis-py's own choice) for ``unix://``."""
    if not url:
        return None
    if url.startswith("rediss://"):
        return GuardedSSLConnection
    if url.startswith("redis://"):
        return GuardedConnection
    return None
