"""Hook implementations of the session plugin."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def register_jobs() -> dict[str, Any]:
    from plugins.session.mail import SEND_LINK_MAIL_JOB, send_link_mail
    from plugins.session.services import cleanup_expired_sessions

    return {
        "session.cleanup_expired": cleanup_expired_sessions,
        SEND_LINK_MAIL_JOB: send_link_mail,
    }


@hookimpl
def register_periodic_jobs() -> list[dict[str, Any]]:
    # Daily, at a quiet hour (UTC).
    return [{"job": "session.cleanup_expired", "cron": "15 3 * * *"}]
