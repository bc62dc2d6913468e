"""The ``ai`` plugin: Japabot — chat, compare, roadmap enrichment, cost advice."""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.ai import hooks


def _blueprints():  # noqa: ANN202
    from plugins.ai.routes import make_blueprints

    return make_blueprints()


def _cli():  # noqa: ANN202
    from plugins.ai.cli import commands

    return commands


plugin = Plugin(
    name="ai",
    version="1.0.0",
    description="Japabot: six personalities, grounded answers, OpenAI or offline.",
    requires=("countries", "visas"),
    after=("roadmaps",),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.ai.models",),
    cli=_cli,
    config={
        "RATELIMIT_AI": "20/hour",
        "RATELIMIT_AI_PER_ADDRESS": "60/hour",
        "AI_ENFORCE_CREDITS": False,
        # A pending enrichment older than this is dead (plugins.ai.stuck).
        "AI_ENRICHMENT_DEADLINE_SECONDS": 120,
    },
)
