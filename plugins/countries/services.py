"""Browsing countries: filters, search, sorting, pagination, caching; currency conversion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from unidecode import unidecode

from japaguide.caching import bump_namespace, remember, stable_hash, versioned_key
from japaguide.errors import InvalidField, NotFound, RuleViolation
from japaguide.extensions import db
from plugins.countries.models import Country, ExchangeRate, ExchangeRateHistory

CACHE_NAMESPACE = "countries"
LIST_CACHE_SECONDS = 3600
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

SORTS = {
    "name": Country.name,
    "difficulty": Country.difficulty_score,
    "costOfLivingIndex": Country.cost_of_living_index,
    "rent": Country.avg_rent_monthly_usd,
    "population": Country.population,
    "code": Country.code,
}


def normalise_search(text: str) -> str:
    """Accent- and case-insensitive form used for search ("Türkiye" → "turkiye")."""
    return " ".join(unidecode(text or "").lower().split())


def build_search_text(code: str, alpha2: str, name: str, aliases: list[str]) -> str:
    return " | ".join(normalise_search(part) for part in [code, alpha2, name, *aliases] if part)


@dataclass(frozen=True)
class CountryFilters:
    region: str | None = None
    difficulty_min: int | None = None
    difficulty_max: int | None = None
    search: str | None = None
    rent_min: Decimal | None = None
    rent_max: Decimal | None = None
    cost_index_min: float | None = None
    cost_index_max: float | None = None
    sort: str = "name"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def as_key(self) -> dict[str, Any]:
        return {k: (str(v) if v is not None else None) for k, v in self.__dict__.items()}


def _apply_filters(query: Select, filters: CountryFilters) -> Select:
    query = query.where(Country.has_playbook.is_(True))
    if filters.region:
        query = query.where(
            func.lower(Country.region).contains(filters.region.strip().lower(), autoescape=True)
        )
    if filters.difficulty_min is not None:
        query = query.where(Country.difficulty_score >= filters.difficulty_min)
    if filters.difficulty_max is not None:
        query = query.where(Country.difficulty_score <= filters.difficulty_max)
    if filters.search:
        query = query.where(
            Country.search_text.contains(normalise_search(filters.search), autoescape=True)
        )
    if filters.rent_min is not None:
        query = query.where(Country.avg_rent_monthly_usd >= filters.rent_min)
    if filters.rent_max is not None:
        query = query.where(Country.avg_rent_monthly_usd <= filters.rent_max)
    if filters.cost_index_min is not None:
        query = query.where(Country.cost_of_living_index >= filters.cost_index_min)
    if filters.cost_index_max is not None:
        query = query.where(Country.cost_of_living_index <= filters.cost_index_max)
    return query


def _order(query: Select, sort: str) -> Select:
    descending = sort.startswith("-")
    column = SORTS[sort.lstrip("-")]
    ordered = column.desc() if descending else column.asc()
    return query.order_by(ordered.nulls_last(), Country.code)


def list_countries(filters: CountryFilters, view: Any) -> tuple[dict[str, Any], bool]:
    """A page of countries (values for the page schema), cached per filter set; (page, hit)."""
    if filters.sort.lstrip("-") not in SORTS:
        raise InvalidField(
            "sort",
            f"One of: {', '.join(sorted(SORTS))} (prefix - to reverse).",
            detail=f"Unknown sort {filters.sort!r}.",
        )
    if (
        filters.difficulty_min is not None
        and filters.difficulty_max is not None
        and filters.difficulty_min > filters.difficulty_max
    ):
        raise RuleViolation(  # an order between two filters: no schema states it
            "difficulty_min",
            "Must not exceed difficultyMax.",
            detail="difficultyMin is above difficultyMax.",
        )
    key = versioned_key(CACHE_NAMESPACE, f"countries:list:{stable_hash(filters.as_key())}")

    def produce() -> dict[str, Any]:
        base = _apply_filters(select(Country), filters)
        total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        rows = db.session.scalars(
            _order(base, filters.sort)
            .limit(filters.page_size)
            .offset((filters.page - 1) * filters.page_size)
        ).all()
        return {
            "count": total,
            "page": filters.page,
            "page_size": filters.page_size,
            "pages": max(1, -(-total // filters.page_size)),
            "results": [view(row) for row in rows],
        }

    return remember(key, LIST_CACHE_SECONDS, produce)


def get_country(code: str) -> Country:
    country = db.session.scalar(select(Country).where(Country.code == (code or "").upper()))
    if country is None:
        raise NotFound(f"No country with code {code!r}.")
    return country


def set_country_images(country: Country, files: dict[str, Any]) -> Country:
    """Store uploaded flag/hero images (brief folders ``flags/``, ``country_heroes/``)."""
    from japaguide.media import store_image

    folders = {"flag": ("flag_image", "flags"), "hero": ("hero_image", "country_heroes")}
    for kind, upload in files.items():
        if upload is None:
            continue
        attribute, folder = folders[kind]
        setattr(
            country,
            attribute,
            store_image(upload.stream, folder, name_hint=country.code, field=kind),
        )
    db.session.commit()
    invalidate_country_caches()
    return country


def invalidate_country_caches() -> None:
    """Any import or admin edit retires every cached list and visa listing."""
    bump_namespace(CACHE_NAMESPACE)


# ----------------------------------------------------------------- money


def rates_table() -> dict[str, ExchangeRate]:
    return {rate.currency: rate for rate in db.session.scalars(select(ExchangeRate))}


def rate_history(currency: str) -> list[tuple[Any, Decimal]]:
    """``(as_of, per_usd)`` of every dated rate of ``currency`` kept, oldest first."""
    rows = db.session.execute(
        select(ExchangeRateHistory.as_of, ExchangeRateHistory.per_usd)
        .where(ExchangeRateHistory.currency == currency)
        .order_by(ExchangeRateHistory.as_of)
    ).all()
    return [(row.as_of, Decimal(row.per_usd)) for row in rows]
