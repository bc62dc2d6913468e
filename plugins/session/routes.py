"""Session endpoints: ``GET /session/status/``, ``POST /session/save/``."""

from __future__ import annotations

from typing import Any

from japaguide.api import Blueprint
from japaguide.identity import current_owner, require_owner
from plugins.session import services
from plugins.session.schemas import (
    EmailLinkResultSchema,
    EmailLinkSchema,
    RestoreQuerySchema,
    SessionStatusSchema,
)


def make_blueprint() -> Blueprint:
    bp = Blueprint("session", __name__, description="Anonymous session management")

    @bp.route("/status/", methods=["GET"])
    @bp.response(200, SessionStatusSchema)
    def status() -> Any:
        """Session status: anonymous or not, expiry, and what it holds per kind.

        A plain read: it never creates or refreshes a session.
        """
        return services.session_status(current_owner())

    @bp.route("/save/", methods=["POST"])
    @bp.response(200, SessionStatusSchema)
    def save() -> Any:
        """Keep this anonymous session for a fresh 30 days (creates one if needed)."""
        return services.save_session(require_owner())

    @bp.route("/email/", methods=["POST"])
    @bp.body(EmailLinkSchema)
    @bp.response(200, EmailLinkResultSchema)
    def email(data: dict[str, Any]) -> Any:
        """E-mail a signed, expiring link that restores this session on another device."""
        return services.email_session_link(require_owner(), data["email"])

    @bp.route("/restore/", methods=["GET"])
    @bp.arguments(RestoreQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, SessionStatusSchema)
    def restore(token: str) -> Any:
        """Open an e-mailed link: this browser continues that anonymous session."""
        return services.session_status(services.restore_session(token))

    return bp
