"""The ``calc`` plugin: the japa cost calculator."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.calc import hooks


def _blueprints():  # noqa: ANN202
    from plugins.calc.routes import make_blueprints

    return make_blueprints()


plugin = Plugin(
    name="calc",
    version="1.0.0",
    description="Japa cost calculator: honest totals, hidden costs, savings plans, comparison.",
    requires=("countries", "visas"),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.calc.models",),
    # Approved stories with a cost before the comparison gives their range and percentile.
    config={"CALC_MIN_STORY_SAMPLE": 3},
)
