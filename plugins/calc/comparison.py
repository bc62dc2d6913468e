"""Cost comparison from real data: where an estimate stands among others for the country.

Estimates are compared per month per person (so 12 and 36 month plans, or families and single
movers, compare fairly). The sample is the stored estimates for the country (the same visa
route when one is chosen), plus reference estimates computed from the country's own cost data
for each of its visa routes. The typical range is the sample's interquartile range, brought
back to this estimate's duration and family size.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from japaguide.extensions import db
from japaguide.schemas import round_money
from plugins.calc.models import CostEstimate

#: At most this many stored estimates are read (the most recent).
SAMPLE_LIMIT = 500


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


def stored_sample(country_id: int, visa_type_id: int | None) -> list[Decimal]:
    query = select(CostEstimate.monthly_per_person).where(CostEstimate.country_id == country_id)
    if visa_type_id is not None:
        query = query.where(CostEstimate.visa_type_id == visa_type_id)
    query = query.order_by(CostEstimate.id.desc()).limit(SAMPLE_LIMIT)
    return [Decimal(v) for v in db.session.scalars(query)]


def compare(
    value: Decimal,
    total: Decimal,
    months: int,
    people: int,
    stored: list[Decimal],
    reference: list[Decimal],
    label: str,
) -> dict[str, Any]:
    sample = sorted(stored + reference)
    factor = Decimal(months * people)
    if not sample:
        return {
            "your_estimate": round_money(total),
            "typical_range": None,
            "percentile": None,
            "sample_size": 0,
            "compared_against": f"nothing yet for {label}",
        }
    at_or_below = sum(1 for v in sample if v <= value)
    percentile = round(100 * at_or_below / len(sample))
    low = round_money(_quantile(sample, 0.25) * factor)
    high = round_money(_quantile(sample, 0.75) * factor)
    return {
        "your_estimate": round_money(total),
        "typical_range": f"{low:.0f}-{high:.0f}",
        "typical_low": low,
        "typical_high": high,
        "percentile": _ordinal(max(1, min(percentile, 100))),
        "percentile_value": percentile,
        "sample_size": len(sample),
        "compared_against": (
            f"{len(stored)} stored estimate(s) and {len(reference)} reference estimate(s) from "
            f"the cost data of {label}, per month per person"
        ),
    }


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
