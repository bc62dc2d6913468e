"""Answers about money to show, fees and processing time (the answer first, then the sums)."""

from __future__ import annotations

from typing import Any

from plugins.ai.answers.composed import (
    Composed,
)
from plugins.ai.answers.household import (
    budget_point,
    fee_lines,
    funds_lines,
)
from plugins.ai.answers.wording import (
    route_summary,
    span,
)
from plugins.ai.understanding import Understanding
from plugins.visas.models import VisaType


def answer_funds(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    for visa in visas[:3]:
        total, lines = funds_lines(visa, deps, partner)
        if total:
            c.frame = "funds"
            c.slots |= {"route": visa.name, "country": visa.country.name, "amount": total}
            fees, _ = fee_lines(visa, deps, partner)
            c.points = lines + (
                [f"Official fees for the same household: about {fees} (money you spend)."]
                if fees
                else []
            )
            if visa is not visas[0]:
                c.visas = [visa, *[v for v in visas if v is not visa]]
            if point := budget_point(u, visa, deps, partner):
                c.points.insert(0, point)
            return
    answer_money(c, u, visas, deps, partner)
    if c.frame == "cost":
        c.points.insert(0, f"{visas[0].name} lists no money to show in Japaguide's data.")


def answer_money(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    visa = visas[0]
    total, lines = fee_lines(visa, deps, partner, u.months)
    if u.months and u.months > 12 and total:
        c.slots["who"] += f" over {u.months // 12 if u.months % 12 == 0 else u.months} " + (
            "years" if u.months % 12 == 0 else "months"
        )
    if not total and visa.cost_estimate_min is not None:
        total = f"${visa.cost_estimate_min:,.2f}"
    if not total:
        c.frame = "no_figure"
        c.slots["what"] = "official fees"
        c.points = [route_summary(v) for v in visas[:3]]
        return
    c.frame = "cost"
    c.slots["amount"] = total
    c.points = lines
    funds_total, _ = funds_lines(visa, deps, partner)
    if funds_total:
        c.points.append(f"On top of the fees you must show {funds_total} (you keep that money).")
    if point := budget_point(u, visa, deps, partner, u.months):
        c.points.insert(0, point)


def answer_time(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    timed = [v for v in visas if span(v)]
    if not timed:
        c.frame = "no_figure"
        c.slots["what"] = "a processing time"
        c.points = [route_summary(v) for v in visas[:3]]
        return
    visa = timed[0]
    c.frame = "fastest" if len(timed) > 1 and not u.routes else "time"
    c.slots |= {"route": visa.name, "country": visa.country.name, "span": span(visa)}
    c.points = [route_summary(v) for v in timed[1:4]]
    steps = sum(s.estimated_time_days or 0 for s in visa.steps)
    if steps:
        c.points.insert(0, f"The whole route, every step included, takes about {steps} days.")
    c.visas = [visa, *[v for v in visas if v is not visa]]
