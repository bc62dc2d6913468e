"""Refuse signing keys that anyone could guess, outside debug and testing.

``SECRET_KEY`` signs session links and (unless ``JWT_SECRET_KEY`` is set) access tokens: a key
copied from the documentation lets anyone forge both. So a production start fails loudly on a
documented placeholder or a key too short to resist guessing, instead of running "secured" by
a string published in this repository.
"""

from __future__ import annotations

from typing import Any

#: The built-in development key (``config.DEFAULT_SECRET_KEY``).
DEV_SECRET_KEY = "dev-insecure-change-me"

#: Every placeholder the project ships or documents (``.env.example``, README), plus the
#: usual stand-ins people type. Compared case-insensitively after stripping spaces.
KNOWN_PLACEHOLDER_SECRETS = frozenset(
    {
        DEV_SECRET_KEY,
        "change-me-to-a-long-random-string",  # .env.example
        "change-me",
        "changeme",
        "secret",
        "secret-key",
        "your-secret-key",
    }
)

#: HS256 wants a key at least as long as its 256-bit hash; 32 characters is the floor we accept.
MIN_SECRET_KEY_LENGTH = 32

SECRET_SETTINGS = ("SECRET_KEY", "JWT_SECRET_KEY")

GENERATE_HINT = "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`"


def secret_problem(value: str | None) -> str | None:
    """Why ``value`` is unsafe as a production signing key, or None if it will do.

    The reason never repeats the value, so it is safe to log.
    """
    if not value:
        return "is not set"
    if value.strip().lower() in KNOWN_PLACEHOLDER_SECRETS:
        return "is a documented placeholder"
    if len(value) < MIN_SECRET_KEY_LENGTH:
        return f"is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    return None


def unsafe_secret_message(config: dict[str, Any]) -> str | None:
    """The start-up error for the first unsafe signing key, or None when all are safe.

    Debug and testing may use any key (``make run`` relies on the built-in one).
    """
    if config.get("DEBUG") or config.get("TESTING"):
        return None
    for name in SECRET_SETTINGS:
        problem = secret_problem(config.get(name))
        if problem:
            return (
                f"{name} {problem}: refusing to start outside debug/testing. Set {name} to a "
                f"long random value ({GENERATE_HINT})."
            )
    return None
