"""Money for a household: the fees it pays and the funds it shows, summed by the calculator's
and visas' services, and the FACTS lines a model may state about a route."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from japaguide.money import to_usd
from plugins.ai.answers.wording import (
    money,
    span,
    status_line,
)
from plugins.ai.understanding import Understanding
from plugins.calc.services import proof_of_funds
from plugins.countries.services import rates_table
from plugins.visas.models import VisaType
from plugins.visas.services import applicable, partner_default


def dependants(u: Understanding, profile: dict[str, Any]) -> tuple[int, bool | None, bool]:
    """(dependants, partner, known): the household from the message, slots or profile."""
    if u.household:
        return u.household - 1, u.partner, True
    deps = profile.get("num_dependents") or profile.get("numDependents")
    if deps is not None:
        return int(deps), None, True
    return 0, None, False


def funds_lines(visa: VisaType, dependants: int, partner: bool | None) -> tuple[str, list[str]]:
    """The money to show for this household, summed by the calculator's own service."""
    if partner is None:
        partner = partner_default(visa.category)
    funds = proof_of_funds(visa, dependants, partner)
    if funds is None:
        return "", []
    total = money(funds["amount"], funds["currency"] or "", funds["amount_usd"])
    if funds["amount"] is None:
        total = f"${funds['amount_usd']:,.2f}"
    lines = [
        f"{item['label']}: {money(item['amount'], item['currency'], item['amount_usd'])}"
        + (f" × {item['count']}" if item["count"] > 1 else "")
        for item in funds["items"]
    ]
    if funds["holding_period_days"]:
        lines.append(f"The money must be held for {funds['holding_period_days']} days.")
    return total, lines


def fee_lines(
    visa: VisaType, dependants: int, partner: bool | None, months: int | None = None
) -> tuple[str, list[str]]:
    """The fees this household pays at the route's steps; yearly charges for every started
    year of ``months`` (one year unless the message says how long)."""
    if partner is None:
        partner = partner_default(visa.category)
    items = applicable(visa.money, dependants, kind="spend", months=months, partner=partner)
    lines, usd = [], Decimal(0)
    for item, times in items:
        if item.step_order is None or item.amount is None:
            continue
        per = item.applies_to.replace("_", " ")
        line = f"{item.label}: {money(item.amount, item.currency)} {per}"
        if times > 1:
            line += f" × {times} = {money(item.amount * times, item.currency)}"
        lines.append(line)
        if item.amount_usd is not None:
            usd += item.amount_usd * times
    return (f"${usd:,.2f}" if usd else ""), lines + employer_lines(visa)


def employer_lines(visa: VisaType) -> list[str]:
    """Money the employer or sponsor pays or must meet, and bars to clear: said, never
    counted as yours. A minimum salary is kind ``threshold`` (the older form, kind ``show``
    paid by an employer, reads alike); one with no payer named is a bar you meet yourself."""
    priced = [m for m in visa.money if m.amount is not None]
    others = [m for m in priced if (m.paid_by or "applicant") != "applicant"]
    paid = [m for m in others if m.kind == "spend"]
    bars = [m for m in others if m.kind in ("threshold", "show")]
    own_bars = [
        m for m in priced if m.kind == "threshold" and (m.paid_by or "applicant") == "applicant"
    ]
    lines = []
    if paid:
        lines.append(
            "Paid by the employer or sponsor, not you: "
            + "; ".join(f"{m.label}: {money(m.amount, m.currency)}" for m in paid[:2])
        )
    if bars:
        lines.append(
            "Thresholds your employer or sponsor must meet: "
            + "; ".join(f"{m.label}: {money(m.amount, m.currency)}" for m in bars[:2])
        )
    if own_bars:
        lines.append(
            "Thresholds to meet (not money you pay or hold): "
            + "; ".join(f"{m.label}: {money(m.amount, m.currency)}" for m in own_bars[:2])
        )
    return lines


def route_facts(visa: VisaType, deps: int, partner: bool | None) -> list[str]:
    """Everything a model may state about a route this answer is about (the FACTS block)."""
    lines = [f"{visa.name} ({visa.country.name}, {visa.category} route)."]
    lines.append(
        status_line(visa)
        if visa.nigeria_status != "open"
        else f"{visa.name} is open to Nigerian passport holders (as of "
        f"{visa.nigeria_status_as_of})."
    )
    if span(visa):
        lines.append(f"Processing time: {span(visa)}.")
    fees, fee_items = fee_lines(visa, deps, partner)
    if fees:
        lines.append(f"Official fees for this household: about {fees}.")
    lines.extend(fee_items)
    funds, fund_items = funds_lines(visa, deps, partner)
    if funds:
        lines.append(f"Money to show (and keep): {funds}.")
        lines.extend(fund_items)
    if visa.steps:
        lines.append("Steps: " + "; ".join(f"{s.order}) {s.title}" for s in visa.steps[:5]) + ".")
    return lines


def budget_point(
    u: Understanding, visa: VisaType, deps: int, partner: Any, months: int | None = None
) -> str | None:
    """Whether the budget the user gave covers the fees and the money to show (no new figure:
    the comparison is made in dollars at the rates table, only the verdict is said)."""
    if not u.budget:
        return None
    amount, currency, written = u.budget
    budget_usd = to_usd(Decimal(str(amount)), currency, rates_table())
    if budget_usd is None:
        return None
    fees = usd(fee_lines(visa, deps, partner, months)[0]) or Decimal(0)
    funds = proof_of_funds(visa, deps, partner)
    show = funds["amount_usd"] if funds else Decimal(0)
    if budget_usd >= fees + show:
        verdict = "covers these official fees and the money to show"
    elif budget_usd >= fees:
        verdict = "covers these official fees, but not the money to show as well"
    else:
        verdict = "does not cover these official fees yet"
    return f"Your budget of {written} {verdict}."


def usd(text: str) -> Decimal | None:
    return Decimal(text.replace("$", "").replace(",", "")) if text else None
