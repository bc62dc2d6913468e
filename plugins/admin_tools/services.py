"""Admin accounts: creating them (CLI) and checking their sign-in."""

from __future__ import annotations

from sqlalchemy import func, select

from japaguide.extensions import db
from japaguide.models import User


def create_admin(email: str, password: str) -> tuple[User, bool]:
    """Create an admin, or promote an existing account; returns (user, created)."""
    from plugins.accounts.services import check_password_rule, hasher, normalise_email

    email = normalise_email(email)
    check_password_rule(password, email)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    created = user is None
    if created:
        user = User(email=email)
        db.session.add(user)
    user.password_hash = hasher.hash(password)
    user.is_admin = True
    user.is_active = True
    db.session.commit()
    return user, created


def authenticate_admin(email: str, password: str) -> User | None:
    from argon2.exceptions import InvalidHashError, VerificationError

    from plugins.accounts.services import _DUMMY_HASH, hasher, normalise_email

    user = db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
    try:
        hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_admin or not user.is_active:
        return None
    return user
