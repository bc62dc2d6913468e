"""``flask cleanup-expired-sessions``."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext


@click.command("cleanup-expired-sessions")
@with_appcontext
def cleanup_expired_sessions_command() -> None:
    """Delete the data of anonymous sessions that expired unclaimed (also runs daily)."""
    from plugins.session.services import cleanup_expired_sessions

    counts = cleanup_expired_sessions()
    click.echo(f"purged: {json.dumps(counts)}")


commands = [cleanup_expired_sessions_command]
