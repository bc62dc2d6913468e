"""``flask create-admin EMAIL``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("create-admin")
@click.argument("email")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="The admin's password (prompted when omitted).",
)
@with_appcontext
def create_admin_command(email: str, password: str) -> None:
    """Create an admin account (or promote an existing one) for the admin site and API."""
    from japaguide.errors import DomainError
    from plugins.admin_tools.services import create_admin

    try:
        user, created = create_admin(email, password)
    except DomainError as exc:
        raise click.ClickException(f"{exc.detail} {exc.wire_fields() or ''}") from exc
    click.echo(f"{'created' if created else 'promoted'} admin {user.email} (id {user.id})")


commands = [create_admin_command]
