"""The ``points`` plugin: points calculators (Canada CRS and FSW, Australia, Germany's
Opportunity Card, UK Skilled Worker) from the official tables, explained factor by factor,
with the next best points and a roadmap for the route."""

from __future__ import annotations

from pathlib import Path

from japaguide.plugins import Plugin
from plugins.points import hooks


def _blueprints():  # noqa: ANN202
    from plugins.points.routes import make_blueprints

    return make_blueprints()


plugin = Plugin(
    name="points",
    version="1.0.0",
    description="Points calculators: CRS, FSW 67, Australia 189/190/491, Opportunity Card, UK "
    "Skilled Worker.",
    requires=("countries", "visas", "roadmaps"),
    # A signed-in user's saved profile fills gaps when the accounts plugin is enabled.
    after=("accounts",),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.points.models",),
    migrations=str(Path(__file__).resolve().parent / "migrations"),
)
