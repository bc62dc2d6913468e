"""Cost comparison from real data only: where an estimate stands among other people's.

Estimates are compared per month per person (so 12 and 36 month plans, or families and single
movers, compare fairly). The sample is other owners' stored estimates for the same country and
route — one per owner, their latest, so one person pricing ten variants is one voice — and,
beside it, approved stories' reported costs. The calculator's own reference outputs are never
a sample: comparing the tool with itself tells a family nothing. Below a minimum sample the
answer is "not enough data yet", not a percentile of two.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from japaguide.extensions import db
from japaguide.identity import Owner
from japaguide.schemas import round_money
from plugins.calc.models import CostEstimate

#: At most this many stored estimates are read (the most recent).
SAMPLE_LIMIT = 500
#: Other people's estimates needed before a range and percentile are given.
DEFAULT_MIN_SAMPLE = 5
NOT_ENOUGH = "not enough data yet"


def _quantile(sorted_values: list[Decimal], q: float) -> Decimal:
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    fraction = Decimal(str(position - low))
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * fraction


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def stored_sample(country_id: int, visa_type_id: int | None, owner: Owner) -> list[Decimal]:
    """Other owners' latest stored estimate each, per month per person, for this country and
    route (no route: estimates without one)."""
    query = select(
        CostEstimate.monthly_per_person, CostEstimate.user_id, CostEstimate.session_id
    ).where(CostEstimate.country_id == country_id)
    if visa_type_id is not None:
        query = query.where(CostEstimate.visa_type_id == visa_type_id)
    else:
        query = query.where(CostEstimate.visa_type_id.is_(None))
    query = query.order_by(CostEstimate.id.desc()).limit(SAMPLE_LIMIT)
    own = ("user", owner.user_id) if owner.user_id is not None else ("anon", owner.anon_id)
    latest: dict[tuple[str, Any], Decimal] = {}
    for value, user_id, session_id in db.session.execute(query):
        who = ("user", user_id) if user_id is not None else ("anon", session_id)
        if who == own or who in latest:
            continue
        latest[who] = Decimal(value)
    return list(latest.values())


def compare(
    value: Decimal,
    total: Decimal,
    months: int,
    people: int,
    stored: list[Decimal],
    label: str,
    minimum: int = DEFAULT_MIN_SAMPLE,
) -> dict[str, Any]:
    """Range and percentile among ``stored`` (other people's estimates), or "not enough data
    yet" below ``minimum``."""
    sample = sorted(stored)
    factor = Decimal(months * people)
    result: dict[str, Any] = {
        "your_estimate": round_money(total),
        "typical_range": None,
        "typical_low": None,
        "typical_high": None,
        "percentile": None,
        "percentile_value": None,
        "sample_size": len(sample),
        "minimum_sample": minimum,
        "enough_data": False,
    }
    if len(sample) < minimum:
        result["compared_against"] = (
            f"{NOT_ENOUGH}: {len(sample)} estimate(s) from other people for {label} "
            f"(at least {minimum} needed)"
        )
        return result
    at_or_below = sum(1 for v in sample if v <= value)
    percentile = round(100 * at_or_below / len(sample))
    low = round_money(_quantile(sample, 0.25) * factor)
    high = round_money(_quantile(sample, 0.75) * factor)
    result.update(
        typical_range=f"{low:.0f}-{high:.0f}",
        typical_low=low,
        typical_high=high,
        percentile=_ordinal(max(1, min(percentile, 100))),
        percentile_value=percentile,
        enough_data=True,
        compared_against=(
            f"{len(sample)} stored estimate(s) from other people for {label}, per month per person"
        ),
    )
    return result


def compare_with_stories(
    spend: Decimal, people: int, reported: list[dict[str, Any]], minimum: int, label: str
) -> dict[str, Any]:
    """Where this estimate's spending stands among approved stories' real totals.

    Compared per person (a story's total over its household), brought back to this household.
    Below ``minimum`` stories the range is withheld (a range of two is an anecdote), but the
    count is still given.
    """
    per_person = sorted(
        Decimal(r["total_usd"]) / max(1, int(r.get("household_size") or 1)) for r in reported
    )
    result: dict[str, Any] = {
        "sample_size": len(per_person),
        "minimum_sample": minimum,
        "typical_range": None,
        "typical_low": None,
        "typical_high": None,
        "percentile": None,
        "percentile_value": None,
        "compared_against": f"{len(per_person)} approved story cost(s) for {label}",
    }
    if len(per_person) < minimum:
        result["compared_against"] = (
            f"{NOT_ENOUGH}: {len(per_person)} approved story cost(s) for {label} "
            f"(at least {minimum} needed)"
        )
        return result
    value = spend / max(1, people)
    at_or_below = sum(1 for v in per_person if v <= value)
    percentile = round(100 * at_or_below / len(per_person))
    low = round_money(_quantile(per_person, 0.25) * people)
    high = round_money(_quantile(per_person, 0.75) * people)
    result.update(
        typical_range=f"{low:.0f}-{high:.0f}",
        typical_low=low,
        typical_high=high,
        percentile=_ordinal(max(1, min(percentile, 100))),
        percentile_value=percentile,
    )
    return result
