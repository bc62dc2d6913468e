"""E-mailed session links: issued, read and spent — once, within ``SESSION_LINK_TTL_HOURS``.

Why so strict: a link hands whoever opens it the session it names, and anyone can ask for a
link to be mailed to anyone. When links were reusable for 30 days and a plain GET switched the
opener into the link's session, an attacker could mail *their own* link to a victim and read
everything the victim did next. So a token is signed (itsdangerous) *and* names a server-side
record (its nonce): the record says when the link expires and whether it was used, and spending
it is one conditional UPDATE, so two concurrent uses cannot both succeed. What opening a link
does is decided elsewhere (``restore.py``), by an explicit POST.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, update

from japaguide import database
from japaguide.errors import Gone, NotFound
from japaguide.extensions import db
from japaguide.models import AnonymousSession
from plugins.session.models import SessionLink

SESSION_LINK_SALT = "japaguide.session-link"
NONCE_BYTES = 16  # 22 URL-safe characters: unguessable, and the signature guards it anyway


def link_ttl() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_LINK_TTL_HOURS"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SESSION_LINK_SALT)


def _invalid() -> NotFound:
    """404: a token we did not sign (forged, mistyped, truncated) names no link at all."""
    return NotFound(
        "This session link is not valid.",
        title="Invalid session link",
        problem="session-link-invalid",
        fields={"token": ["Invalid."]},
    )


def _gone(problem: str, detail: str, reason: str) -> Gone:
    """410: the link was real but can no longer be used (clients offer to send a new one)."""
    return Gone(
        detail,
        title="Session link no longer usable",
        problem=f"session-link-{problem}",
        fields={"token": reason},
    )


def _used() -> Gone:
    return _gone("used", "This session link was already used; each link works once.", "Used.")


def _expired() -> Gone:
    return _gone("expired", "This session link has expired; ask for a new one.", "Expired.")


def issue_session_link(anon_id: str) -> tuple[str, SessionLink]:
    """A new link for ``anon_id``: its token and its record (added, not committed)."""
    now = database.utcnow()
    link = SessionLink(
        id=secrets.token_urlsafe(NONCE_BYTES),
        anon_id=anon_id,
        created_at=now,
        expires_at=now + link_ttl(),
    )
    db.session.add(link)
    return sign_session_link(link), link


def sign_session_link(link: SessionLink) -> str:
    """The token for an issued ``link``: what the e-mail carries (signed, never stored)."""
    return _serializer().dumps({"anon": link.anon_id, "link": link.id})


def read_session_link(token: str) -> SessionLink:
    """The link a token names, while it can still be used.

    404 for a token we did not sign; 410 for one that is expired, used, from before links were
    recorded (those were reusable for 30 days, so they are refused), or whose session is gone.
    """
    try:
        data = _serializer().loads(token, max_age=link_ttl().total_seconds())
    except SignatureExpired as exc:
        raise _expired() from exc
    except BadSignature as exc:
        raise _invalid() from exc
    nonce = data.get("link") if isinstance(data, dict) else None
    link = db.session.get(SessionLink, nonce) if isinstance(nonce, str) else None
    if link is None or link.anon_id != data.get("anon"):
        raise _expired()
    if link.used_at is not None:
        raise _used()
    if link.expires_at <= database.utcnow():
        raise _expired()
    record = db.session.get(AnonymousSession, link.anon_id)
    if record is None or record.purged_at is not None or record.claimed_at is not None:
        raise _gone(
            "session-gone",
            "This session no longer exists or was already claimed into an account.",
            "Session gone.",
        )
    return link


def spend_session_link(link: SessionLink, how: str) -> None:
    """Mark ``link`` used, exactly once: a concurrent second use gets the 410.

    Not committed: it joins the caller's transaction, so a failed restore or claim leaves the
    link unspent.
    """
    result = db.session.execute(
        update(SessionLink)
        .where(SessionLink.id == link.id, SessionLink.used_at.is_(None))
        .values(used_at=database.utcnow(), used_how=how)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise _used()


def revoke_session_links(anon_id: str) -> None:
    """Spend every outstanding link of ``anon_id`` (its data moved away; no commit)."""
    db.session.execute(
        update(SessionLink)
        .where(SessionLink.anon_id == anon_id, SessionLink.used_at.is_(None))
        .values(used_at=database.utcnow(), used_how="revoked")
        .execution_options(synchronize_session=False)
    )


def redeem_session_link(token: str, how: str) -> str:
    """Read and spend a link in the caller's transaction; returns the session it opens."""
    link = read_session_link(token)
    spend_session_link(link, how)
    return link.anon_id


def delete_expired_links() -> int:
    """Drop the records of links past their expiry (the daily cleanup); returns how many."""
    result = db.session.execute(
        delete(SessionLink)
        .where(SessionLink.expires_at < database.utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0
