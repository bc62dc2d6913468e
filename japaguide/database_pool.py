"""How many PostgreSQL connections each process may hold, and for how long a statement may run.

Sizing rule: every gunicorn thread needs at most one connection at a time, so a process's pool
(``DATABASE_POOL_SIZE`` kept open + ``DATABASE_MAX_OVERFLOW`` opened on demand) covers its
``GUNICORN_THREADS`` and no request ever queues for a connection. The steady pool is the
thread count (no overflow by default): under load every thread holds a connection at times,
and an overflow connection is closed on return, so a smaller steady pool meant opening a fresh
PostgreSQL connection (and waiting for it) on a busy request. Across the deployment,
``GUNICORN_WORKERS × (pool size + overflow)`` plus the RQ workers must stay below PostgreSQL's
``max_connections`` (100 by default): 2 × 32 = 64 with the defaults.

Liveness: a pooled connection that sat idle for ``PING_AFTER_IDLE_SECONDS`` is pinged when it is
checked out, and replaced if PostgreSQL dropped it (a restart, a failover, an idle timeout of a
proxy in between). SQLAlchemy's ``pool_pre_ping`` pings on every checkout, which is one extra
round trip on every request (a fifth of ``GET /health``'s CPU in ``make bench``); under load
connections come back within milliseconds, and a connection that dies while in use fails its
statement either way (a 503, and SQLAlchemy then retires every connection of the pool that is
older than the failure).

SQLite keeps SQLAlchemy's own defaults: it has no server to run out of connections or to lose.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

from japaguide.settings import Settings, load_settings

#: A connection returned longer ago than this is pinged before it is handed out again.
PING_AFTER_IDLE_SECONDS = 10.0
_RETURNED_AT = "japaguide.returned_at"

#: gunicorn.conf.py's default for GUNICORN_THREADS; the pool is derived from the same variable.
DEFAULT_GUNICORN_THREADS = 32
MIN_POOL_SIZE = 5
DEFAULT_POOL_TIMEOUT_SECONDS = 10
#: Below gunicorn's 60 s worker timeout, so a runaway query fails before the worker is killed.
DEFAULT_STATEMENT_TIMEOUT_MS = 30_000


def database_settings(settings: Settings | None = None) -> dict[str, int]:
    """The pool settings (from the environment unless given), defaults from GUNICORN_THREADS."""
    settings = settings or load_settings()
    threads = max(1, settings.GUNICORN_THREADS)
    # The steady pool is the threads: every thread finds a kept-open connection, so none waits
    # for one nor pays a fresh PostgreSQL connection (overflow ones are closed when returned).
    pool_size = settings.DATABASE_POOL_SIZE
    if pool_size is None:
        pool_size = threads
    overflow = settings.DATABASE_MAX_OVERFLOW
    if overflow is None:
        overflow = max(0, threads - pool_size)
    return {
        "DATABASE_POOL_SIZE": pool_size,
        "DATABASE_MAX_OVERFLOW": overflow,
        "DATABASE_POOL_TIMEOUT": settings.DATABASE_POOL_TIMEOUT,
        "DATABASE_STATEMENT_TIMEOUT_MS": settings.DATABASE_STATEMENT_TIMEOUT_MS,
        "DATABASE_CONNECT_TIMEOUT": settings.DATABASE_CONNECT_TIMEOUT,
    }


def engine_options(config: dict[str, Any]) -> dict[str, Any]:
    """``SQLALCHEMY_ENGINE_OPTIONS`` for ``config``: pool and timeouts on PostgreSQL only.

    Options already present in the config (set by a deployment or a test) win over the derived
    ones; connect arguments are merged key by key.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return options
    options.setdefault("pool_size", config.get("DATABASE_POOL_SIZE", MIN_POOL_SIZE))
    options.setdefault("max_overflow", config.get("DATABASE_MAX_OVERFLOW", 0))
    options.setdefault(
        "pool_timeout", config.get("DATABASE_POOL_TIMEOUT", DEFAULT_POOL_TIMEOUT_SECONDS)
    )
    connect_args = {"connect_timeout": config.get("DATABASE_CONNECT_TIMEOUT", 5)}
    statement_timeout = config.get("DATABASE_STATEMENT_TIMEOUT_MS", DEFAULT_STATEMENT_TIMEOUT_MS)
    if statement_timeout:
        connect_args["options"] = f"-c statement_timeout={int(statement_timeout)}"
    options["connect_args"] = {**connect_args, **(options.get("connect_args") or {})}
    return options


def install_idle_ping(engine: Engine, idle_seconds: float | None = None) -> None:
    """Ping a connection at checkout only when it has been idle ``idle_seconds`` or more
    (default: :data:`PING_AFTER_IDLE_SECONDS`, read at each checkout).

    The ping is the dialect's own (psycopg's runs outside any transaction); a ping that fails
    with a disconnect raises ``DisconnectionError``, on which the pool discards the connection
    and checks out another (SQLAlchemy's documented custom-ping protocol).
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _handed_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        limit = PING_AFTER_IDLE_SECONDS if idle_seconds is None else idle_seconds
        if returned_at is None or time.monotonic() - returned_at < limit:
            return  # fresh from connect(), or back in the pool a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError(f"dropped while idle: {error}") from error
            raise
