"""Answers when no covered country is named: ranked across countries, greetings, off-topic,
distress, or asking which country."""

from __future__ import annotations

from plugins.ai.answers.composed import (
    Composed,
)
from plugins.ai.retrieval import Index
from plugins.ai.understanding import Understanding


def across_countries(u: Understanding, index: Index, composed: Composed) -> bool:
    """ "Which country is cheapest for a masters?": ranked over every covered route."""
    text = f" {u.message.lower()} "
    cheapest = any(w in text for w in ("cheapest", "cheaper", "lowest cost", "least expensive"))
    fastest = any(w in text for w in ("fastest", "quickest", "faster", "quicker"))
    which = any(w in text for w in ("country", "where", "which"))
    if not which or not (cheapest or fastest or u.budget):
        return False
    cheapest = cheapest or not fastest  # "I have ₦5m, which country?": the cheapest first
    pool = [
        r
        for r in index.routes
        if r.nigeria_status == "open" and (not u.category or r.category == u.category)
    ]
    if cheapest:
        # Only routes whose every fee is published: a missing visa fee is not a cheap one.
        ranked = sorted(
            (r for r in pool if r.cost_min_usd and r.fees_complete), key=lambda r: r.cost_min_usd
        )
        value = lambda r: f"${r.cost_min_usd:,.2f} in official fees"  # noqa: E731
    else:
        ranked = sorted((r for r in pool if r.max_weeks is not None), key=lambda r: r.max_weeks)
        value = lambda r: f"up to {r.max_weeks} weeks"  # noqa: E731
    if not ranked:
        return False
    best = ranked[0]
    composed.frame = "across_cheapest" if cheapest else "across_fastest"
    composed.slots = {
        "route": best.name,
        "country": index.names[best.code],
        "value": value(best),
        "kind": u.category or "",
    }
    composed.points = [f"{r.name} ({index.names[r.code]}): {value(r)}" for r in ranked[1:5]]
    if u.budget:
        composed.points.insert(
            0,
            f"Your budget: {u.budget[2]}; money to show comes on top of fees on many routes.",
        )
    composed.visas = [index.visas[r.id] for r in ranked[:5]]
    composed.countries = [composed.visas[0].country]
    composed.follow_ups = ["Which of these countries appeals to you most?"]
    if not u.category:
        composed.follow_ups.append("Is it for study, work or family?")
    return True


def without_country(u: Understanding, index: Index, composed: Composed) -> Composed:
    if u.intent not in ("off_topic", "greeting") and across_countries(u, index, composed):
        return composed
    if u.intent == "greeting":
        composed.frame = "greeting"
        composed.slots = {"count": str(len(index.names))}
        composed.follow_ups = [
            "Which country are you thinking of moving to?",
            "Is it for study, work or family?",
        ]
        return composed
    if u.intent == "off_topic":
        composed.frame = "off_topic"
        composed.follow_ups = [
            "Which country are you thinking of moving to?",
            "Is it for study, work or family?",
        ]
        return composed
    if u.distress or u.refused:
        composed.frame = "distress_only"
        composed.bad_news = True
        composed.follow_ups = [
            "Which country and route are you preparing for?",
            "What part feels hardest right now: the test, the money or the paperwork?",
        ]
        return composed
    elif u.intent == "injection":
        composed.frame = "no_country"
    elif u.intent in ("start", "overview"):
        composed.frame = "start_anywhere"
    else:
        composed.frame = "no_country"
    composed.slots = {"count": str(len(index.names))}
    composed.points = [", ".join(sorted(index.names.values()))]
    composed.follow_ups = ["Which country are you thinking of moving to?"]
    if not u.category:
        composed.follow_ups.append("Is it for study, work or family?")
    return composed
