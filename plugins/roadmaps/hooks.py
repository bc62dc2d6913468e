"""Hook implementations of the roadmaps plugin."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def analytics_figures(start: Any, end: Any) -> dict[str, Any] | None:
    from sqlalchemy import func, select

    from japaguide.extensions import db
    from plugins.countries.models import Country
    from plugins.roadmaps.models import Roadmap

    rows = db.session.execute(
        select(Country.code, func.count(Roadmap.id))
        .join(Country, Country.id == Roadmap.country_id)
        .where(Roadmap.created_at >= start, Roadmap.created_at < end)
        .group_by(Country.code)
    ).all()
    return {
        "popular_countries": {"roadmaps": {code: n for code, n in rows}},
        "roadmaps_created": sum(n for _, n in rows),
    }
