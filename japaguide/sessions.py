"""Server-side sessions (Flask-Session): Redis in production, the database by default.

Both interfaces are Flask-Session's own machinery (signing, serialisation, regeneration,
cookie handling); we only supply storage that survives two apps in one process (our migrated
``server_sessions`` table) and a Redis interface that degrades instead of failing every
cookie-carrying request when Redis is down.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import redis
from flask import Flask
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from flask_session.redis import RedisSessionInterface
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from japaguide.database import utcnow
from japaguide.extensions import db

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
        from japaguide.models import ServerSession

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


class ResilientRedisSessionInterface(RedisSessionInterface):
    """Redis sessions that degrade to a fresh, unsaved session while Redis is unreachable.

    The request still succeeds (catalogue reads, anonymous calculations); the client keeps its
    cookie, and its session is found again once Redis is back.
    """

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        try:
            return super()._retrieve_session_data(store_id)
        except redis.RedisError as exc:
            log.warning("session store unavailable, using a temporary session: %s", exc)
            return None

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        try:
            super()._upsert_session(session_lifetime, session, store_id)
        except redis.RedisError as exc:
            log.warning("session store unavailable, session not saved: %s", exc)
            session.store_failed = True  # type: ignore[attr-defined]

    def should_set_cookie(self, app: Flask, session: Any) -> bool:
        """Keep the client's old cookie when its new session could not be stored."""
        if getattr(session, "store_failed", False):
            return False
        return super().should_set_cookie(app, session)

    def _delete_session(self, store_id: str) -> None:
        try:
            super()._delete_session(store_id)
        except redis.RedisError as exc:
            log.warning("session store unavailable, session not deleted: %s", exc)


def redis_client(app: Flask) -> redis.Redis | None:
    """One Redis client per app, with short timeouts (a partitioned Redis must fail fast)."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get("japaguide.redis")
    if client is None:
        timeout = app.config["REDIS_SOCKET_TIMEOUT"]
        client = redis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            health_check_interval=30,
        )
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
