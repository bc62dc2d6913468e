"""The ``stories`` plugin: Japa stories — what moving really took, told by people who moved."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.stories import hooks


def _blueprints():  # noqa: ANN202
    from plugins.stories.routes import make_blueprints

    return make_blueprints()


plugin = Plugin(
    name="stories",
    version="1.0.0",
    description="User-submitted migration stories, moderated, with structured costs.",
    requires=("countries", "visas"),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.stories.models",),
    config={
        # Submissions per owner and per address (each story waits for an editor).
        "RATELIMIT_STORIES": "10/hour",
        "RATELIMIT_STORIES_PER_ADDRESS": "30/hour",
    },
)
