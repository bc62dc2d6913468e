"""``flask purge-revoked-tokens``."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext


@click.command("purge-revoked-tokens")
@with_appcontext
def purge_revoked_tokens_command() -> None:
    """Delete revocation records of tokens that expired anyway (also runs daily)."""
    from plugins.accounts.tokens import purge_expired_revocations

    click.echo(f"purged: {json.dumps(purge_expired_revocations())}")


commands = [purge_revoked_tokens_command]
