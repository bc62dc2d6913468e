"""How route facts are written: amounts, processing spans, status lines, summaries."""

from __future__ import annotations

import re
from decimal import Decimal

from plugins.calc.services import household_words
from plugins.visas.models import VisaType


def money(amount: Decimal | None, currency: str, usd: Decimal | None = None) -> str:
    if amount is None:
        return "amount not published"
    text = f"{currency} {amount:,.2f}".replace(".00", "") if currency else f"{amount:,.2f}"
    if usd is not None and currency != "USD":
        text += f" (≈ ${usd:,.2f})"
    return text


def span(visa: VisaType) -> str | None:
    low, high = visa.processing_time_min_weeks, visa.processing_time_max_weeks
    if low is not None and high is not None:
        return f"{low}–{high} weeks" if low != high else f"{high} weeks"
    if high is not None:
        return f"up to {high} weeks"
    if low is not None:
        return f"at least {low} weeks"
    return None


def status_line(visa: VisaType) -> str:
    return (
        f"{visa.name} is {visa.nigeria_status.upper()} for Nigerian passport holders "
        f"(as of {visa.nigeria_status_as_of}): {visa.nigeria_status_reason}"
    )


def requirement_naming(visa: VisaType, *words: str) -> str | None:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    return next((r for r in visa.requirements or [] if pattern.search(r)), None)


def route_summary(visa: VisaType) -> str:
    parts = [f"{visa.name} ({visa.category})"]
    if visa.nigeria_status != "open":
        parts.append(visa.nigeria_status.upper() + " for Nigerians")
    if span(visa):
        parts.append(f"decision in {span(visa)}")
    if visa.cost_estimate_min:
        parts.append(f"official fees from ${visa.cost_estimate_min:,.2f}")
    return ": ".join(parts[:1]) + (" — " + ", ".join(parts[1:]) if parts[1:] else "")


def who(deps: int, partner: bool | None, known: bool) -> str:
    if not known or deps == 0:
        return "one person" if known else "one person (you alone)"
    return f"a household of {deps + 1} (you, {household_words(deps, partner)})"


def per_country(ordered: list[VisaType]) -> list[VisaType]:
    seen, firsts = set(), []
    for visa in ordered:
        if visa.country.code not in seen:
            seen.add(visa.country.code)
            firsts.append(visa)
    return firsts


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", (text or "").strip())
    return (match.group(1) if match else (text or "")).strip().rstrip(".")


def routes_word(count: int) -> str:
    return f"{count} route" + ("" if count == 1 else "s")
