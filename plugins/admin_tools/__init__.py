"""The ``admin_tools`` plugin: admin sign-in, analytics dashboard and API, create-admin."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.admin_tools import hooks


def _blueprints():  # noqa: ANN202
    from plugins.admin_tools.routes import make_blueprints

    return make_blueprints()


def _cli():  # noqa: ANN202
    from plugins.admin_tools.cli import commands

    return commands


plugin = Plugin(
    name="admin_tools",
    version="1.0.0",
    description="Editors and operators: admin sign-in, analytics dashboard/API, create-admin.",
    requires=("accounts",),
    after=("countries", "visas", "roadmaps", "calc", "ai"),
    blueprints=_blueprints,
    hooks=hooks,
    cli=_cli,
)
