"""Server-side sessions (Flask-Session): Redis in production, the database by default.

Both interfaces are Flask-Session's own machinery (signing, serialisation, regeneration,
cookie handling); we only supply storage that survives two apps in one process (our migrated
``server_sessions`` table) and a Redis interface that, when Redis is down or hung, neither fails
every cookie-carrying request nor hands out an anonymous owner it cannot keep.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import redis
from flask import Flask
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from flask_session.redis import RedisSessionInterface
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from japaguide.database import utcnow
from japaguide.extensions import db
from japaguide.models import ServerSession
from japaguide.redis_guard import guarded_connection_class

log = logging.getLogger(__name__)


class DatabaseSessionInterface(ServerSideSessionInterface):
    """Sessions stored in the ``server_sessions`` table (embedded default)."""

    serializer_format = "msgpack"
    ttl = False

    def __init__(self, app: Flask) -> None:
        super().__init__(
            app,
            key_prefix=app.config["SESSION_KEY_PREFIX"],
            use_signer=False,
            permanent=True,
            sid_length=32,
            serialization_format="msgpack",
            cleanup_n_requests=None,
        )

    def _model(self) -> Any:

        return ServerSession

    def save_session(self, app: Flask, session: ServerSideSession, response: Any) -> None:
        """Save, unless the database is down: then the response (already a 503 problem when a
        view needed the database) goes out rather than a crash while saving."""
        try:
            super().save_session(app, session, response)
        except OperationalError as exc:
            db.session.rollback()
            log.error("session not saved, the database is unavailable: %s", exc.orig)

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        model = self._model()
        record = db.session.scalar(select(model).where(model.session_id == store_id))
        if record is None or record.expiry <= utcnow():
            return None
        return self.serializer.decode(bytes(record.data))

    def _delete_session(self, store_id: str) -> None:
        model = self._model()
        db.session.execute(delete(model).where(model.session_id == store_id))
        db.session.commit()

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        model = self._model()
        data = self.serializer.encode(session)
        expiry = utcnow() + session_lifetime
        record = db.session.scalar(select(model).where(model.session_id == store_id))
        if record is None:
            db.session.add(model(session_id=store_id, data=data, expiry=expiry))
        else:
            record.data = data
            record.expiry = expiry
        db.session.commit()

    def _delete_expired_sessions(self) -> None:
        model = self._model()
        db.session.execute(delete(model).where(model.expiry <= utcnow()))
        db.session.commit()


class SessionStoreUnavailable(RuntimeError):
    """The session store cannot keep this client's session right now (Redis down or hung)."""


class ResilientRedisSessionInterface(RedisSessionInterface):
    """Redis sessions that never hand out an owner Redis cannot keep.

    While Redis is unreachable a request still gets a (temporary, empty) session, so catalogue
    reads keep working; that session is marked ``store_unavailable`` and is never saved, and
    the client's cookie is left alone, so its real session is found again once Redis is back.
    :mod:`japaguide.identity` refuses anonymous writes on such a session (503): their owner
    could not be found again. A new anonymous session is stored *before* anything is keyed on
    it (:func:`store_session_now`), so a 2xx write always has an owner that Redis kept.
    """

    def open_session(self, app: Flask, request: Any) -> ServerSideSession:
        try:
            return super().open_session(app, request)
        except redis.RedisError as exc:
            log.warning("session store unavailable, using a temporary session: %s", exc)
            session = self.session_class(
                sid=self._generate_sid(self.sid_length), permanent=self.permanent
            )
            session.store_unavailable = True
            return session

    def save_session(self, app: Flask, session: ServerSideSession, response: Any) -> None:
        """Leave storage and the client's cookie alone when the session could not be kept."""
        if getattr(session, "store_unavailable", False):
            return
        super().save_session(app, session, response)

    def store_now(self, app: Flask, session: ServerSideSession) -> None:
        """Store ``session`` now, not after the view; :class:`SessionStoreUnavailable` if not."""
        try:
            super()._upsert_session(
                app.permanent_session_lifetime, session, self._get_store_id(session.sid)
            )
        except redis.RedisError as exc:
            raise SessionStoreUnavailable(str(exc)) from exc
        session.stored_early = True

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        try:
            super()._upsert_session(session_lifetime, session, store_id)
        except redis.RedisError as exc:
            log.warning("session store unavailable, session not saved: %s", exc)
            session.store_failed = True

    def should_set_cookie(self, app: Flask, session: Any) -> bool:
        """Keep the client's old cookie when its session could not be stored.

        A session stored early (a new anonymous owner) already holds everything the cookie
        must point at, so its cookie is set even if the final refresh failed.
        """
        if getattr(session, "store_failed", False) and not getattr(session, "stored_early", False):
            return False
        return super().should_set_cookie(app, session)

    def _delete_session(self, store_id: str) -> None:
        try:
            super()._delete_session(store_id)
        except redis.RedisError as exc:
            log.warning("session store unavailable, session not deleted: %s", exc)


def session_unavailable(session: Any) -> bool:
    """True when this request's session could not be read from its store."""
    return bool(getattr(session, "store_unavailable", False))


def store_session_now(app: Flask, session: Any) -> None:
    """Make sure ``session`` is stored before data is keyed on it.

    Redis sessions are written at once (raising :class:`SessionStoreUnavailable` if Redis
    cannot take them). Database sessions need nothing: they are saved in the same database as
    the data, and a database that is down fails the write itself.
    """
    interface = app.session_interface
    if isinstance(interface, ResilientRedisSessionInterface):
        interface.store_now(app, session)


def redis_options(config: Any, url: str | None) -> dict[str, Any]:
    """Client options for every Redis connection the app makes to ``url`` (sessions, cache,
    limits, RQ).

    redis-py has no timeouts by default and retries a failed command three times with up to
    seconds of backoff, so a hung Redis would hold every request for seconds. Short socket
    timeouts and a single immediate retry make a hung Redis cost a command two timeouts (tens
    of milliseconds). The retry covers a pooled connection left broken by a Redis restart and
    a one-off stall of a busy host; a retried command may run twice, which only ever errs
    strict (a limit counted twice) or is harmless (sets, idempotent jobs). (RQ's worker raises
    the read timeout of its own connection above its blocking dequeue wait.) A request that
    has met a hung Redis once skips it for the rest of the request
    (:mod:`japaguide.redis_guard`), so it pays one timeout, not one per client.
    """
    options: dict[str, Any] = {
        "socket_timeout": config["REDIS_SOCKET_TIMEOUT"],
        "socket_connect_timeout": config["REDIS_CONNECT_TIMEOUT"],
        "retry": Retry(
            NoBackoff(), 1, supported_errors=(redis.ConnectionError, redis.TimeoutError)
        ),
        "health_check_interval": 30,
    }
    connection_class = guarded_connection_class(url)
    if connection_class is not None:
        options["connection_class"] = connection_class
    return options


def redis_client(app: Flask) -> redis.Redis | None:
    """One Redis client per app, with short timeouts (a partitioned Redis must fail fast)."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get("japaguide.redis")
    if client is None:
        client = redis.Redis.from_url(url, **redis_options(app.config, url))
        app.extensions["japaguide.redis"] = client
    return client


def init_sessions(app: Flask) -> None:
    client = redis_client(app)
    if client is not None:
        app.session_interface = ResilientRedisSessionInterface(
            app,
            client=client,
            key_prefix=app.config["SESSION_KEY_PREFIX"],
            use_signer=False,
            permanent=True,
            sid_length=32,
            serialization_format="msgpack",
        )
    else:
        app.session_interface = DatabaseSessionInterface(app)
