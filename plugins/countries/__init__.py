"""The ``countries`` plugin: country playbooks, cost of living, exchange rates, imports."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.countries import hooks


def _blueprints():  # noqa: ANN202
    from plugins.countries.routes import make_blueprints

    return make_blueprints()


def _cli():  # noqa: ANN202
    from plugins.countries.cli import commands

    return commands


plugin = Plugin(
    name="countries",
    version="1.0.0",
    description="Country playbooks with cost-of-living data, provenance and exchange rates.",
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.countries.models",),
    cli=_cli,
)
