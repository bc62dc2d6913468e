"""Turning Country rows into response dicts (shared by the list, detail and other plugins)."""

from __future__ import annotations

from typing import Any

from japaguide.media import image_urls
from japaguide.provenance import expand_provenance, is_stale
from japaguide.schemas import camelize
from plugins.countries.models import Country


def country_summary(country: Country) -> dict[str, Any]:
    """Values of the list item (dumped by ``CountrySummarySchema``)."""
    return {
        "code": country.code,
        "name": country.name,
        "region": country.region,
        "capital": country.capital,
        "currency": country.currency,
        "population": country.population,
        "summary": country.summary,
        "cost_of_living_index": country.cost_of_living_index,
        "difficulty_score": country.difficulty_score,
        "avg_rent_monthly_usd": country.avg_rent_monthly_usd,
        "avg_meal_cost_usd": country.avg_meal_cost_usd,
        "healthcare_monthly_usd": country.healthcare_monthly_usd,
        "flag": image_urls(country.flag_image),
        "last_verified": country.last_verified,
        "stale": is_stale(country.last_verified),
    }


def country_detail(country: Country, sections: dict[str, Any]) -> dict[str, Any]:
    values = country_summary(country)
    values.update(
        aliases=list(country.aliases or []),
        alpha2=country.alpha2,
        metadata=dict(country.meta or {}),
        hero=image_urls(country.hero_image),
        sources=list(country.sources or []),
        confidence=country.confidence,
        provenance={
            camelize(fact): info
            for fact, info in expand_provenance(
                country.provenance, country.sources or [], country.last_verified
            ).items()
        },
        visa_summary=sections.pop("visa_summary", None),
        sections=sections,
    )
    return values
