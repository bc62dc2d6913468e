"""The exact money to show: each item the route requires, in naira, and by when.

Authorities ask for funds in their own currency (UK: £1,529 a month for 9 months in London),
held for a period (28 consecutive days) before the application. A family in Lagos buys that
money in naira, so each item is also given in naira at a dated rate, with the date the money
must be in the account when the application date is known, and optionally a buffer against
the naira weakening before the application, computed from the rates table's history.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from japaguide.money import from_usd, to_usd
from japaguide.schemas import round_money
from plugins.visas.models import VisaType
from plugins.visas.services import applicable

NAIRA = "NGN"
#: How far back the rates history is read for the naira buffer.
BUFFER_LOOKBACK_DAYS = 365
#: Dated rates needed (the current one included) before a buffer is computed.
BUFFER_MIN_POINTS = 3


def rate_label(rate: Any) -> dict[str, Any] | None:
    """A rate as a reader needs it: per USD, its own date and its own source."""
    if rate is None:
        return None
    source = dict(rate.source or {})
    return {
        "currency": rate.currency,
        "per_usd": rate.per_usd,
        "as_of": rate.as_of,
        "source": {k: source.get(k) for k in ("title", "url", "publisher")} if source else None,
        "confidence": source.get("confidence"),
        "note": source.get("note"),
    }


def _tuition_amount(item: Any, tuition_usd: Decimal | None, rates: dict[str, Any]) -> Any:
    """The first-year tuition an item leaves to the CAS/offer, from the user's figure."""
    if item.category != "tuition" or item.amount is not None or not tuition_usd:
        return None
    return from_usd(tuition_usd, item.currency, rates)


def application_date_for(
    visa: VisaType, application: date | None, target_move: date | None
) -> tuple[date | None, str | None]:
    """The application date given, or one worked back from the target move date through the
    route's longest published processing time."""
    if application is not None:
        return application, "your application date"
    if target_move is None or not visa.processing_time_max_weeks:
        return None, None
    weeks = visa.processing_time_max_weeks
    return (
        target_move - timedelta(weeks=weeks),
        f"your target move date ({target_move.isoformat()}) less the route's longest "
        f"published processing time ({weeks} weeks)",
    )


def proof_of_funds(
    visa: VisaType | None,
    dependants: int,
    partner: bool | None = None,
    *,
    city: str | None = None,
    tuition_usd: Decimal | None = None,
    rates: dict[str, Any] | None = None,
    application: date | None = None,
    target_move: date | None = None,
) -> dict[str, Any] | None:
    """Every item the route requires to be shown for this household and city, with totals in
    the official currency, USD and naira, the holding period and the date money must be in."""
    if visa is None:
        return None
    shown = applicable(visa.money, dependants, kind="show", partner=partner, city=city)
    if not shown:
        return None
    rates = rates or {}
    naira = rates.get(NAIRA)
    usd = Decimal(0)
    items = []
    unknown = []
    for m, count in shown:
        amount, amount_usd, from_input = m.amount, m.amount_usd, False
        if (typed := _tuition_amount(m, tuition_usd, rates)) is not None:
            amount, amount_usd, from_input = typed, round_money(tuition_usd), True
        if amount is not None and amount_usd is None:
            amount_usd = to_usd(Decimal(amount), m.currency, rates)
        if amount_usd is not None:
            usd += amount_usd * count
        else:
            unknown.append(m.label)
        items.append(
            {
                "label": m.label,
                "category": m.category,
                "amount": amount,
                "currency": m.currency,
                "amount_usd": amount_usd,
                "amount_ngn": from_usd(amount_usd * count, NAIRA, rates)
                if amount_usd is not None and naira
                else None,
                "applies_to": m.applies_to,
                "count": count,
                "holding_period_days": m.holding_period_days,
                "refundable": True,
                "from_your_input": from_input,
                "source": m.source or None,
                "last_verified": m.last_verified,
                "note": m.note,
            }
        )
    currencies = {i["currency"] for i in items}
    official = sum((i["amount"] * i["count"] for i in items if i["amount"] is not None), Decimal(0))
    holding = max((i["holding_period_days"] or 0 for i in items), default=0) or None
    applying, basis = application_date_for(visa, application, target_move)
    funds_in_by = None
    if applying is not None:
        funds_in_by = applying - timedelta(days=holding or 0)
        basis = (
            f"{holding} consecutive days before {basis} ({applying.isoformat()})"
            if holding
            else f"on {basis} ({applying.isoformat()})"
        )
    return {
        "amount_usd": round_money(usd),
        "amount": round_money(official) if len(currencies) == 1 else None,
        "currency": currencies.pop() if len(currencies) == 1 else None,
        "amount_ngn": from_usd(usd, NAIRA, rates) if naira else None,
        "ngn_rate": rate_label(naira),
        "holding_period_days": holding,
        "application_date": applying,
        "funds_in_account_by": funds_in_by,
        "funds_in_account_basis": basis,
        "is_lower_bound": bool(unknown),
        "unknown_items": unknown,
        "items": items,
        "note": "Money you must show but keep: it is not part of the cost of the move."
        + (
            " Some amounts are unknown (e.g. tuition not given): the total is a lower bound."
            if unknown
            else ""
        ),
    }


def naira_buffer(
    amount_ngn: Decimal | None, history: list[tuple[date, Decimal]], today: date
) -> dict[str, Any]:
    """Extra naira to hold against the naira weakening before the application.

    The basis is the worst weakening seen in the year of history up to the latest dated rate:
    the largest rise of naira per dollar from any dated rate to a later one. The year ends at
    the latest rate, not today, so a table that has not been refreshed still gives its year
    (and the basis names the period). With too little history no figure is invented.
    """
    latest = max((d for d, _ in history), default=today)
    since = latest - timedelta(days=BUFFER_LOOKBACK_DAYS)
    points = sorted((d, Decimal(r)) for d, r in history if d >= since)
    result: dict[str, Any] = {
        "percent": None,
        "amount_ngn": None,
        "points": len(points),
        "period_start": points[0][0] if points else None,
        "period_end": points[-1][0] if points else None,
    }
    if len(points) < BUFFER_MIN_POINTS or amount_ngn is None:
        result["basis"] = (
            f"not enough naira rate history: {len(points)} dated rate(s) in the "
            f"{BUFFER_LOOKBACK_DAYS} days to the latest rate (at least {BUFFER_MIN_POINTS} "
            "needed)"
        )
        return result
    worst = Decimal(0)
    lowest = points[0][1]
    for _, rate in points[1:]:
        worst = max(worst, rate / lowest - 1)
        lowest = min(lowest, rate)
    percent = round_money(worst * 100)
    result.update(
        percent=percent,
        amount_ngn=round_money(amount_ngn * worst),
        basis=(
            f"the largest weakening of the naira against the dollar between any two of "
            f"{len(points)} dated rates from {points[0][0].isoformat()} to "
            f"{points[-1][0].isoformat()} (rates table history)"
        ),
    )
    return result
