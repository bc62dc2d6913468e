"""Turning a country's hidden-cost strings into amounts, without guessing.

"Winter clothing ($300-500 initial)"      → 400 (a range goes to its midpoint), once
"Phone plan ($40-60/month)"               → 50 a month × the duration
"Apartment deposit (first + last month)"  → 2 × the monthly rent
"Deposit (3-6 months' rent)"              → 4.5 × the monthly rent; "5 weeks' rent" and
                                            "six months of rent" read the same way
"Agent commission (5% of annual rent)"    → 5% of 12 months' rent
"Health insurance ($1,200/year)"          → 1,200 × duration / 12
"Credit history building"                 → null: no amount is stated, none is invented
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from japaguide.schemas import round_money

_AMOUNT = r"\$\s?(\d[\d,]*(?:\.\d+)?)(?:\s?[kK])?"
_RANGE = re.compile(_AMOUNT + r"(?:\s?(?:-|–|to)\s?\$?\s?(\d[\d,]*(?:\.\d+)?))?")
_MONTHLY = re.compile(r"/\s?(?:month|mo)\b|per\s+month|monthly|a\s+month", re.I)
_YEARLY = re.compile(r"/\s?(?:year|yr)\b|per\s+year|yearly|annual|a\s+year", re.I)
_FIRST_LAST = re.compile(r"first\s*\+\s*last\s+month", re.I)
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_COUNT = r"(\d+(?:\.\d+)?|" + "|".join(_WORDS) + r")"
_RENT_PERIODS = re.compile(
    _COUNT
    + r"(?:\s?(?:-|–|to)\s?"
    + _COUNT
    + r")?\s+(months?|weeks?)(?:'s|s'|')?\s+(?:of\s+)?rent",
    re.I,
)
_SHARE_OF_RENT = re.compile(r"(\d+(?:\.\d+)?)\s?%\s+of\s+(?:the\s+)?annual\s+rent", re.I)
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _count(text: str) -> Decimal:
    return Decimal(_WORDS[text.lower()]) if text.lower() in _WORDS else Decimal(text)


def _rent_based(text: str, rent_monthly: Decimal) -> tuple[Decimal, str] | None:
    """An amount stated as a share of the rent, with how it was read; None when it is not."""
    rent = Decimal(rent_monthly)
    if match := _SHARE_OF_RENT.search(text):
        share = Decimal(match.group(1))
        return rent * 12 * share / 100, f"{share}% of a year's rent at ${rent_monthly}/month"
    if match := _RENT_PERIODS.search(text):
        low = _count(match.group(1))
        high = _count(match.group(2)) if match.group(2) else low
        count = (low + high) / 2
        unit = match.group(3).lower()
        months = count / WEEKS_PER_MONTH if unit.startswith("week") else count
        stated = f"{low}-{high}" if high != low else f"{low}"
        return rent * months, f"{stated} {unit.rstrip('s')}s' rent at ${rent_monthly}/month"
    return None


def item_label(text: str) -> str:
    """The item without its parenthesised amount: "Winter clothing"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip() or text.strip()


def parse_hidden_cost(text: str, *, rent_monthly: Decimal | None, months: int) -> dict:
    """``{"item", "estimated", "basis", "recurrence"}`` for one hidden-cost string."""
    label = item_label(text)
    if _FIRST_LAST.search(text):
        if rent_monthly is None:
            return {
                "item": label,
                "estimated": None,
                "basis": "needs the rent",
                "recurrence": "once",
            }
        return {
            "item": label,
            "estimated": round_money(Decimal(rent_monthly) * 2),
            "basis": f"first + last month at ${rent_monthly}",
            "recurrence": "once",
        }
    if rent_monthly is not None and (read := _rent_based(text, rent_monthly)):
        amount, basis = read
        return {
            "item": label,
            "estimated": round_money(amount),
            "basis": basis,
            "recurrence": "once",
        }
    match = _RANGE.search(text)
    if match is None:
        return {"item": label, "estimated": None, "basis": "no amount stated", "recurrence": None}
    low = _number(match.group(1))
    high = _number(match.group(2)) if match.group(2) else low
    if re.search(r"\d\s?[kK]\b", match.group(0)):
        low, high = low * 1000, high * 1000
    amount = (low + high) / 2
    if _MONTHLY.search(text):
        return {
            "item": label,
            "estimated": round_money(amount * months),
            "basis": f"${amount}/month × {months} months",
            "recurrence": "monthly",
        }
    if _YEARLY.search(text):
        return {
            "item": label,
            "estimated": round_money(amount * months / 12),
            "basis": f"${amount}/year × {months}/12",
            "recurrence": "yearly",
        }
    basis = f"midpoint of ${low}-{high}" if high != low else f"${amount}"
    return {"item": label, "estimated": round_money(amount), "basis": basis, "recurrence": "once"}


def price_for(label: str, prices: list[dict]) -> dict | None:
    """The country's price record of a hidden cost, matched on its label (the record may
    repeat the parenthesised part of the string or leave it out)."""
    wanted = item_label(label).lower()
    return next((p for p in prices if item_label(p["item"]).lower() == wanted), None)


def priced_hidden_cost(
    label: str,
    price: dict,
    *,
    rent_monthly: Decimal | None,
    months: int,
    to_usd: Callable[[Decimal, str], Decimal | None],
) -> dict:
    """A hidden cost priced by its record: a sourced amount, a share of the rent, or an
    estimate with its basis; unpriced (null) with the record's reason."""
    row = {
        "item": label,
        "estimated": None,
        "basis": price.get("note") or "no amount stated",
        "recurrence": price.get("recurrence") or "once",
        "source": price.get("source"),
        "confidence": price.get("confidence"),
        "included_elsewhere": bool(price.get("included_elsewhere")),
    }
    if row["included_elsewhere"]:
        return row
    if price.get("rent_months") is not None and rent_monthly is not None:
        share = Decimal(str(price["rent_months"]))
        row["estimated"] = round_money(Decimal(rent_monthly) * share)
        row["basis"] = f"{share} months' rent at ${rent_monthly}/month" + (
            f" ({price['note']})" if price.get("note") else ""
        )
        return row
    if price.get("amount") is None:
        return row
    usd = to_usd(Decimal(str(price["amount"])), price["currency"])
    if usd is None:
        row["basis"] = f"no exchange rate for {price['currency']}"
        return row
    times = {"monthly": Decimal(months), "yearly": Decimal(months) / 12}.get(
        row["recurrence"], Decimal(1)
    )
    row["estimated"] = round_money(usd * times)
    stated = f"{price['currency']} {price['amount']}"
    per = {"monthly": f"/month × {months} months", "yearly": f"/year × {months}/12"}.get(
        row["recurrence"], ""
    )
    row["basis"] = stated + per + (f" ({price['note']})" if price.get("note") else "")
    return row
