"""Per-request counters for ``make bench``: SQL statements and Redis round trips as headers.

Enabled only when ``JAPAGUIDE_BENCH_COUNTERS=1`` (the benchmark sets it on the server it
starts); off, nothing here is installed and no request pays for it. On, every response carries
``X-Bench-SQL`` (statements sent to the database) and ``X-Bench-Redis`` (commands or pipelines
sent to Redis, i.e. round trips) for the request that produced it, counted from the moment the
WSGI call starts, so the session read that happens before any ``before_request`` counts too.

A gthread worker serves one request per thread at a time, so thread-local counters are exact.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

ENV_FLAG = "JAPAGUIDE_BENCH_COUNTERS"
SQL_HEADER = "X-Bench-SQL"
REDIS_HEADER = "X-Bench-Redis"

_counts = threading.local()
_installed = False


def enabled() -> bool:
    return os.environ.get(ENV_FLAG, "").strip().lower() in {"1", "true", "yes", "on"}


def _reset() -> None:
    _counts.sql = 0
    _counts.redis = 0


def _bump(name: str) -> None:
    setattr(_counts, name, getattr(_counts, name, 0) + 1)


def _count_statement(*_args: Any, **_kwargs: Any) -> None:
    _bump("sql")


def _patch_redis() -> None:
    """Count every packed send: one command, or one whole pipeline, is one round trip."""
    from redis.connection import AbstractConnection

    original = AbstractConnection.send_packed_command

    def send_packed_command(self: Any, command: Any, check_health: bool = True) -> Any:
        _bump("redis")
        return original(self, command, check_health)

    AbstractConnection.send_packed_command = send_packed_command  # type: ignore[method-assign]


class CountingMiddleware:
    """Reset the counters when a request starts; report them when its headers go out."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        _reset()

        def counted_start_response(status: str, headers: list, exc_info: Any = None) -> Any:
            headers = [
                *headers,
                (SQL_HEADER, str(getattr(_counts, "sql", 0))),
                (REDIS_HEADER, str(getattr(_counts, "redis", 0))),
            ]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, counted_start_response)


def install(app: Flask) -> None:
    """Wire the counters into ``app`` when the benchmark asked for them."""
    global _installed
    if not enabled():
        return
    if not _installed:
        event.listen(Engine, "before_cursor_execute", _count_statement)
        _patch_redis()
        _installed = True
    app.wsgi_app = CountingMiddleware(app.wsgi_app)  # type: ignore[method-assign]
