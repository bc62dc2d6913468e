"""Hook implementations of the countries plugin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def seed_data(app: Any, seed_dir: str, echo: Any) -> dict[str, Any] | None:
    from plugins.countries import importer

    summary: dict[str, Any] = {"plugin": "countries"}
    rates_file = Path(seed_dir) / "exchange_rates.json"
    if rates_file.exists():
        result = importer.import_rates(json.loads(rates_file.read_text()))
        if result.errors:
            raise RuntimeError(f"{rates_file}: {result.errors}")
        summary["rates"] = result.as_dict()
        echo(f"exchange rates: {result.created} created, {result.updated} updated")
    countries_file = Path(seed_dir) / "countries.json"
    if countries_file.exists():
        result = importer.import_countries(json.loads(countries_file.read_text()))
        if result.errors:
            raise RuntimeError(f"{countries_file}: {result.errors[:5]}")
        summary["countries"] = result.as_dict()
        echo(
            f"countries: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
    return summary


@hookimpl
def register_admin_views(admin: Any, app: Any) -> None:
    from plugins.countries.admin import register

    register(admin)
