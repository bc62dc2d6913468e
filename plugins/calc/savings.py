"""Savings plans: how long at the current rate, what monthly amount hits the target date."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any

from japaguide.schemas import round_money

#: Saving period assumed when the profile gives neither a savings rate nor a move date (brief).
DEFAULT_MONTHS_TO_SAVE = 12
#: Aggressive plans are at least this long, and 2/3 of the base; relaxed ones 1.5× (brief §15).
AGGRESSIVE_MIN_MONTHS = 6
AGGRESSIVE_FACTOR = Decimal("0.66")
RELAXED_FACTOR = Decimal("1.5")


def months_until(target: date, today: date) -> int:
    months = (target.year - today.year) * 12 + target.month - today.month
    if target.day < today.day:
        months -= 1
    return max(1, months)


def _plan(gap: Decimal, months: int) -> dict[str, Any]:
    months = max(1, months)
    return {"months": months, "monthly": round_money(gap / months)}


def savings_plan(
    target: Decimal,
    budget: Decimal | None,
    monthly_savings: Decimal | None,
    move_date: date | None,
    today: date,
) -> dict[str, Any]:
    """Plans to raise ``target`` (the cash needed) given what the profile says."""
    have = budget or Decimal(0)
    gap = max(Decimal(0), target - have)
    at_current_rate = None
    if monthly_savings:
        at_current_rate = math.ceil(gap / monthly_savings) if gap else 0
    if move_date is not None:
        base = months_until(move_date, today)
        basis = f"months until your target move date ({move_date.isoformat()})"
    elif at_current_rate is not None:
        base = max(1, at_current_rate)
        basis = "months at your current savings rate"
    else:
        base = DEFAULT_MONTHS_TO_SAVE
        basis = (
            f"a default {DEFAULT_MONTHS_TO_SAVE}-month saving period "
            "(no date or savings rate given)"
        )
    # Faster than the base plan, but never shorter than the brief's 6-month floor.
    aggressive = min(base, max(AGGRESSIVE_MIN_MONTHS, math.ceil(base * AGGRESSIVE_FACTOR)))
    relaxed = math.ceil(base * RELAXED_FACTOR)
    on_track = None
    if monthly_savings is not None and move_date is not None:
        on_track = monthly_savings * base >= gap
    return {
        "target": round_money(target),
        "budget": round_money(have),
        "gap": round_money(gap),
        "budget_minus_needed": round_money(have - target),
        "months_to_save": at_current_rate if at_current_rate is not None else base,
        "months_at_current_rate": at_current_rate,
        "monthly_target": round_money(gap / base),
        "basis": basis,
        "on_track": on_track,
        "aggressive_plan": _plan(gap, aggressive),
        "relaxed_plan": _plan(gap, relaxed),
    }
