"""Hook implementations of the maps plugin."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from japaguide.plugins import hookimpl

POINTS_FILE = "map_points.json"


@hookimpl
def seed_data(app: Any, seed_dir: str, echo: Any) -> dict[str, Any] | None:
    """Capitals and popular cities of every playbook country (GeoNames), then the researched
    points of ``map_points.json``; one all-or-nothing import."""
    from sqlalchemy import select

    from japaguide.extensions import db
    from plugins.countries.models import Country
    from plugins.maps import importer
    from plugins.maps.services import seed_city_records

    path = Path(seed_dir) / POINTS_FILE
    researched = json.loads(path.read_text()) if path.exists() else []
    countries = [
        (c.code, c.capital, list((c.meta or {}).get("popular_cities", [])))
        for c in db.session.scalars(select(Country).where(Country.has_playbook.is_(True)))
    ]
    # Nigeria is where applicants start: its capital and Lagos frame the offices' layer.
    countries.append(("NGA", "Abuja", ["Lagos"]))
    verified = max((r.get("last_verified", "") for r in researched), default="") or str(
        date.today()
    )
    cities, missing = seed_city_records(countries, verified)
    result = importer.import_points(cities + researched)
    if result.errors:
        raise RuntimeError(f"{path}: {result.errors[:5]}")
    if missing:
        echo(f"map points: not in GeoNames, left off the map: {', '.join(missing)}")
    echo(
        f"map points: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    return {
        "plugin": "maps",
        "points": {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    }


@hookimpl
def register_admin_views(admin: Any, app: Any) -> None:
    from plugins.maps.admin import register

    register(admin)
