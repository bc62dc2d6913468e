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


def authenticate_admin(email: str, password: str, client_key: str | None) -> User:
    """The admin account for these credentials, behind the same lockout as the API login.

    A correct password of a non-admin account counts as a failure here: for this page it is
    one. Raises ``Unauthenticated`` (401), or ``SignInLocked`` (429) while the account or address is
    locked.
    """
    from plugins.accounts.services import verify_credentials

    user = verify_credentials(email, password, client_key, require_admin=True)
    db.session.commit()  # a rehashed password, if any
    return user
