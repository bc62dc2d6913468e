"""``flask seed-prompts``."""

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


commands = [seed_prompts_command]
