"""``flask seed-prompts``, ``flask sweep-stuck-enrichments``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("seed-prompts")
@with_appcontext
def seed_prompts_command() -> None:
    """Load the six prompt templates of seed_data/prompt_templates.json (idempotent)."""
    from plugins.ai.prompts import seed_prompts

    counts = seed_prompts()
    click.echo(
        f"prompt templates: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )


@click.command("sweep-stuck-enrichments")
@with_appcontext
def sweep_stuck_enrichments_command() -> None:
    """Mark roadmaps whose enrichment died ``failed`` (also a periodic job, every minute)."""
    import json

    from plugins.ai.stuck import sweep_stuck_enrichments

    click.echo(json.dumps(sweep_stuck_enrichments()))


commands = [seed_prompts_command, sweep_stuck_enrichments_command]
