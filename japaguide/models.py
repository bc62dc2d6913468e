"""The host's own tables: users, anonymous sessions, server-side session storage, job runs.

Feature tables live in their plugins; these are the ones identity, sessions and jobs need
whatever plugins are loaded.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.database import ONE_LINE, JSONDict, UTCDateTime, utcnow
from japaguide.extensions import Model


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class User(TimestampMixin, Model):
    """An optional account. Nothing in the product requires one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    bio: Mapped[str] = mapped_column(Text, default="", nullable=False)
    country_of_origin: Mapped[str] = mapped_column(String(3), default="", nullable=False)
    current_country: Mapped[str] = mapped_column(String(3), default="", nullable=False)
    avatar: Mapped[str | None] = mapped_column(Text, info=ONE_LINE)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_anonymous_converted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Monetisation hooks (brief §16): infrastructure only.
    plan_type: Mapped[str] = mapped_column(String(20), default="free", nullable=False)
    plan_expiry: Mapped[date | None] = mapped_column(Date)
    ai_credits_remaining: Mapped[int] = mapped_column(Integer, default=10, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class AnonymousSession(Model):
    """The server's record of an anonymous owner id.

    The id lives *inside* the server-side session (not the session id, which is regenerated on
    login against fixation). The record outlives the session store (Redis keys expire) so that
    expired owners' rows can be purged and conversion measured.
    """

    __tablename__ = "anonymous_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ServerSession(Model):
    """Flask-Session storage on the database (the embedded default; Redis in production).

    Our own model (migrated by Alembic) instead of Flask-Session's, which defines its table at
    runtime, outside the migrations, and breaks when a second app is created in one process.
    """

    __tablename__ = "server_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    expiry: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


class JobRun(Model):
    """The recorded outcome of one background job run (inline or on an RQ worker)."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    args: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="queued", nullable=False)
    mode: Mapped[str] = mapped_column(String(10), default="inline", nullable=False)
    result: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    error: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RevokedToken(Model):
    """JWT ids revoked by logout or spent by refresh rotation; checked by the blocklist loader."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RevokedTokenFamily(Model):
    """Token families revoked at once: every token descended from one login.

    Each login starts a family (the ``fam`` claim of its access and refresh tokens, kept through
    refresh rotation). Logout revokes the family, and so does presenting a refresh token that
    was already used: a replayed refresh token means it was copied, so the thief's and the
    owner's tokens stop together. ``expires_at`` is when the last token of the family expires.
    """

    __tablename__ = "revoked_token_families"

    family_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20), default="logout", nullable=False)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UsageCounter(Model):
    """API calls per day, endpoint and owner kind (brief §16), flushed from cheap increments."""

    __tablename__ = "usage_counters"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(120), primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
