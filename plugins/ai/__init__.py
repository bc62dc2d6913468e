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
        # The model provider: OpenAI or any OpenAI-compatible server; offline without a key.
        "OPENAI_API_KEY": None,
        "OPENAI_BASE_URL": None,
        "OPENAI_MODEL": "gpt-4o-mini",
        "OPENAI_TIMEOUT_SECONDS": 20.0,
        # Daily spend cap of the paid provider; past it the offline assistant answers.
        "AI_DAILY_BUDGET_USD": 5.0,
        "RATELIMIT_AI": "20/hour",
        "RATELIMIT_AI_PER_ADDRESS": "60/hour",
        "AI_ENFORCE_CREDITS": False,
        # A pending enrichment older than this is dead (plugins.ai.stuck).
        "AI_ENRICHMENT_DEADLINE_SECONDS": 120,
    },
)
