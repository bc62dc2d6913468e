"""``flask import-visa-types FILE --country=CODE``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from japaguide.importing import echo_result
from plugins.visas import importer


@click.command("import-visa-types")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--country", help="ISO alpha-3 code (defaults to the file's `country`).")
@click.option("--dry-run", is_flag=True, help="Validate and report without saving.")
@with_appcontext
def import_visa_types_command(path: str, country: str | None, dry_run: bool) -> None:
    """Import visa types with their steps and money (upsert by country + slug)."""
    try:
        payload = json.loads(Path(path).read_text())
    except ValueError as exc:
        raise click.ClickException(f"{path}: not valid JSON: {exc}") from exc
    echo_result(
        importer.import_visa_types(payload, country=country, dry_run=dry_run),
        f"visa types ({Path(path).name})",
    )


commands = [import_visa_types_command]
