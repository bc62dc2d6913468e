"""Session status, save and cleanup, on top of the host's identity service."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from japaguide.database import utcnow
from japaguide.extensions import db
from japaguide.identity import Owner, count_owned, purge_expired_sessions, touch_anonymous_session


def session_status(owner: Owner) -> dict[str, Any]:
    """What the owner has and, when anonymous, when it expires."""
    from japaguide.models import AnonymousSession, User

    status: dict[str, Any] = {
        "is_anonymous": owner.is_anonymous,
        "session_started": owner.kind != "none",
        "created_at": None,
        "expires_at": None,
        "expires_in_days": None,
        "saved_at": None,
        "counts": count_owned(owner) if owner.kind != "none" else {},
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
    from japaguide.models import AnonymousSession

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
