"""Reading visa routes: per country, by id, summaries for playbooks; cached and constant-query.

Also which of a route's money items apply to a household (below), which the calculator and
the importer read alike: part of this plugin's public face.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import case, or_, select
from sqlalchemy.orm import joinedload, lazyload

from japaguide.caching import remember, versioned_key
from japaguide.errors import NotFound
from japaguide.extensions import db
from japaguide.provenance import is_stale
from plugins.countries.models import Country
from plugins.countries.services import CACHE_NAMESPACE, get_country, normalise_search
from plugins.visas.models import PreDepartureCost, VisaMoney, VisaType

# ``applicable`` and ``partner_default`` are re-exported: household sums are part of this
# plugin's public face (Japabot counts a family's funds and fees with them).
VISA_CACHE_SECONDS = 3600


# ----------------------------------------------------------------- household
#
# Which of a visa route's money items apply to a household, and how many times.
#
# Authorities state money three ways, and the calculator, the importer's cost ranges and the
# API must all read them alike:
#
# - per person kind (``per_applicant``, ``per_dependant``, ``once``, ``per_year`` …);
# - as a table by family size (``household_size`` = 1, 2, 3 …: IRCC settlement funds, the
#   Canadian study-permit living costs), plus an amount ``per_additional_member`` beyond the
#   largest size in the table;
# - paid by someone else (``paid_by`` employer or sponsor): shown, never counted against the
#   migrant's own money;
# - for a kind of family member: ``per_partner`` (a spouse or partner, at most one) and
#   ``per_child`` (each child). Dependants are read as a partner and children unless the request
#   says there is no partner, since authorities charge them differently (IRCC: CAD 990 for a
#   spouse, far less for a child; Australia: adult and child charges).
#
# Periodic amounts count over a period: ``per_year`` once per started year, ``per_year_per_person``
# for each person each year (the UK Immigration Health Surcharge is paid up front for every year
# of the visa), ``per_month`` each month. Money spent counts over the months being priced; money
# shown is one year's worth, which is what authorities ask to see (IRCC, France, Ireland).

T = TypeVar("T")

PAYERS = ("applicant", "employer", "sponsor")
SHOWN_MONTHS = 12


def partner_default(category: str | None) -> bool | None:
    """On a family route the applicant is the partner: the dependants are children."""
    return False if category == "family" else None


def same_city(a: str, b: str) -> bool:
    """City names compared without case or accents ("malaga" is "Málaga")."""
    return normalise_search(a) == normalise_search(b)


def applies_in_city(
    in_cities: list[str] | None, outside_cities: list[str] | None, city: str | None
) -> bool:
    """Whether an item with these city rules applies to someone living in ``city``."""
    city = city or ""
    if in_cities and not any(city and same_city(city, c) for c in in_cities):
        return False
    return not any(city and same_city(city, c) for c in outside_cities or [])


def _attr(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def applicable(
    items: Iterable[T],
    dependants: int,
    *,
    kind: str,
    months: int | None = None,
    partner: bool | None = None,
    city: str | None = None,
    get: Callable[[Any, str], Any] = _attr,
) -> list[tuple[T, int]]:
    """``(item, times)`` for every item of ``kind`` the applicant's household pays or shows.

    ``dependants`` is the number of people besides the principal applicant, of whom one is a
    partner unless ``partner`` is False; ``months`` the period priced (default: one year, and
    always one year for money shown). ``city`` picks between items with city rules (the UK
    Student route's London living costs); without one, items limited to named cities are left
    out and the "everywhere else" items apply.
    """
    dependants = max(dependants, 0)
    household = 1 + dependants
    partners = 1 if dependants and partner is not False else 0
    children = dependants - partners
    period = SHOWN_MONTHS if kind == "show" or not months else max(int(months), 1)
    years = math.ceil(period / 12)
    own = [
        item
        for item in items
        if get(item, "kind") == kind
        and (get(item, "paid_by") or "applicant") == "applicant"
        and applies_in_city(get(item, "in_cities"), get(item, "outside_cities"), city)
    ]
    table = [item for item in own if get(item, "household_size")]
    chosen: list[tuple[T, int]] = []
    beyond_table = 0
    if table:
        sizes = sorted({int(get(item, "household_size")) for item in table})
        row = max((size for size in sizes if size <= household), default=sizes[0])
        chosen += [(item, 1) for item in table if int(get(item, "household_size")) == row]
        beyond_table = max(household - sizes[-1], 0)
    for item in own:
        if get(item, "household_size"):
            continue
        applies_to = get(item, "applies_to") or "per_applicant"
        if applies_to == "per_additional_member":
            times = beyond_table if table else dependants
        elif applies_to == "per_dependant":
            times = dependants
        elif applies_to == "per_partner":
            times = partners
        elif applies_to == "per_child":
            times = children
        elif applies_to == "per_year":
            times = years
        elif applies_to == "per_year_per_person":
            times = household * years
        elif applies_to == "per_month":
            times = period
        else:
            times = 1
        if times:
            chosen.append((item, times))
    return chosen


def pre_departure_costs() -> dict[str, list[PreDepartureCost]]:
    grouped: dict[str, list[PreDepartureCost]] = {}
    for row in db.session.scalars(select(PreDepartureCost).order_by(PreDepartureCost.key)):
        grouped.setdefault(row.group, []).append(row)
    return grouped


def money_view(item: VisaMoney | PreDepartureCost) -> dict[str, Any]:
    return {
        "key": item.key,
        "label": item.label,
        "kind": getattr(item, "kind", "spend"),
        "category": getattr(item, "category", getattr(item, "group", "other")),
        "amount": item.amount,
        "currency": item.currency,
        "amount_usd": item.amount_usd,
        "applies_to": getattr(item, "applies_to", "per_applicant"),
        "refundable": getattr(item, "refundable", False),
        "effective_date": item.effective_date,
        "holding_period_days": getattr(item, "holding_period_days", None),
        "step": getattr(item, "step_order", None),
        "paid_by": getattr(item, "paid_by", "applicant"),
        "household_size": getattr(item, "household_size", None),
        "in_cities": list(getattr(item, "in_cities", None) or []),
        "outside_cities": list(getattr(item, "outside_cities", None) or []),
        "source": item.source or None,
        "last_verified": item.last_verified,
        "confidence": item.confidence,
        "stale": is_stale(item.last_verified),
        "note": item.note,
    }


def nigeria_status_view(visa: VisaType) -> dict[str, Any]:
    """A route's status for a Nigerian passport, as every plugin shows it."""
    return {
        "status": visa.nigeria_status,
        "reason": visa.nigeria_status_reason,
        "as_of": visa.nigeria_status_as_of,
        "source": visa.nigeria_status_source or None,
    }


def nigeria_status_warning(visa: VisaType) -> str | None:
    """One sentence for a route Nigerians cannot simply use now; None when it is open."""
    if visa.nigeria_status == "open":
        return None
    return (
        f"{visa.name} is {visa.nigeria_status} for Nigerian passport holders "
        f"(as of {visa.nigeria_status_as_of}): {visa.nigeria_status_reason}"
    )


def visa_view(visa: VisaType, pre_departure: dict[str, list[PreDepartureCost]]) -> dict[str, Any]:
    """The full route: ordered steps with their costs, money split into spend and show."""
    money = [money_view(m) for m in visa.money]
    steps = []
    for step in visa.steps:
        steps.append(
            {
                "id": step.id,
                "order": step.order,
                "title": step.title,
                "description": step.description,
                "estimated_time_days": step.estimated_time_days,
                "estimated_cost_usd": step.estimated_cost_usd,
                "location": step.location,
                "tips": list(step.tips or []),
                "common_pitfalls": list(step.common_pitfalls or []),
                "money": [m for m in money if m["step"] == step.order],
            }
        )
    total_cost = sum((s.estimated_cost_usd or Decimal("0") for s in visa.steps), Decimal("0"))
    total_days = sum(s.estimated_time_days or 0 for s in visa.steps)
    show = [m for m in money if m["kind"] == "show"]
    return {
        "id": visa.id,
        "slug": visa.slug,
        "name": visa.name,
        "category": visa.category,
        "country": {"code": visa.country.code, "name": visa.country.name},
        "description": visa.description,
        "processing_time_min_weeks": visa.processing_time_min_weeks,
        "processing_time_max_weeks": visa.processing_time_max_weeks,
        "cost_estimate_min": visa.cost_estimate_min,
        "cost_estimate_max": visa.cost_estimate_max,
        "currency": "USD",
        "rates_as_of": visa.rates_as_of,
        "requirements": list(visa.requirements or []),
        "nigeria_status": nigeria_status_view(visa),
        "steps": steps,
        "totals": {"cost_usd": total_cost, "time_days": total_days, "steps": len(steps)},
        "spend": [m for m in money if m["kind"] == "spend"],
        "show": show,
        "thresholds": [m for m in money if m["kind"] == "threshold"],
        "pre_departure": [
            money_view(item)
            for group in visa.pre_departure or []
            for item in pre_departure.get(group, [])
        ],
        "sources": list(visa.sources or []),
        "last_verified": visa.last_verified,
        "confidence": visa.confidence,
        "stale": is_stale(visa.last_verified),
        "is_active": visa.is_active,
    }


def visa_types_for_country(code: str) -> list[dict[str, Any]]:
    """Every active route of a country (cached 1 hour under ``visas:country:{code}``)."""
    country = get_country(code)
    key = versioned_key(CACHE_NAMESPACE, f"visas:country:{country.code}")

    def produce() -> list[dict[str, Any]]:
        visas = db.session.scalars(
            select(VisaType)
            .where(VisaType.country_id == country.id, VisaType.is_active.is_(True))
            .order_by(VisaType.category, VisaType.name)
        ).all()
        pre = pre_departure_costs()
        return [visa_view(v, pre) for v in visas]

    value, _hit = remember(key, VISA_CACHE_SECONDS, produce)
    return value


def get_visa(visa_id: int) -> VisaType:
    visa = db.session.get(VisaType, visa_id)
    if visa is None or not visa.is_active:
        raise NotFound(f"No visa type with id {visa_id}.")
    return visa


def visa_detail(visa_id: int) -> dict[str, Any]:
    key = versioned_key(CACHE_NAMESPACE, f"visas:detail:{visa_id}")

    def produce() -> dict[str, Any]:
        return visa_view(get_visa(visa_id), pre_departure_costs())

    value, _hit = remember(key, VISA_CACHE_SECONDS, produce)
    return value


def find_visa_for_country(country: Country, ref: Any) -> VisaType | None:
    """A country's visa by id, slug or category word (e.g. "student" → the study route)."""
    if ref is None or ref == "":
        return None
    # The route's steps come in the same statement (whoever asks for a route uses its steps).
    # The country is the caller's (already in the session): joined, the playbook's large JSON
    # columns would repeat on every step row, and psycopg decodes them per row (two fifths of
    # an estimate's CPU).
    query = (
        select(VisaType)
        .where(VisaType.country_id == country.id, VisaType.is_active.is_(True))
        .options(joinedload(VisaType.steps), lazyload(VisaType.country))
    )
    text = str(ref).strip().lower()
    if isinstance(ref, int) or (text.isascii() and text.isdigit()):
        number = int(text)
        # An id no integer column holds is no route (rather than the database's overflow).
        if not 1 <= number <= 2**31 - 1:
            return None
        return _first_route(query.where(VisaType.id == number))
    category = {
        "student": "study",
        "study": "study",
        "work": "work",
        "worker": "work",
        "family": "family",
        "spouse": "family",
        "business": "business",
        "talent": "talent",
        "visit": "visit",
        "tourist": "visit",
    }.get(text)
    if not category:
        return _first_route(query.where(VisaType.slug == text))
    # One statement: the slug's route if there is one, else the category's first route.
    slug_first = case((VisaType.slug == text, 0), else_=1)
    return _first_route(
        query.where(or_(VisaType.slug == text, VisaType.category == category))
        .order_by(slug_first, VisaType.id)
        .limit(1)
    )


def _first_route(query: Any) -> VisaType | None:
    """The first route of ``query`` with its whole steps collection (every joined row read)."""
    routes = db.session.scalars(query).unique().all()
    return routes[0] if routes else None


def visa_summary(country: Country) -> dict[str, Any]:
    """Count, cheapest and fastest route of a country (one query)."""
    visas = db.session.execute(
        select(
            VisaType.id,
            VisaType.name,
            VisaType.slug,
            VisaType.cost_estimate_min,
            VisaType.processing_time_min_weeks,
            VisaType.nigeria_status,
        ).where(VisaType.country_id == country.id, VisaType.is_active.is_(True))
    ).all()
    priced = [v for v in visas if v.cost_estimate_min is not None]
    timed = [v for v in visas if v.processing_time_min_weeks is not None]
    cheapest = min(priced, key=lambda v: v.cost_estimate_min, default=None)
    fastest = min(timed, key=lambda v: v.processing_time_min_weeks, default=None)
    return {
        "count": len(visas),
        "cheapest": None
        if cheapest is None
        else {
            "id": cheapest.id,
            "name": cheapest.name,
            "slug": cheapest.slug,
            "costEstimateMinUsd": float(cheapest.cost_estimate_min),
        },
        "fastest": None
        if fastest is None
        else {
            "id": fastest.id,
            "name": fastest.name,
            "slug": fastest.slug,
            "processingTimeMinWeeks": fastest.processing_time_min_weeks,
        },
        "open_to_nigerians": sum(1 for v in visas if v.nigeria_status == "open"),
    }
