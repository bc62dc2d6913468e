"""The ``session`` plugin: anonymous session status, save (extend), e-mailed single-use links
and opening them, and cleanup of expired sessions."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.session import hooks


def _blueprints():  # noqa: ANN202
    from plugins.session.routes import make_blueprint

    return [(make_blueprint(), "/session")]


def _cli():  # noqa: ANN202
    from plugins.session.cli import commands

    return commands


plugin = Plugin(
    name="session",
    version="1.0.0",
    description="Anonymous-first sessions: status, save, e-mailed links, expiry cleanup.",
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.session.models",),
    cli=_cli,
    config={
        # E-mailed links work once, within this many hours.
        "SESSION_LINK_TTL_HOURS": 24,
        # Links per sending session (and per client address), and per recipient address.
        "RATELIMIT_SESSION_EMAIL": "5/hour",
        "RATELIMIT_SESSION_EMAIL_PER_ADDRESS": "20/hour",
        "RATELIMIT_SESSION_EMAIL_PER_RECIPIENT": "3/hour",
    },
)
