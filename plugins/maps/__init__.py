"""The ``maps`` plugin: points a migrant needs on a map (GeoPoint) and a country-level layer."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.maps import hooks


def _blueprints():  # noqa: ANN202
    from plugins.maps.routes import make_blueprints

    return make_blueprints()


def _cli():  # noqa: ANN202
    from plugins.maps.cli import commands

    return commands


plugin = Plugin(
    name="maps",
    version="1.0.0",
    description="Map points: capitals and cities, and the offices Nigerian applicants visit.",
    requires=("countries", "visas"),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.maps.models",),
    cli=_cli,
)
