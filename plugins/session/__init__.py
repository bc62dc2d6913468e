"""The ``session`` plugin: anonymous session status, save (extend) and cleanup of expired ones."""

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
    description="Anonymous-first sessions: status, save, expiry cleanup.",
    blueprints=_blueprints,
    hooks=hooks,
    cli=_cli,
)
