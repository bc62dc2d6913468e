"""Answers that describe: how to start a route, and a country's or route's overview."""

from __future__ import annotations

from typing import Any

from plugins.ai.answers.composed import (
    MAX_POINTS,
    Composed,
)
from plugins.ai.answers.wording import (
    first_sentence,
    route_summary,
    routes_word,
)
from plugins.ai.understanding import Understanding
from plugins.visas.models import VisaType


def answer_start(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    visa = visas[0]
    if not visa.steps:
        answer_overview(c, u, visas, deps, partner)
        return
    c.frame = "start"
    c.slots["step"] = visa.steps[0].title
    c.points = [
        f"Step {s.order}: {s.title}"
        + (f" (about {s.estimated_time_days} days)" if s.estimated_time_days else "")
        for s in visa.steps[1:5]
    ]


def answer_overview(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    if u.routes and visas[0].id in u.routes:
        visa = visas[0]
        c.frame = "route"
        c.slots["about"] = first_sentence(visa.description) or visa.category + " route"
        c.points = [route_summary(visa), *visa.requirements[:3]]
        return
    country = visas[0].country
    own = [v for v in visas if v.country.code == country.code]
    open_ = [v for v in own if v.nigeria_status == "open"]
    c.frame = "overview"
    c.slots |= {
        "country": country.name,
        "count": routes_word(len(own)),
        "open": str(len(open_)),
        "routes": ", ".join(v.name for v in open_[:3]) or "none",
    }
    c.points = [route_summary(v) for v in own[:MAX_POINTS]]
