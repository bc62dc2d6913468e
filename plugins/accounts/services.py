"""Optional accounts: registration, login, tokens, profile, and claiming anonymous sessions.

Passwords are hashed with Argon2id. Logging in or registering from a browser that holds an
anonymous session claims that session's data; the server-side session is regenerated on every
such change of identity (against fixation) while the anonymous id inside it moves along.
"""

from __future__ import annotations

import functools
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from japaguide.database import utcnow
from japaguide.errors import (
    Conflict,
    InvalidField,
    NotFound,
    RuleViolation,
    Unauthenticated,
)
from japaguide.extensions import db
from japaguide.identity import Owner, claim_session, regenerate_session, session_anon_id
from japaguide.models import AnonymousSession, User
from plugins.accounts import tokens
from plugins.accounts.lockout import SignInLocked as SignInLocked  # for the admin sign-in
from plugins.accounts.lockout import (
    ensure_sign_in_allowed,
    note_failed_sign_in,
    note_successful_sign_in,
)
from plugins.accounts.models import UserProfile
from plugins.session.services import redeem_session_link

hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
#: zxcvbn's 0-4 scale; 3 means "safely unguessable" (around 10^8 guesses or more).
MIN_PASSWORD_SCORE = 3
#: The longest password zxcvbn scores (its ``max_length``).
ZXCVBN_MAX_LENGTH = 72
#: Words that make a password guessable on this site in particular.
PASSWORD_CONTEXT_WORDS = ("japaguide", "japa")
LOGIN_FAILED = "Wrong email or password."


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the email is unknown, so both failures take as long.

    Computed on the first sign-in, not at import: an Argon2id hash costs ~0.3 s and 64 MiB,
    which every worker (and every ``flask`` command) would otherwise pay at start.
    """
    return hasher.hash("japaguide-timing-equaliser")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def check_password_rule(password: str, email: str, full_name: str = "") -> None:
    """Refuse short, long, common and easily guessed passwords (field ``password``).

    Length is checked first; then zxcvbn estimates how many guesses the password would take,
    using its bundled lists of common and breached passwords, names and words, plus the
    user's own e-mail and name. Below ``MIN_PASSWORD_SCORE`` (about 10^8 guesses) is refused
    with zxcvbn's own explanation ("This is a very common password.").
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"Use at most {MAX_PASSWORD_LENGTH} characters.")
    if problems:  # the document states the length: a 400 like any schema refusal
        raise InvalidField("password", problems)
    email_name = normalise_email(email).split("@")[0]
    if email_name and email_name in password.lower():
        problems.append("Do not use your email name in the password.")
    if not problems:
        problems.extend(_guessability_problems(password, email, full_name))
    if problems:  # guessability is a rule no schema can state: 422
        raise RuleViolation(
            "password", problems, detail="Choose a password that is harder to guess."
        )


def _guessability_problems(password: str, email: str, full_name: str) -> list[str]:
    user_inputs = [part for part in (*normalise_email(email).split("@"), full_name) if part]
    # Imported on first use: its word lists cost every worker ~13 MB at start otherwise.
    from zxcvbn import zxcvbn

    # zxcvbn refuses (ValueError) to score more than its first 72 characters; a password that
    # long is judged by them, so the 128 characters the schema allows never answer a 500.
    scored = password[:ZXCVBN_MAX_LENGTH]
    result = zxcvbn(scored, user_inputs=[*user_inputs, *PASSWORD_CONTEXT_WORDS])
    if result["score"] >= MIN_PASSWORD_SCORE:
        return []
    feedback = result["feedback"]
    warning = feedback.get("warning") or "This password is too easy to guess."
    suggestions = feedback.get("suggestions") or []
    hint = " ".join(suggestions) or "Try a longer phrase of unrelated words."
    return [f"{warning.rstrip('.')}. {hint}"]


def issue_tokens(user: User) -> dict[str, str]:
    """Tokens of a new login: a new token family (see :mod:`plugins.accounts.tokens`)."""
    return tokens.issue_pair(user)


def _claim_current_session(user: User, anon_id: str | None) -> dict[str, int]:
    """Claim the signing-in browser's anonymous data, then give the browser a new session id."""
    counts: dict[str, int] = {}
    if anon_id:
        counts = claim_session(anon_id, user.id)
        from japaguide.plugins import get_host

        get_host(current_app).hook.session_claimed(anon_id=anon_id, user_id=user.id, counts=counts)
    regenerate_session()
    return counts


def register(
    email: str, password: str, full_name: str = "", *, anon_id: str | None = None
) -> tuple[User, dict[str, int]]:
    """A new account; ``anon_id`` is the browser's anonymous owner, whose data it claims."""
    email = normalise_email(email)
    check_password_rule(password, email, full_name)
    if db.session.scalar(select(User).where(func.lower(User.email) == email)) is not None:
        raise Conflict(
            "An account with this email already exists.", fields={"email": "Already registered."}
        )
    user = User(email=email, password_hash=hasher.hash(password), full_name=full_name or "")
    db.session.add(user)
    db.session.flush()
    db.session.add(UserProfile(user_id=user.id))
    user.last_login_at = utcnow()
    db.session.commit()
    return user, _claim_current_session(user, anon_id)


