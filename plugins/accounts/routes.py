"""Auth endpoints: all optional; nothing in the product requires an account."""

from __future__ import annotations

from typing import Any

from flask_jwt_extended import get_jwt, jwt_required

from japaguide.api import PUBLIC, SIGNED_IN, Blueprint
from japaguide.errors import APIError
from japaguide.extensions import db
from japaguide.identity import current_owner, no_anonymous_session, session_anon_id
from japaguide.models import User
from japaguide.ratelimit import address_key
from japaguide.schemas import ProblemSchema
from plugins.accounts import services
from plugins.accounts.schemas import (
    AuthResultSchema,
    ClaimResultSchema,
    ClaimSchema,
    LoginSchema,
    LogoutSchema,
    MeSchema,
    MeUpdateSchema,
    RefreshSchema,
    RegisterSchema,
    TokenSchema,
)


def current_user() -> User:
    owner = current_owner()
    user = db.session.get(User, owner.user_id) if owner.user_id is not None else None
    if user is None:
        raise APIError(401, "Sign in to use this endpoint.", headers={"WWW-Authenticate": "Bearer"})
    return user


def _auth_result(user: User, counts: dict[str, int]) -> dict[str, Any]:
    return {
        **services.issue_tokens(user),
        "user": services.me_view(user),
        "claimed": services.claim_counts_view(counts),
    }


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = no_anonymous_session(Blueprint("auth", __name__, description="Optional accounts"))

    @bp.route("/register/", methods=["POST"])
    @bp.doc(**PUBLIC)
    @bp.body(
        RegisterSchema,
        example={
            "email": "ada@example.com",
            "password": "correct-horse-battery-staple",
            "fullName": "Ada Obi",
        },
    )
    @bp.response(201, AuthResultSchema)
    def register(data: dict[str, Any]) -> Any:
        """Create an account; this browser's anonymous data is claimed into it."""
        user, counts = services.register(
            data["email"], data["password"], data["full_name"], anon_id=session_anon_id()
        )
        return _auth_result(user, counts)

    @bp.route("/login/", methods=["POST"])
    @bp.doc(**PUBLIC)
    @bp.body(
        LoginSchema,
        example={"email": "ada@example.com", "password": "correct-horse-battery-staple"},
    )
    @bp.response(200, AuthResultSchema)
    def login(data: dict[str, Any]) -> Any:
        """Exchange email + password for tokens (401, same message for either mistake).

        After ``LOGIN_LOCKOUT_FAILURES`` failures for one e-mail (or
        ``LOGIN_FAILURES_PER_ADDRESS`` from one address) within
        ``LOGIN_LOCKOUT_WINDOW_MINUTES``, sign-in is refused with 429 and ``Retry-After`` for
        ``LOGIN_LOCKOUT_MINUTES``, whatever the password, whether or not the account exists.
        """
        user, counts = services.login(
            data["email"], data["password"], address_key(), anon_id=session_anon_id()
        )
        return _auth_result(user, counts)

    @bp.route("/refresh/", methods=["POST"])
    @bp.doc(**PUBLIC)
    @bp.body(RefreshSchema, example={"refreshToken": "the-refresh-token-from-login"})
    @bp.response(200, TokenSchema)
    def refresh(data: dict[str, Any]) -> Any:
        """A new access token and a new refresh token; the presented one is spent.

        Refresh tokens rotate: each works once. Presenting one that was already used signs
        out every token of that login (reuse means a copy exists) and answers 401.
        """
        return services.refresh(data["refresh_token"])

    @bp.route("/logout/", methods=["POST"])
    # optional: a bare POST signs out the access token's login
    @bp.body(LogoutSchema, example={"refreshToken": "the-refresh-token-from-login"})
    @bp.response(204)
    @bp.doc(**SIGNED_IN)
    @jwt_required()
    def logout(data: dict[str, Any]) -> Any:
        """Sign out this login: every token descended from it (with or without ``refreshToken``;
        a given refresh token's login is signed out too)."""
        services.logout(get_jwt(), data.get("refresh_token"))
        return None

    @bp.route("/me/", methods=["GET"])
    @bp.response(200, MeSchema)
    @bp.doc(**SIGNED_IN)
    def me() -> Any:
        """The signed-in user and profile."""
        return services.me_view(current_user())

    @bp.route("/me/", methods=["PATCH"])
    @bp.body(
        MeUpdateSchema,
        example={
            "fullName": "Ada Obi",
            "bio": "Software engineer planning a move to Canada",
            "countryOfOrigin": "NGA",
            "currentCountry": "NGA",
            "profile": {
                "educationLevel": "bachelor",
                "fieldOfStudy": "Computer Science",
                "yearsExperience": 4,
            },
        },
    )
    @bp.response(200, MeSchema)
    @bp.doc(**SIGNED_IN)
    def update_me(data: dict[str, Any]) -> Any:
        """Update your own editable fields and structured profile."""
        return services.me_view(services.update_me(current_user(), data))

    @bp.route("/claim-session/", methods=["POST"])
    @bp.body(ClaimSchema, example={"token": "the-token-from-the-e-mailed-link"})
    @bp.response(200, ClaimResultSchema)
    @bp.doc(**SIGNED_IN)
    @bp.alt_response(
        410,
        schema=ProblemSchema,
        content_type="application/problem+json",
        description="The link's token expired, was already used, or its session is gone.",
    )
    @bp.alt_response(
        404,
        schema=ProblemSchema,
        content_type="application/problem+json",
        description="Nothing to claim: no session cookie and no link token.",
    )
    def claim(data: dict[str, Any]) -> Any:
        """Move an anonymous session's data (this browser's, or an emailed link's) to you."""
        user = current_user()
        counts = services.claim_for(user, session_anon_id(), data.get("token"))
        return services.claim_counts_view(counts)

    return [(bp, "/auth")]
