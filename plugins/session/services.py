"""Session status, save, cleanup and e-mailed links, on top of the host's identity service.

Opening a link is in ``restore.py``; the link records themselves in ``links.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime
from typing import Any

from flask import current_app

from japaguide.database import utcnow
from japaguide.errors import Conflict
from japaguide.extensions import db
from japaguide.identity import (
    Owner,
    count_owned,
    purge_expired_sessions,
    touch_anonymous_session,
)
from japaguide.jobs import enqueue
from japaguide.models import AnonymousSession
from japaguide.schemas import camelize
from plugins.session.links import delete_expired_links, issue_session_link
from plugins.session.links import redeem_session_link as redeem_session_link  # public face
from plugins.session.mail import SEND_LINK_MAIL_JOB


def session_status(owner: Owner) -> dict[str, Any]:
    """What the owner has and, when anonymous, when it expires."""
    from japaguide.identity import require_readable_session
    from japaguide.models import User

    if owner.kind == "none":
        require_readable_session()  # an unreadable session is not "no session yet"
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
        touch_anonymous_session(owner, extend=True, force=True)
        record = db.session.get(AnonymousSession, owner.anon_id)
        if record is not None:
            record.saved_at = utcnow()
            db.session.commit()
    return session_status(owner)


def cleanup_expired_sessions() -> dict[str, int]:
    """Delete owned rows of anonymous sessions that expired, and expired link records (job, CLI).

    An expired link is refused with or without its record, so the record can go.
    """
    counts = purge_expired_sessions()
    counts["session_links"] = delete_expired_links()
    return counts


# ----------------------------------------------------------------- e-mailed session links


def recipient_fingerprint(email: str) -> str:
    """A keyed digest of a recipient address: what per-recipient limits count.

    Keyed with the secret so the limiter's storage never holds addresses, not even guessable
    hashes of them.
    """
    normalised = email.strip().lower().encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, normalised, hashlib.sha256).hexdigest()[:32]


def email_session_link(owner: Owner, email: str) -> dict[str, Any]:
    """E-mail a single-use, short-lived link that opens this anonymous session elsewhere.

    The answer is the same whoever the address belongs to: it never tells whether an account
    or earlier links exist for it.
    """
    if not owner.anon_id:
        # The caller's state (signed in) forbids it, not the request's form: a conflict.
        raise Conflict(
            "Only an anonymous session can be e-mailed; you are signed in.",
            title="Signed in",
            problem="session-email-signed-in",
        )
    record = db.session.get(AnonymousSession, owner.anon_id)
    _token, link = issue_session_link(owner.anon_id)
    days = days_until(record.expires_at) if record else current_app.config["SESSION_LIFETIME_DAYS"]
    link_expires_at = link.expires_at
    hours = current_app.config["SESSION_LINK_TTL_HOURS"]
    if record is not None:
        record.email_sent_at = utcnow()
    db.session.commit()  # the link exists before the job that mails it can run
    # The SMTP exchange can take seconds and fail: a job sends it, with the queue's retries.
    enqueue(SEND_LINK_MAIL_JOB, link.id, email, urgent=True)  # someone waits for it
    return {
        "sent": True,
        "expires_in_days": days,
        "link_expires_at": link_expires_at,
        "link_expires_in_hours": hours,
    }
