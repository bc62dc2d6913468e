"""The ``visas`` plugin: visa routes with ordered steps, money as stated, Nigerian status."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.visas import hooks


def _blueprints():  # noqa: ANN202
    from plugins.visas.routes import make_blueprints

    return make_blueprints()


def _cli():  # noqa: ANN202
    from plugins.visas.cli import commands

    return commands


plugin = Plugin(
    name="visas",
    version="1.0.0",
    description="Visa routes: steps, fees in official currency, proof of funds, provenance.",
    requires=("countries",),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.visas.models",),
    cli=_cli,
)
