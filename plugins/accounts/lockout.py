"""Sign-in lockout, shared by the API login and the admin sign-in page.

Failed sign-ins are counted per account (the normalised e-mail, whether or not an account
exists, so a lock says nothing about existence) and per client address. Reaching either limit
pauses sign-in for that account or address for ``LOGIN_LOCKOUT_MINUTES``, even with the right
password: an attacker guessing passwords learns nothing more once locked. Settings:
``LOGIN_LOCKOUT_FAILURES`` and ``LOGIN_FAILURES_PER_ADDRESS`` within
``LOGIN_LOCKOUT_WINDOW_MINUTES``.
"""

from __future__ import annotations

import math

from flask import current_app

from japaguide import lockout
from japaguide.errors import TooManyAttempts
from japaguide.lockout import LockoutPolicy

SECONDS_PER_MINUTE = 60

CONFIG_DEFAULTS = {
    "LOGIN_LOCKOUT_FAILURES": 10,
    "LOGIN_FAILURES_PER_ADDRESS": 30,
    "LOGIN_LOCKOUT_WINDOW_MINUTES": 15,
    "LOGIN_LOCKOUT_MINUTES": 15,
}


class SignInLocked(TooManyAttempts):
    """429: too many failed sign-ins for this account or from this address."""

    title = "Too many sign-in attempts"

    def __init__(self, retry_after_seconds: int) -> None:
        minutes = max(1, math.ceil(retry_after_seconds / SECONDS_PER_MINUTE))
        super().__init__(
            "Too many failed sign-in attempts. Sign-in is paused for "
            f"{minutes} minute{'s' if minutes != 1 else ''}; try again later.",
            retry_after_seconds=retry_after_seconds,
        )


def _policy(scope: str, limit_key: str) -> LockoutPolicy:
    config = current_app.config
    return LockoutPolicy(
        scope=scope,
        max_failures=int(config[limit_key]),
        window_seconds=int(config["LOGIN_LOCKOUT_WINDOW_MINUTES"]) * SECONDS_PER_MINUTE,
        lock_seconds=int(config["LOGIN_LOCKOUT_MINUTES"]) * SECONDS_PER_MINUTE,
    )


def _subjects(email: str, client_key: str | None) -> list[tuple[LockoutPolicy, str]]:
    subjects = [(_policy("signin-account", "LOGIN_LOCKOUT_FAILURES"), email)]
    if client_key:
        subjects.append((_policy("signin-address", "LOGIN_FAILURES_PER_ADDRESS"), client_key))
    return subjects


def ensure_sign_in_allowed(email: str, client_key: str | None) -> None:
    """Raise :class:`SignInLocked` while the account or the address is locked."""
    waits = [
        lockout.locked_for(policy, subject) for policy, subject in _subjects(email, client_key)
    ]
    longest = max((wait for wait in waits if wait), default=None)
    if longest:
        raise SignInLocked(longest)


def note_failed_sign_in(email: str, client_key: str | None) -> None:
    """Count a failure; raise :class:`SignInLocked` if it was the one that reached a limit."""
    locked = [
        policy
        for policy, subject in _subjects(email, client_key)
        if lockout.record_failure(policy, subject)
    ]
    if locked:
        raise SignInLocked(max(policy.lock_seconds for policy in locked))


def note_successful_sign_in(email: str) -> None:
    """A success forgets the account's failures (the address keeps its count)."""
    lockout.clear_failures(_policy("signin-account", "LOGIN_LOCKOUT_FAILURES"), email)
