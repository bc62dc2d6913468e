"""The e-mail that carries a session link, sent by a job (``session.send_link_mail``).

Why a job: an SMTP exchange can take seconds or fail for a while; on RQ the job is retried
(``JOBS_RETRY_INTERVALS``) and the request that asked for the link never waits on it. The job
receives the link's id, not its token: the token is signed when the mail is written, so it
is never stored in the queue or in ``job_runs``.

The link opens the frontend's restore page (``FRONTEND_BASE_URL`` + ``/restore?token=…``),
which previews and confirms through the API; the API's own restore URL stands beside it for
clients without that page. Without ``FRONTEND_BASE_URL`` only the API URL is sent.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import current_app

from japaguide import database
from japaguide.extensions import db
from japaguide.mail import send_mail
from plugins.session.links import sign_session_link
from plugins.session.models import SessionLink

SEND_LINK_MAIL_JOB = "session.send_link_mail"
FRONTEND_RESTORE_PATH = "/restore"
API_RESTORE_PATH = "/api/v1/session/restore/"
SUBJECT = "Your Japaguide session link"


def restore_urls(token: str) -> dict[str, str | None]:
    """Where a token is opened: the frontend's page (if configured) and the API endpoint."""
    config = current_app.config
    query = f"?token={quote(token)}"
    frontend = (config.get("FRONTEND_BASE_URL") or "").rstrip("/")
    return {
        "frontend": f"{frontend}{FRONTEND_RESTORE_PATH}{query}" if frontend else None,
        "api": f"{config['PUBLIC_BASE_URL'].rstrip('/')}{API_RESTORE_PATH}{query}",
    }


def link_mail_body(token: str) -> str:
    urls = restore_urls(token)
    hours = current_app.config["SESSION_LINK_TTL_HOURS"]
    opening = (
        f"{urls['frontend']}\n\n(For apps and scripts, the same link on the API: {urls['api']})"
        if urls["frontend"]
        else f"{urls['api']}"
    )
    return (
        "Your Japaguide plans are waiting for you.\n\n"
        "Open this link on any device to pick up where you left off:\n"
        f"{opening}\n\n"
        f"The link works once, within {hours} hours. Before anything changes you will be asked "
        "to confirm; if that browser already holds plans of its own, choose to merge so you "
        "keep them.\n\n"
        "If you did not ask for this link, ignore this e-mail and do not open it: it holds "
        "someone else's session.\n\n"
        "Create a free account to keep everything for good; your roadmaps, estimates and "
        "chats come with you.\n"
    )


def send_link_mail(link_id: str, email: str) -> dict[str, Any]:
    """Mail link ``link_id`` to ``email``, unless it can no longer be used (then skip).

    Safe to run twice (jobs run at least once): a second mail carries a token for the same
    single-use link.
    """
    link = db.session.get(SessionLink, link_id)
    if link is None or link.used_at is not None or link.expires_at <= database.utcnow():
        return {"skipped": "link no longer usable"}
    where = send_mail(email, SUBJECT, link_mail_body(sign_session_link(link)))
    return {"sent": "smtp" if where == "smtp" else "outbox"}
