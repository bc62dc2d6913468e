"""What Japabot says, before it is said in a voice: the answer first, then a few facts.

:func:`compose` turns an :class:`~plugins.ai.understanding.Understanding` and the routes it
is about into a :class:`Composed` answer: a lead (the sentence that answers the question, as a
frame of :mod:`plugins.ai.personalities` with its slots), at most five fact bullets, and the
follow-up questions this answer still needs. Every figure comes from the loaded rows or from
the calculator's and visas' services (household funds, fees for a family, yearly charges).

The answers of each intent family live in their own module: :mod:`.money_and_time`,
:mod:`.status_and_eligibility`, :mod:`.comparison`, :mod:`.overview` and
:mod:`.without_country`; :mod:`.choosing` picks the routes, :mod:`.household` sums a
household's money, :mod:`.wording` writes route facts and :mod:`.asking` the follow-ups.
"""

from __future__ import annotations

from typing import Any

from plugins.ai.answers.asking import follow_ups
from plugins.ai.answers.choosing import choose, shortlist
from plugins.ai.answers.comparison import answer_compare
from plugins.ai.answers.composed import BAD, CLOSED, MAX_POINTS, SAY_STATUS_FIRST, Composed
from plugins.ai.answers.household import dependants, route_facts
from plugins.ai.answers.money_and_time import answer_funds, answer_money, answer_time
from plugins.ai.answers.overview import answer_overview, answer_start
from plugins.ai.answers.status_and_eligibility import (
    answer_eligibility,
    answer_refused,
    answer_status,
)
from plugins.ai.answers.without_country import without_country
from plugins.ai.answers.wording import per_country, status_line, who
from plugins.ai.retrieval import Index
from plugins.ai.understanding import Understanding
from plugins.visas.models import VisaType

__all__ = ["Composed", "compose", "lead_visas", "route_facts"]


def compose(
    u: Understanding,
    index: Index,
    *,
    profile: dict[str, Any],
    slot_route: int | None = None,
) -> Composed:
    """The answer to ``u`` from the data (the caller has merged the conversation's slots)."""
    # Only countries the data covers: a page's or a conversation's code can name one it does
    # not (a valid ISO code such as PLW) — that is "no country", never a lookup that fails.
    codes = [code for code in u.countries if code in index.names][:2]
    composed = Composed(frame="overview")
    if u.injection:
        composed.prefix_frames.append("injection")
    if u.distress or u.refused:
        composed.prefix_frames.append("distress" if u.distress else "refusal")
    if u.uncovered and not codes:
        composed.frame = "not_covered"
        composed.slots = {"place": u.uncovered[0], "count": str(len(index.names))}
        composed.points = [", ".join(sorted(index.names.values()))]
        composed.follow_ups = ["Would one of the countries Japaguide covers work for you?"]
        return composed
    if not codes:
        return without_country(u, index, composed)
    routes = choose(u, index, codes, slot_route)
    visas = index.visas
    ordered = [visas[r.id] for r in shortlist(routes) if r.id in visas]
    composed.visas = ordered
    if not ordered:
        composed.frame = "no_routes"
        composed.slots = {"country": index.names[codes[0]]}
        return composed
    countries = {v.country.code: v.country for v in ordered}
    composed.countries = [countries[code] for code in codes if code in countries]
    deps, partner, known_household = dependants(u, profile)
    lead = ordered[0]
    composed.slots = {
        "route": lead.name,
        "country": lead.country.name,
        "who": who(deps, partner, known_household),
    }
    from plugins.ai import intents

    intent = intents.primary(u.wants - {"injection", "off_topic"})
    if u.refused and intent in ("overview", "status"):
        intent = "refused"
    if intent == "compare" and len(codes) < 2:
        intent = "money" if "money" in u.wants else "overview"
    handler = HANDLERS.get(intent, answer_overview)
    handler(composed, u, ordered, deps, partner)
    if composed.frame in SAY_STATUS_FIRST and composed.visas[0].nigeria_status in CLOSED:
        # A route Nigerians cannot simply use now: that is the answer's first sentence.
        points = composed.points
        answer_status(composed, u, composed.visas, deps, partner)
        if composed.frame != "status_country":
            composed.points = points[: MAX_POINTS - 1] + composed.points[:1]
    bad = [v for v in composed.visas[:1] if v.nigeria_status in BAD]
    if intent == "compare":
        bad = [v for v in per_country(ordered)[:2] if v.nigeria_status in BAD]
    if bad and composed.frame not in ("status_bad", "status_restricted", "status_country"):
        composed.cautions = [status_line(v) for v in bad[:2]]
    composed.bad_news = composed.bad_news or bool(bad) or u.refused or u.distress
    composed.points = composed.points[:MAX_POINTS]
    composed.slots.setdefault("intent", intent)
    composed.follow_ups = follow_ups(composed, u, ordered, profile, known_household)
    return composed


def lead_visas(composed: Composed) -> list[VisaType]:
    """The routes the answer is about: its lead, and the other country's in a comparison."""
    if composed.frame.startswith("compare"):
        return per_country(composed.visas)[:2]
    return composed.visas[:1]


HANDLERS = {
    "refused": answer_refused,
    "funds": answer_funds,
    "money": answer_money,
    "time": answer_time,
    "status": answer_status,
    "eligibility": answer_eligibility,
    "compare": answer_compare,
    "start": answer_start,
    "overview": answer_overview,
}
