"""Session endpoints: ``GET /session/status/``, ``POST /session/save/``."""

from __future__ import annotations

from typing import Any

from japaguide.api import Blueprint
from japaguide.identity import current_owner, require_owner
from plugins.session import services
from plugins.session.schemas import SessionStatusSchema


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

    return bp
