"""Which routes an answer is about: the routes a message names, else the best fit per country."""

from __future__ import annotations

import re

from plugins.ai.retrieval import Index, RouteEntry, normal
from plugins.ai.understanding import Understanding, rank_routes


def choose(
    u: Understanding, index: Index, codes: list[str], slot_route: int | None
) -> list[RouteEntry]:
    """The routes this answer is about, best first, for each country in ``codes``."""
    scores = rank_routes(u.message, index, codes)
    chosen: list[RouteEntry] = []
    text = f" {normal(u.message)} "
    for code in codes:
        routes = index.routes_of(code)
        named = [r for r in routes if r.id in u.routes] or _named_in_country(routes, text)
        if not named and slot_route and not u.category:
            named = [r for r in routes if r.id == slot_route]
        category = u.category
        if not category and u.wants & {"funds", "money", "compare"}:
            category = "work"  # most households move on a work route; the follow-up asks
        pool = named or [r for r in routes if category and r.category == category] or routes
        pool = sorted(pool, key=lambda r: -scores.get(r.id, 0.0))
        if u.degree is False:
            pool = sorted(pool, key=lambda r: (r.degree == "required", r.degree == "alternative"))
        if "time" in u.wants and not named:
            pool = sorted(pool, key=_realistic_weeks)
        elif ("money" in u.wants or "compare" in u.wants) and not named and not u.category:
            pool = sorted(pool, key=lambda r: (r.cost_min_usd is None, r.cost_min_usd or 0))
        if "status" not in u.wants:
            pool = sorted(pool, key=lambda r: r.nigeria_status != "open" and not named)
        chosen.extend(pool)
    return chosen


#: Words of route names too plain to tell one route from another.
PLAIN_NAME_WORDS = frozenset(
    [
        "visa",
        "permit",
        "the",
        "and",
        "for",
        "programme",
        "program",
        "route",
        "class",
        "national",
        "type",
        "long",
        "stay",
    ]
)


def _named_in_country(routes: list[RouteEntry], text: str) -> list[RouteEntry]:
    """The routes of one country a message names, best match first.

    A route named in full wins over routes that only share a word with the message ("UK
    skilled worker visa" is the Skilled Worker visa, not the Health and Care *Worker* visa).
    """
    full = [r for r in routes if f" {normal(_head(r.name))} " in text]
    if full:
        return full
    hits = {
        r.id: sum(
            1
            for w in dict.fromkeys(normal(_head(r.name)).split())
            if len(w) > 3 and w not in PLAIN_NAME_WORDS and f" {w} " in text
        )
        for r in routes
    }
    best = max(hits.values(), default=0)
    return [r for r in routes if best >= 2 and hits[r.id] == best]


def _head(name: str) -> str:
    return re.split(r"\s[–—-]\s|\(", name)[0]


def _realistic_weeks(route: RouteEntry) -> tuple[bool, bool, int]:
    """Fastest is judged on the longest a decision may take, not the shortest; a route with
    only a minimum comes after every route with a known maximum."""
    if route.max_weeks is not None:
        return (False, False, route.max_weeks)
    return (True, route.min_weeks is None, route.min_weeks or 0)


#: Routes loaded per country for one answer: more are never shown.
ROUTES_PER_COUNTRY = 5


def shortlist(routes: list[RouteEntry]) -> list[RouteEntry]:
    taken: dict[str, int] = {}
    short = []
    for route in routes:
        if taken.get(route.code, 0) < ROUTES_PER_COUNTRY:
            taken[route.code] = taken.get(route.code, 0) + 1
            short.append(route)
    return short
