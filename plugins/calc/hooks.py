"""Hook implementations of the calc plugin."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def analytics_figures(start: Any, end: Any) -> dict[str, Any] | None:
    from sqlalchemy import func, select

    from japaguide.extensions import db
    from plugins.calc.models import CostEstimate
    from plugins.countries.models import Country

    rows = db.session.execute(
        select(Country.code, func.count(CostEstimate.id))
        .join(Country, Country.id == CostEstimate.country_id)
        .where(CostEstimate.created_at >= start, CostEstimate.created_at < end)
        .group_by(Country.code)
    ).all()
    return {
        "popular_countries": {"estimates": {code: n for code, n in rows}},
        "estimates_created": sum(n for _, n in rows),
    }
