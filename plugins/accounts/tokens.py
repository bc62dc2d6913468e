"""JWT pairs with refresh rotation, reuse detection and family-wide revocation.

Every login starts a *family*: a random id carried as the ``fam`` claim in the access and the
refresh token, and in every pair refreshed from them. A refresh token works once: refreshing
spends it (its jti joins ``revoked_tokens``) and hands out a new pair of the same family.
Presenting a spent refresh token again means someone holds a copy, so the whole family is
revoked and both the thief and the owner must sign in again. Logout revokes the family too,
with or without the refresh token in the body.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from japaguide.database import utcnow
from japaguide.errors import Unauthenticated
from japaguide.extensions import db
from japaguide.models import RevokedToken, RevokedTokenFamily, User

FAMILY_CLAIM = "fam"
REASON_LOGOUT = "logout"
REASON_REUSE = "reuse"
TOKEN_INVALID = "The token is invalid or expired."
TOKEN_REVOKED = "The token has been revoked."
REFRESH_REUSED = (
    "This refresh token was already used. For safety every session of that sign-in has been "
    "signed out; sign in again."
)


def family_of(payload: dict[str, Any]) -> str:
    """The token's family; tokens from before families existed are a family of their own."""
    return str(payload.get(FAMILY_CLAIM) or payload["jti"])


def issue_pair(user: User, family: str | None = None) -> dict[str, str]:
    """An access + refresh token pair; a new family unless one is continued."""
    identity = str(user.id)
    claims = {FAMILY_CLAIM: family or uuid.uuid4().hex}
    return {
        "access_token": create_access_token(identity=identity, additional_claims=claims),
        "refresh_token": create_refresh_token(identity=identity, additional_claims=claims),
    }


def decode(token: str, expected_type: str) -> dict[str, Any]:
    """A signed, unexpired token of the expected type (revocation is checked by callers)."""
    try:
        payload = decode_token(token)
    except Exception as exc:  # noqa: BLE001 - every decoding failure is the same 401
        raise Unauthenticated(TOKEN_INVALID) from exc
    if payload.get("type") != expected_type:
        raise Unauthenticated(f"A {expected_type} token is required.")
    return payload


def is_family_revoked(family: str) -> bool:
    return db.session.get(RevokedTokenFamily, family) is not None


def _spend(payload: dict[str, Any]) -> RevokedToken:
    expires = datetime.fromtimestamp(payload["exp"], tz=UTC) if payload.get("exp") else None
    return RevokedToken(jti=payload["jti"], user_id=int(payload["sub"]), expires_at=expires)


def revoke_token(payload: dict[str, Any]) -> None:
    """Add the token's jti to the revoked list (idempotent; the caller commits)."""
    if db.session.get(RevokedToken, payload["jti"]) is None:
        db.session.add(_spend(payload))


def revoke_family(family: str, user_id: int, reason: str) -> None:
    """Revoke every token of the family (idempotent; the caller commits).

    Tokens of the family issued so far all expire within one refresh lifetime from now.
    """
    if is_family_revoked(family):
        return
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    db.session.add(
        RevokedTokenFamily(
            family_id=family, user_id=user_id, reason=reason, expires_at=utcnow() + lifetime
        )
    )


def _reject_reuse(family: str, user_id: int) -> Unauthenticated:
    db.session.rollback()
    revoke_family(family, user_id, REASON_REUSE)
    db.session.commit()
    return Unauthenticated(REFRESH_REUSED)


def rotate(refresh_token: str) -> dict[str, str]:
    """Spend the refresh token and return a new pair of its family (reuse revokes the family)."""
    payload = decode(refresh_token, "refresh")
    family, user_id = family_of(payload), int(payload["sub"])
    if is_family_revoked(family):
        raise Unauthenticated(TOKEN_REVOKED)
    if db.session.get(RevokedToken, payload["jti"]) is not None:
        raise _reject_reuse(family, user_id)
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("The token's user no longer exists.")
    db.session.add(_spend(payload))
    try:
        # Two processes refreshing the same token at once: the primary key lets one win.
        db.session.flush()
    except IntegrityError:
        raise _reject_reuse(family, user_id) from None
    tokens = issue_pair(user, family)
    db.session.commit()
    return tokens


def sign_out(access_payload: dict[str, Any], refresh_token: str | None) -> None:
    """Revoke the access token and its family, and the refresh token's family when given."""
    user_id = int(access_payload["sub"])
    revoke_token(access_payload)
    families = {family_of(access_payload)}
    if refresh_token:
        payload = decode(refresh_token, "refresh")
        if payload["sub"] != access_payload["sub"]:
            raise Unauthenticated("The refresh token belongs to another account.")
        revoke_token(payload)
        families.add(family_of(payload))
    for family in sorted(families):
        revoke_family(family, user_id, REASON_LOGOUT)
    db.session.commit()


def purge_expired_revocations(now: datetime | None = None) -> dict[str, int]:
    """Delete revocation records of tokens that have expired anyway (daily job and CLI).

    A revoked jti or family only matters while a token carrying it could still be accepted;
    past its ``expires_at`` the signature check refuses the token by itself, so without this
    the tables would grow with every refresh and logout for ever. A revoked family issues no
    new tokens (rotation refuses it), so its last token expires by the recorded time.
    """
    cutoff = now or utcnow()
    tokens = db.session.execute(
        delete(RevokedToken).where(
            RevokedToken.expires_at.is_not(None), RevokedToken.expires_at < cutoff
        )
    ).rowcount
    families = db.session.execute(
        delete(RevokedTokenFamily).where(
            RevokedTokenFamily.expires_at.is_not(None), RevokedTokenFamily.expires_at < cutoff
        )
    ).rowcount
    db.session.commit()
    return {"revoked_tokens": tokens or 0, "revoked_token_families": families or 0}
