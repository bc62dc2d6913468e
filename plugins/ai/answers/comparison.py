"""Answers that compare two countries' routes on cost or time (small differences are ties)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plugins.ai.answers.composed import (
    TIE_SHARE,
    Composed,
)
from plugins.ai.answers.household import (
    fee_lines,
    funds_lines,
    usd,
)
from plugins.ai.answers.overview import answer_overview
from plugins.ai.answers.wording import (
    per_country,
    route_summary,
    span,
)
from plugins.ai.understanding import Understanding
from plugins.visas.models import VisaType


def answer_compare(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    firsts = per_country(visas)
    if len(firsts) < 2:
        answer_overview(c, u, visas, deps, partner)
        return
    a, b = firsts[:2]
    c.visas = [a, b, *[v for v in visas if v not in (a, b)]]
    c.slots |= {"a": a.country.name, "b": b.country.name, "ra": a.name, "rb": b.name}
    if "time" in u.wants and "money" not in u.wants:
        wa, wb = _realistic_weeks_visa(a), _realistic_weeks_visa(b)
        if wa is None or wb is None:
            c.frame = "compare_unknown"
            c.slots["what"] = "processing times"
        else:
            c.slots |= {"va": span(a), "vb": span(b)}
            c.frame = _winner(c, Decimal(wa), Decimal(wb), "faster")
    else:
        fa, _ = fee_lines(a, deps, partner)
        fb, _ = fee_lines(b, deps, partner)
        ca = usd(fa) or a.cost_estimate_min
        cb = usd(fb) or b.cost_estimate_min
        if ca is None or cb is None:
            c.frame = "compare_unknown"
            c.slots["what"] = "official fees"
        else:
            c.slots |= {"va": f"${ca:,.2f}", "vb": f"${cb:,.2f}"}
            c.frame = _winner(c, ca, cb, "cheaper")
    c.points = [route_summary(a), route_summary(b)]
    for visa in (a, b):
        total, _ = funds_lines(visa, deps, partner)
        if total:
            c.points.append(f"{visa.name} also asks you to show {total} (money you keep).")


def _realistic_weeks_visa(visa: VisaType) -> int | None:
    return visa.processing_time_max_weeks


def _winner(c: Composed, left: Decimal, right: Decimal, better: str) -> str:
    if abs(left - right) <= TIE_SHARE * max(left, right):
        return "compare_tie"
    if right < left:
        c.slots |= {
            "a": c.slots["b"],
            "b": c.slots["a"],
            "ra": c.slots["rb"],
            "rb": c.slots["ra"],
            "va": c.slots["vb"],
            "vb": c.slots["va"],
        }
    return "compare_" + better
