"""``flask import-points FILE``: map points from JSON or CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from plugins.maps import importer


@click.command("import-points")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate and report without saving.")
@with_appcontext
def import_points_command(path: str, dry_run: bool) -> None:
    """Import map points (upsert by country, type and name); a bad file changes nothing."""
    try:
        records = importer.read_points_file(Path(path).read_bytes(), path)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot parse: {exc}") from exc
    result = importer.import_points(records, dry_run=dry_run)
    if result.errors:
        click.echo(f"points: rejected, nothing changed. {len(result.errors)} error(s):", err=True)
        for error in result.errors:
            click.echo(
                f"  record {error['record']} ({error['slug']}): {error['field']}: "
                f"{error['reason']}",
                err=True,
            )
        raise SystemExit(1)
    prefix = "[dry run] " if dry_run else ""
    click.echo(
        f"{prefix}points: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )


commands = [import_points_command]
