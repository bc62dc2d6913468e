"""``flask import-countries FILE`` and ``flask import-rates FILE``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from plugins.countries import importer


def echo_result(result: importer.ImportResult, what: str) -> None:
    if result.errors:
        click.echo(f"{what}: rejected, nothing changed. {len(result.errors)} error(s):", err=True)
        for error in result.errors:
            where = error.get("code") or error.get("slug") or error.get("record")
            click.echo(f"  record {where}: {error['field']}: {error['reason']}", err=True)
        raise SystemExit(1)
    prefix = "[dry run] " if result.dry_run else ""
    click.echo(
        f"{prefix}{what}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )


@click.command("import-countries")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate and report without saving.")
@with_appcontext
def import_countries_command(path: str, dry_run: bool) -> None:
    """Import countries from a JSON or CSV file (upsert by ISO code)."""
    content = Path(path).read_bytes()
    try:
        records = importer.parse_file(content, path)
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
