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
    # Approved stories with a cost, and other people's stored estimates, needed before the
    # comparison gives a range and percentile ("not enough data yet" below).
    config={"CALC_MIN_STORY_SAMPLE": 3, "CALC_MIN_COMPARISON_SAMPLE": 5},
)
