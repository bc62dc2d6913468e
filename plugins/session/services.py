"""Session status, save and cleanup, on top of the host's identity service."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from flask import current_app, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from japaguide.database import utcnow
from japaguide.errors import APIError
from japaguide.extensions import db
from japaguide.identity import (
    ANON_KEY,
    Owner,
    count_owned,
    purge_expired_sessions,
    touch_anonymous_session,
)
from japaguide.models import AnonymousSession
from japaguide.schemas import camelize


def session_status(owner: Owner) -> dict[str, Any]:
    """What the owner has and, when anonymous, when it expires."""
    from japaguide.models import User

    status: dict[str, Any] = {
        "is_anonymous": owner.is_anonymous,
        "session_started": owner.kind != "none",
        "created_at": None,
        "expires_at": None,
        "expires_in_days": None,
        "saved_at": None,
        # Kind names are keys the frontend reads: camelCase like every other key.
        "counts": {camelize(kind): n for kind, n in count_owned(owner).items()}
        if owner.kind != "none"
        else {},
    }
    if owner.user_id is not None:
        user = db.session.get(User, owner.user_id)
        status["created_at"] = user.created_at if user else None
    elif owner.anon_id:
        record = db.session.get(AnonymousSession, owner.anon_id)
        if record is not None:
            status.update(
                created_at=record.created_at,
                expires_at=record.expires_at,
                expires_in_days=days_until(record.expires_at),
                saved_at=record.saved_at,
            )
    return status


def days_until(moment: datetime, now: datetime | None = None) -> int:
    """Whole days left (rounded up, never negative): 30 right after a save."""
    seconds = (moment - (now or utcnow())).total_seconds()
    return max(0, math.ceil(seconds / 86400))


def save_session(owner: Owner) -> dict[str, Any]:
    """Extend an anonymous session to a fresh lifetime and remember that it was saved."""
    if owner.anon_id:
        touch_anonymous_session(owner, extend=True)
        record = db.session.get(AnonymousSession, owner.anon_id)
        if record is not None:
            record.saved_at = utcnow()
            db.session.commit()
    return session_status(owner)


def cleanup_expired_sessions() -> dict[str, int]:
    """Delete owned rows of anonymous sessions that expired (job and CLI)."""
    return purge_expired_sessions()


# ----------------------------------------------------------------- e-mailed session links

SESSION_LINK_SALT = "japaguide.session-link"


def _link_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SESSION_LINK_SALT)


def make_session_link_token(anon_id: str) -> str:
    return _link_serializer().dumps({"anon": anon_id})


def read_session_link_token(token: str) -> str:
    """The anonymous id a link restores; expired, tampered or purged links are refused."""
    max_age = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    try:
        data = _link_serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise APIError(
            400, "This session link has expired.", fields={"token": ["Expired."]}
        ) from exc
    except BadSignature as exc:
        raise APIError(
            400, "This session link is not valid.", fields={"token": ["Invalid."]}
        ) from exc
    anon_id = data.get("anon") if isinstance(data, dict) else None
    record = db.session.get(AnonymousSession, anon_id) if anon_id else None
    if record is None or record.purged_at is not None or record.claimed_at is not None:
        raise APIError(
            400,
            "This session no longer exists or was already claimed.",
            fields={"token": ["Session gone."]},
        )
    return anon_id


def email_session_link(owner: Owner, email: str) -> dict[str, Any]:
    """E-mail a signed, expiring link that restores this anonymous session elsewhere."""
    from japaguide.mail import send_mail
    from japaguide.transactions import release_connection

    if not owner.anon_id:
        raise APIError(400, "Only an anonymous session can be e-mailed; you are signed in.")
    record = db.session.get(AnonymousSession, owner.anon_id)
    token = make_session_link_token(owner.anon_id)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    link = f"{base}/api/v1/session/restore/?token={token}"
    days = days_until(record.expires_at) if record else current_app.config["SESSION_LIFETIME_DAYS"]
    body = (
        "Your Japaguide plans are waiting for you.\n\n"
        f"Open this link on any device to pick up where you left off:\n{link}\n\n"
        f"The link works for {days} days. Create a free account to keep everything for good; "
        "your roadmaps, estimates and chats come with you.\n"
    )
    release_connection()  # an SMTP exchange can take seconds: no connection waits with it
    send_mail(email, "Your Japaguide session link", body)
    if record is not None:
        record.email_sent_at = utcnow()  # reloads the record in a new, short transaction
        db.session.commit()
    return {"sent": True, "expires_in_days": days}


def restore_session(token: str) -> Owner:
    """Point this browser's session at the anonymous owner of a link (another device)."""
    anon_id = read_session_link_token(token)
    if session:
        current_app.session_interface.regenerate(session)
    session[ANON_KEY] = anon_id
    session.permanent = True
    return Owner(anon_id=anon_id)
