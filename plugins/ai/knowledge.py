"""Grounding: find what a message is about and gather the facts the answer may state.

Every figure Japabot states comes from here, with its source; the model (or the offline
assistant) only words them. The message is read against an index of the data built once per
data version (:mod:`plugins.ai.retrieval`), never by loading every playbook;
:func:`unverified_figures` checks a model's answer for numbers that are not among the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from plugins.ai import answers
from plugins.ai.conversation_state import Slots, apply
from plugins.ai.retrieval import get_index
from plugins.ai.understanding import Understanding, understand

#: Profile education levels that are, or are not, a university degree.
DEGREES = ("bachelor", "master", "phd")
NO_DEGREE = ("high_school", "diploma")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


@dataclass
class Facts:
    countries: list[Any] = field(default_factory=list)
    visas: list[Any] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    understanding: Understanding | None = None
    composed: answers.Composed | None = None
    slots: Slots = field(default_factory=Slots)
    follow_ups: list[str] = field(default_factory=list)

    def numbers(self) -> set[str]:
        return {_normalise_number(n) for line in self.lines for n in _NUMBER.findall(line)}


def _normalise_number(text: str) -> str:
    value = Decimal(text.replace(",", ""))
    return format(value.normalize(), "f")


def gather(message: str, context: dict[str, Any]) -> Facts:
    """Understand the message with the conversation's slots, then compose the answer's facts.

    ``context``: ``country_code`` (the page's or roadmap's country), ``slots`` (a
    :class:`Slots` from the conversation) and ``profile`` (the user's profile).
    """
    index = get_index()
    u = understand(message, index)
    slots = apply(u, context.get("slots") or Slots(), context.get("country_code"))
    profile = context.get("profile") or {}
    education = profile.get("education_level")
    if u.degree is None and education in DEGREES + NO_DEGREE:
        u.degree = education in DEGREES  # the profile says what the message leaves out
    composed = answers.compose(u, index, profile=profile, slot_route=slots.route)
    if composed.visas:
        slots.route = composed.visas[0].id
    slots.intent = composed.slots.get("intent") or slots.intent
    facts = Facts(
        countries=composed.countries,
        visas=[v for v in composed.visas[:3]],
        topics=set(u.wants),
        categories={u.category} if u.category else set(),
        understanding=u,
        composed=composed,
        slots=slots,
        follow_ups=composed.follow_ups,
    )
    from plugins.ai.personalities import LEADS

    lead = LEADS[composed.frame]["helpful"].format_map(_Slots(composed.slots))
    deps = (u.household or 1) - 1
    extra = [
        line
        for visa in answers.lead_visas(composed)
        for line in answers.route_facts(visa, deps, u.partner)
    ]
    facts.lines = list(dict.fromkeys([lead, *composed.points, *composed.cautions, *extra]))
    for country in composed.countries:
        facts.sources.append({"type": "country", "code": country.code, "name": country.name})
    stated = " ".join(facts.lines)
    for visa in [v for v in composed.visas if v.name in stated][:3]:
        url = (visa.sources or [{}])[0].get("url")
        facts.sources.append({"type": "visa", "id": visa.id, "name": visa.name, "url": url})
    return facts


class _Slots(dict):
    """Template slots: a slot the frame names but the answer lacks reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def follow_up_questions(facts: Facts, limit: int = 3) -> list[str]:
    """The questions this answer still needs answered (see :mod:`plugins.ai.answers`)."""
    return facts.follow_ups[:limit]


def unverified_figures(answer: str, facts: Facts) -> list[str]:
    """Numbers in ``answer`` (two digits or more) that are not among the facts' numbers."""
    known = facts.numbers()
    odd = []
    for raw in _NUMBER.findall(answer):
        number = _normalise_number(raw)
        if len(number.replace(".", "").lstrip("0")) < 2 or number in known:
            continue
        odd.append(raw)
    return sorted(set(odd))
