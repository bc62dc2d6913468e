"""Session endpoints: status, save, e-mailed links and opening them (preview, then confirm)."""

from __future__ import annotations

from typing import Any

from flask import request

from japaguide.api import Blueprint
from japaguide.identity import current_owner, no_anonymous_session, require_owner
from japaguide.ratelimit import limit_scope
from japaguide.schemas import ProblemSchema
from plugins.session import restore, services
from plugins.session.schemas import (
    EmailLinkResultSchema,
    EmailLinkSchema,
    RestoreChoiceProblemSchema,
    RestorePreviewSchema,
    RestoreQuerySchema,
    RestoreResultSchema,
    RestoreSchema,
    SessionStatusSchema,
)

PROBLEM = "application/problem+json"
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


def recipient_key() -> str:
    """Per-recipient limits count the address a link is mailed to (empty: no address given).

    Every named recipient counts, whoever owns the address, so a 429 says nothing about it.
    """
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or "@" not in email:
        return ""
    return f"recipient:{services.recipient_fingerprint(email)}"


def _gone(bp: Blueprint) -> Any:
    return bp.alt_response(
        410,
        schema=ProblemSchema,
        content_type=PROBLEM,
        description="The link expired, was already used, or its session is gone.",
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
    @limit_scope("session_email")
    @limit_scope("session_email_per_recipient", key_func=recipient_key)
    @bp.body(EmailLinkSchema, example={"email": "ada@example.com"})
    @bp.response(200, EmailLinkResultSchema)
    @bp.alt_response(
        429,
        schema=ProblemSchema,
        content_type=PROBLEM,
        headers=RETRY_AFTER,
        description="Too many links from this session or address, or to this recipient.",
    )
    def email(data: dict[str, Any]) -> Any:
        """E-mail a single-use link (valid for SESSION_LINK_TTL_HOURS) to this session."""
        return services.email_session_link(require_owner(), data["email"])

    @bp.route("/restore/", methods=["GET"])
    @bp.arguments(RestoreQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, RestorePreviewSchema)
    @_gone(bp)
    def restore_preview(token: str) -> Any:
        """What opening an e-mailed link would do; changes nothing.

        Shows what the link holds, whether this browser holds data of its own, and the
        choices to send to ``POST /session/restore/``.
        """
        return restore.preview_restore(token, current_owner())

    @bp.route("/restore/", methods=["POST"])
    @no_anonymous_session  # the link brings its own owner: no throwaway one first
    @bp.body(
        RestoreSchema, example={"token": "the-token-from-the-e-mailed-link", "choice": "merge"}
    )
    @bp.response(200, RestoreResultSchema)
    @bp.alt_response(
        409,
        schema=RestoreChoiceProblemSchema,
        content_type=PROBLEM,
        description="This browser holds data: choose merge or switch (problem lists choices).",
    )
    @_gone(bp)
    def restore_confirm(data: dict[str, Any]) -> Any:
        """Open an e-mailed link, as chosen: merge its data in, switch to it, or continue."""
        return restore.perform_restore(data["token"], data.get("choice"), current_owner())

    return bp
