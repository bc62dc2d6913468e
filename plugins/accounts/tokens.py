"""JWT pairs with refresh rotation, reuse detection and family-wide revocation.

Every login starts a *family*: a random id carried as the ``fam`` claim in the access and the
refresh token, and in every pair refreshed from them. A refresh token works once: refreshing
spends it (its jti joins ``revoked_tokens``) and hands out a new pair of the same family.
Presenting a spent refresh token again means someone holds a copy, so the whole family is
revoked and both the thief and the owner must sign in again. Logout revokes the family too,
with or without the refresh token in the body.

A family also has a hard end: rotation would otherwise keep one sign-in alive for ever (a
stolen refresh token used before its owner's next refresh is never detected as reuse). The
``fst`` claim carries when the sign-in happened; past ``JWT_REFRESH_FAMILY_MAX_DAYS`` a refresh
is refused and the user signs in again.
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
#: When the family's sign-in happened (epoch seconds), carried unchanged through rotation.
FAMILY_STARTED_CLAIM = "fst"
REASON_LOGOUT = "logout"
REASON_REUSE = "reuse"
TOKEN_INVALID = "The token is invalid or expired."
TOKEN_REVOKED = "The token has been revoked."
FAMILY_TOO_OLD = "This sign-in is too old to refresh; sign in again."
REFRESH_REUSED = (
    "This refresh token was already used. For safety every session of that sign-in has been "
    "signed out; sign in again."
)


def family_of(payload: dict[str, Any]) -> str:
    """The token's family; tokens from before families existed are a family of their own."""
    return str(payload.get(FAMILY_CLAIM) or payload["jti"])


def family_started(payload: dict[str, Any]) -> int:
    """When the token's family signed in; tokens from before the claim count from their issue."""
    started = payload.get(FAMILY_STARTED_CLAIM, payload.get("iat"))
    return int(started) if isinstance(started, int | float) else 0


def issue_pair(user: User, family: str | None = None, started: int | None = None) -> dict[str, str]:
    """An access + refresh token pair; a new family (started now) unless one is continued."""
    identity = str(user.id)
    claims = {
        FAMILY_CLAIM: family or uuid.uuid4().hex,
        FAMILY_STARTED_CLAIM: started if started is not None else int(utcnow().timestamp()),
    }
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
    started = family_started(payload)
    max_age = current_app.config["JWT_REFRESH_FAMILY_MAX_AGE"]
    if utcnow().timestamp() - started >= max_age.total_seconds():
        raise Unauthenticated(FAMILY_TOO_OLD)
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("The token's user no longer exists.")
    db.session.add(_spend(payload))
    try:
        # Two processes refreshing the same token at once: the primary key lets one win.
        db.session.flush()
    except IntegrityError:
        raise _reject_reuse(family, user_id) from None
    tokens = issue_pair(user, family, started)
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
