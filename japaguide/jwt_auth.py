"""Flask-JWT-Extended wired to problem+json and to token revocation.

Auth is optional everywhere, but a token that is present must be good: expired, revoked,
wrongly signed, malformed and ``alg: none`` tokens are all a 401 problem (not a silent
downgrade to anonymous, and not the library's 422).
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from japaguide.errors import problem_response
from japaguide.extensions import db, jwt
from japaguide.models import RevokedToken, RevokedTokenFamily, User


def _unauthorized(detail: str) -> Any:
    return problem_response(
        401, detail, title="Unauthorized", headers={"WWW-Authenticate": "Bearer"}
    )


def configure(app: Flask) -> None:
    """Register the JWT callbacks once (they live on the shared ``jwt`` manager)."""
    if getattr(jwt, "_japaguide_configured", False):
        return
    jwt._japaguide_configured = True  # type: ignore[attr-defined]

    @jwt.expired_token_loader
    def _expired(_header: dict, _payload: dict) -> Any:
        return _unauthorized("The token has expired.")

    @jwt.invalid_token_loader
    def _invalid(reason: str) -> Any:
        return _unauthorized(f"The token is invalid: {reason}.")

    @jwt.unauthorized_loader
    def _missing(reason: str) -> Any:
        return _unauthorized(f"Authentication required: {reason}.")

    @jwt.revoked_token_loader
    def _revoked(_header: dict, _payload: dict) -> Any:
        return _unauthorized("The token has been revoked.")

    @jwt.user_lookup_error_loader
    def _no_user(_header: dict, _payload: dict) -> Any:
        return _unauthorized("The token's user no longer exists.")

    @jwt.token_verification_failed_loader
    def _failed(_header: dict, _payload: dict) -> Any:
        return _unauthorized("The token failed verification.")

    @jwt.token_in_blocklist_loader
    def _is_revoked(_header: dict, payload: dict) -> bool:

        if db.session.get(RevokedToken, payload.get("jti", "")) is not None:
            return True
        # ``fam``: the login the token descends from (plugins/accounts/tokens.py); logout and
        # refresh-token reuse revoke a whole family at once.
        family = payload.get("fam")
        if family and db.session.get(RevokedTokenFamily, str(family)) is not None:
            return True
        try:
            user = db.session.get(User, int(payload["sub"]))
        except (KeyError, TypeError, ValueError):
            return True
        return user is None or not user.is_active
