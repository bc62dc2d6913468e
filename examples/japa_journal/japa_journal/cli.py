"""``flask japa-journal stats``: the plugin's commands live under its own group."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select


@click.command("stats")
@with_appcontext
def stats_command() -> None:
    """Print the number of journal entries, anonymous and signed-in."""
    from japa_journal.models import JournalEntry
    from japaguide.extensions import db

    rows = db.session.execute(
        select(JournalEntry.is_anonymous, func.count()).group_by(JournalEntry.is_anonymous)
    ).all()
    counts = {("anonymous" if anonymous else "accounts"): n for anonymous, n in rows}
    click.echo(json.dumps({"entries": sum(counts.values()), **counts}, sort_keys=True))
