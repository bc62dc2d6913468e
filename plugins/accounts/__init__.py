"""The ``accounts`` plugin: optional registration, JWT login, profile, session claiming."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.accounts import hooks
from plugins.accounts.lockout import CONFIG_DEFAULTS as LOCKOUT_DEFAULTS


def _blueprints():  # noqa: ANN202
    from plugins.accounts.routes import make_blueprints

    return make_blueprints()


def _cli():  # noqa: ANN202
    from plugins.accounts.cli import commands

    return commands


plugin = Plugin(
    name="accounts",
    version="1.0.0",
    description="Optional accounts: register, login, refresh, logout, profile, claim-session.",
    requires=("session",),
    blueprints=_blueprints,
    hooks=hooks,
    cli=_cli,
    models=("plugins.accounts.models",),
    config=dict(LOCKOUT_DEFAULTS),
)
