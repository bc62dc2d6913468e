"""A conversation's slots: what earlier turns established (country, route, household, budget).

Kept in the meta of the conversation's latest answer, so a follow-up ("and for a family of
4?") is read with them and no schema change is needed. A new country in a follow-up switches
the country and drops the route (routes belong to a country); household and budget are the
person's and stay.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from plugins.ai.understanding import Understanding

COMPARE_WORDS = (" than ", " compared ", " versus ", " vs ", " or ")
#: A message this short that names only a country asks the last question about it.
FOLLOW_UP_WORDS = 8
ANSWERABLE = frozenset({"funds", "money", "time", "status", "eligibility", "compare", "start"})


@dataclass
class Slots:
    country: str | None = None
    route: int | None = None
    category: str | None = None
    household: int | None = None
    partner: bool | None = None
    budget: list[Any] | None = None  # [amount, currency, as written]
    intent: str | None = None  # what the last answer answered ("funds", "time", …)

    @classmethod
    def from_meta(cls, meta: dict[str, Any] | None) -> Slots:
        raw = (meta or {}).get("slots") or {}
        return cls(**{k: raw.get(k) for k in cls.__dataclass_fields__})

    def to_meta(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def apply(u: Understanding, slots: Slots, hint_code: str | None) -> Slots:
    """Fill what ``u`` leaves open from the slots (and the page's country); the new slots."""
    text = f" {u.message.lower()} "
    previous = slots.country
    if u.countries:
        if (
            len(u.countries) == 1
            and previous
            and previous != u.countries[0]
            and any(w in text for w in COMPARE_WORDS)
        ):
            u.countries = [previous, u.countries[0]]
            u.wants.add("compare")
    elif previous or hint_code:
        u.countries = [previous or hint_code.upper()]
    if u.household is None and slots.household:
        u.household, u.partner = slots.household, slots.partner
    if u.budget is None and slots.budget:
        amount, currency, *written = slots.budget
        u.budget = (amount, currency, written[0] if written else f"{currency} {amount:,.0f}")
    same_country = bool(u.countries) and u.countries[0] == previous
    if not u.category:
        u.category = slots.category  # the person's goal (study, work) outlives a switch
    if u.intent == "off_topic" and u.countries:
        u.wants.discard("off_topic")
    # "And for a family of 3?" asks the last question again with a new slot.
    follow_up = same_country or not u.countries or len(u.message.split()) <= FOLLOW_UP_WORDS
    if slots.intent and not (u.wants & ANSWERABLE) and follow_up:
        u.wants.add(slots.intent)
    from plugins.ai import intents

    u.intent = intents.primary(u.wants)
    return Slots(
        country=u.countries[0] if u.countries else None,
        route=slots.route if same_country else None,
        category=u.category,
        household=u.household,
        partner=u.partner,
        budget=list(u.budget) if u.budget else None,
        intent=intents.primary(u.wants - {"injection", "off_topic"}),
    )