def verify_credentials(
    email: str, password: str, client_key: str | None, *, require_admin: bool = False
) -> User:
    """The account for email + password, behind the sign-in lockout.

    Used by the API login and the admin sign-in page. An unknown e-mail takes as long as a
    wrong password, counts towards the same lockout and gets the same 401, so neither the
    answer nor the lock tells whether an account exists. ``client_key`` identifies the
    caller's address for the per-address limit. Raises 401, or 429 while locked.
    """
    email = normalise_email(email)
    ensure_sign_in_allowed(email, client_key)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    try:
        hasher.verify(
            user.password_hash if user and user.password_hash else _dummy_hash(), password
        )
        verified = user is not None and bool(user.password_hash) and user.is_active
    except (VerificationError, InvalidHashError):
        verified = False
    if not verified or (require_admin and not user.is_admin):
        note_failed_sign_in(email, client_key)
        raise Unauthenticated(LOGIN_FAILED)
    note_successful_sign_in(email)
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def login(
    email: str, password: str, client_key: str | None = None, *, anon_id: str | None = None
) -> tuple[User, dict[str, int]]:
    """Sign in; ``anon_id`` is the browser's anonymous owner, whose data it claims."""
    user = verify_credentials(email, password, client_key)
    user.last_login_at = utcnow()
    db.session.commit()
    return user, _claim_current_session(user, anon_id)


def refresh(refresh_token: str) -> dict[str, str]:
    """A new access *and* refresh token; the presented refresh token is spent."""
    return tokens.rotate(refresh_token)


def logout(access_payload: dict[str, Any], refresh_token: str | None) -> None:
    """Sign out every token of this login (the access token's family and the refresh's)."""
    tokens.sign_out(access_payload, refresh_token)


def get_profile(user: User) -> UserProfile:
    profile = db.session.scalar(select(UserProfile).where(UserProfile.user_id == user.id))
    if profile is None:
        profile = UserProfile(user_id=user.id)
        db.session.add(profile)
        db.session.commit()
    return profile


USER_FIELDS = ("full_name", "bio", "country_of_origin", "current_country")


def update_me(user: User, changes: dict[str, Any]) -> User:
    """Apply only the user's own editable fields (email, admin, plan are not among them)."""
    for name in USER_FIELDS:
        if name in changes:
            setattr(user, name, changes[name] or "")
    profile_changes = changes.get("profile") or {}
    if profile_changes:
        profile = get_profile(user)
        for name, value in profile_changes.items():
            setattr(profile, name, value)
        if "num_dependents" in profile_changes and "has_dependents" not in profile_changes:
            profile.has_dependents = profile.num_dependents > 0
    db.session.commit()
    return user


def me_view(user: User) -> dict[str, Any]:
    profile = get_profile(user)
    return {
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "bio": user.bio,
        "country_of_origin": user.country_of_origin,
        "current_country": user.current_country,
        "avatar": user.avatar,
        "is_anonymous_converted": user.is_anonymous_converted,
        "plan_type": user.plan_type,
        "plan_expiry": user.plan_expiry,
        "ai_credits_remaining": user.ai_credits_remaining,
        "created_at": user.created_at,
        "profile": profile,
    }


# ----------------------------------------------------------------- session links and claims


def claim_for(user: User, owner_session_anon: str | None, link_token: str | None) -> dict[str, int]:
    """Claim an anonymous session the caller possesses (its cookie or an emailed link).

    A link is spent in the same transaction as the claim: it works once, within its lifetime,
    exactly as when it is opened with ``POST /session/restore/``.
    """
    anon_id = redeem_session_link(link_token, "claim") if link_token else owner_session_anon
    if not anon_id:
        # A well-formed request with nothing behind it: no such session (404), not bad input.
        raise NotFound(
            "There is no anonymous session to claim: send the session cookie "
            "or the emailed link's token.",
            fields={"token": "Missing."},
        )
    record = db.session.get(AnonymousSession, anon_id)
    if (
        record is not None
        and record.claimed_at is not None
        and record.claimed_by_user_id != user.id
    ):
        raise Conflict("This session was already claimed by another account.")
    counts = claim_session(anon_id, user.id)
    from japaguide.plugins import get_host

    get_host(current_app).hook.session_claimed(anon_id=anon_id, user_id=user.id, counts=counts)
    regenerate_session()
    return counts


def claim_counts_view(counts: dict[str, int]) -> dict[str, Any]:
    """``{"migratedRoadmaps": 2, "migratedAiRequests": 5, …, "migrated": {kind: n}}``."""
    from japaguide.identity import owned_models
    from japaguide.schemas import camelize

    all_kinds = {model.owned_kind(): 0 for model in owned_models()}
    all_kinds.update(counts)
    # Every key camelCase: the stored kinds are snake_case (``ai_requests``), so each one also
    # appears camelCased beside it (``aiRequests``); the old key stays, the contract is frozen.
    migrated = dict(all_kinds)
    migrated.update({camelize(kind): value for kind, value in all_kinds.items()})
    view: dict[str, Any] = {"migrated": migrated}
    for kind, value in all_kinds.items():
        camel = camelize(kind)
        view["migrated" + camel[:1].upper() + camel[1:]] = value
    return view


def anonymous_owner_of_session() -> Owner | None:
    anon_id = session_anon_id()
    return Owner(anon_id=anon_id) if anon_id else None
