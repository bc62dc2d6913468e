"""``flask import-countries FILE`` and ``flask import-rates FILE``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from japaguide.importing import echo_result, parse_file
from plugins.countries import importer


@click.command("import-countries")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate and report without saving.")
@with_appcontext
def import_countries_command(path: str, dry_run: bool) -> None:
    """Import countries from a JSON or CSV file (upsert by ISO code)."""
    content = Path(path).read_bytes()
    try:
        records = parse_file(content, path)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot parse: {exc}") from exc
    if path.lower().endswith(".csv"):
        records = [importer.country_from_csv_row(row) for row in records]
    echo_result(importer.import_countries(records, dry_run=dry_run), "countries")


@click.command("import-rates")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate and report without saving.")
@with_appcontext
def import_rates_command(path: str, dry_run: bool) -> None:
    """Import the dated exchange-rate table (units per USD)."""
    payload = json.loads(Path(path).read_text())
    echo_result(importer.import_rates(payload, dry_run=dry_run), "exchange rates")


commands = [import_countries_command, import_rates_command]
