"""Answers about whether a Nigerian can use a route: its status, its requirements, a refusal."""

from __future__ import annotations

import re
from typing import Any

from plugins.ai.answers.composed import (
    BAD,
    CLOSED,
    Composed,
)
from plugins.ai.answers.overview import answer_overview
from plugins.ai.answers.wording import (
    requirement_naming,
    route_summary,
    routes_word,
)
from plugins.ai.understanding import Understanding
from plugins.visas.models import VisaType


def answer_status(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    if not u.routes and not u.category and len({v.country.code for v in visas}) == 1:
        country = visas[0].country
        open_ = [v for v in visas if v.nigeria_status == "open"]
        c.frame = "status_country"
        c.bad_news = len(open_) < len(visas)
        c.slots |= {
            "country": country.name,
            "open": str(len(open_)),
            "count": routes_word(len(visas)),
        }
        c.points = [
            f"{v.name}: {v.nigeria_status.upper()} (as of {v.nigeria_status_as_of})"
            for v in sorted(visas, key=lambda v: v.nigeria_status != "open")
        ]
        c.visas = sorted(visas, key=lambda v: v.nigeria_status != "open")
        return
    named = [v for v in visas if v.id in u.routes] or [
        v for v in visas if u.category and v.category == u.category
    ]
    focus = named[0] if named else visas[0]
    if c.visas and c.visas[0] in visas:
        focus = c.visas[0]
    if focus.nigeria_status in CLOSED:
        c.frame = "status_bad"
        c.bad_news = True
    elif focus.nigeria_status in BAD:
        c.frame = "status_restricted"
        c.bad_news = True
    else:
        c.frame = "status_open"
    c.slots |= {
        "route": focus.name,
        "country": focus.country.name,
        "status": focus.nigeria_status.upper(),
        "as_of": str(focus.nigeria_status_as_of),
        "reason": focus.nigeria_status_reason,
    }
    c.points = [f"Why: {focus.nigeria_status_reason}"] + [
        route_summary(v) for v in visas if v is not focus
    ][:3]
    c.visas = [focus, *[v for v in visas if v is not focus]]


def answer_eligibility(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    visa = visas[0]
    if u.degree is False:
        from plugins.ai.retrieval import degree_need

        open_ = [v for v in visas if degree_need(v.requirements) != "required"]
        if open_:
            visa = open_[0]
            c.frame = "no_degree_yes"
            c.slots |= {
                "route": visa.name,
                "country": visa.country.name,
                "requirement": requirement_naming(visa, "vocational", "qualification", "degree")
                or visa.requirements[0],
            }
            need = [v for v in visas if degree_need(v.requirements) == "required"]
            c.points = [
                f"{v.name} needs a degree: {requirement_naming(v, 'degree', 'university')}"
                for v in need[:2]
            ]
            c.visas = [visa, *[v for v in visas if v is not visa]]
        else:
            c.frame = "no_degree_no"
            c.slots["country"] = visa.country.name
            c.points = [
                f"{v.name}: {requirement_naming(v, 'degree', 'university')}" for v in visas[:3]
            ]
        return
    words = ("degree", "university", "qualification")
    if re.search(r"\b(salary|income|earn|pay)\b", u.message.lower()):
        words = ("salary", "income", "pay")
    elif u.age or " age " in f" {u.message.lower()} " or "old" in u.message.lower():
        words = ("age", "under", "45")
    elif re.search(r"\b(ielts|english|language|german|test|toefl|pte)\b", u.message.lower()):
        words = ("ielts", "english", "language", "german", "clb", "a1", "b1", "b2")
    requirement = requirement_naming(visa, *words) or (visa.requirements or [None])[0]
    limit = re.search(r"\b[Uu]nder (\d{2})\b", requirement or "")
    if u.age and limit and u.age >= int(limit.group(1)):
        c.frame = "age_over"
        c.bad_news = True
        c.slots |= {"requirement": requirement.rstrip("."), "age": str(u.age)}
        c.points = [route_summary(v) for v in visas[1:4]]
        return
    if requirement is None:
        answer_overview(c, u, visas, deps, partner)
        return
    c.frame = "requirement"
    c.slots["requirement"] = requirement
    c.points = [r for r in visa.requirements if r != requirement][:4]


def answer_refused(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    open_ = [v for v in visas if v.nigeria_status == "open"]
    c.frame = "refused"
    c.points = [route_summary(v) for v in (open_ or visas)[:3]]
    c.bad_news = True
