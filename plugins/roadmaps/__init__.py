"""The ``roadmaps`` plugin: deterministic roadmap generation, progress and step tracking."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.roadmaps import hooks


def _blueprints():  # noqa: ANN202
    from plugins.roadmaps.routes import make_blueprints

    return make_blueprints()


plugin = Plugin(
    name="roadmaps",
    version="1.0.0",
    description="Personal migration roadmaps generated from visa routes or goal templates.",
    requires=("countries", "visas"),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.roadmaps.models",),
)
