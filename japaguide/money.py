"""Money helpers of the host: cents rounding and conversion through a dated rates table.

A kit shared by every plugin that handles amounts, so an amount rounds and converts the same
way in a playbook, a visa route, an estimate and a third party's feature. Rates are whatever
rows the caller holds with a ``per_usd`` figure (units of the currency per US dollar): the host
knows no rates table of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

TWO_PLACES = Decimal("0.01")
#: Amounts above this are rejected as absurd (USD; the dearest real move is far below it).
MAX_MONEY = Decimal("100000000")


class Rate(Protocol):
    per_usd: Any


def round_money(value: Decimal | float | int | str) -> Decimal:
    """Round to cents, half up, as money is rounded on paper."""
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def to_usd(amount: Decimal, currency: str, rates: Mapping[str, Rate]) -> Decimal | None:
    """Convert an official amount to USD through the dated rates table (None if no rate)."""
    if currency == "USD":
        return round_money(amount)
    rate = rates.get(currency)
    if rate is None or not rate.per_usd:
        return None
    return round_money(Decimal(amount) / Decimal(rate.per_usd))


def from_usd(amount: Decimal, currency: str, rates: Mapping[str, Rate]) -> Decimal | None:
    """Convert a USD amount to ``currency`` (None if no rate)."""
    if currency == "USD":
        return round_money(amount)
    rate = rates.get(currency)
    if rate is None:
        return None
    return round_money(Decimal(amount) * Decimal(rate.per_usd))
