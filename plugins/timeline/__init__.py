"""The ``timeline`` plugin: dated plans (forward or backward) and iCalendar export."""

from __future__ import annotations

from japaguide.plugins import Plugin


def _blueprints():  # noqa: ANN202
    from plugins.timeline.routes import make_blueprints

    return make_blueprints()


plugin = Plugin(
    name="timeline",
    version="1.0.0",
    description="Timeline planner: schedule roadmap steps, plan backwards, export .ics.",
    requires=("roadmaps",),
    blueprints=_blueprints,
    models=("plugins.timeline.models",),
)
