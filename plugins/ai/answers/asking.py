"""Follow-up questions: what this answer still needs and the profile does not say."""

from __future__ import annotations

from typing import Any

from plugins.ai.answers.composed import (
    Composed,
)
from plugins.ai.answers.wording import (
    requirement_naming,
)
from plugins.ai.understanding import Understanding
from plugins.visas.models import VisaType


def follow_ups(
    c: Composed,
    u: Understanding,
    visas: list[VisaType],
    profile: dict[str, Any],
    known_household: bool,
) -> list[str]:
    """What this answer still needs and neither the conversation nor the profile says."""
    asks: list[str] = []
    lead = c.visas[0] if c.visas else visas[0]
    country = lead.country.name
    if c.frame in ("funds", "cost") and not known_household:
        asks.append("How many people are moving: just you, or a partner and children too?")
    if c.frame in ("funds", "cost", "compare_cheaper", "compare_tie") and not (
        u.budget or profile.get("budget_usd")
    ):
        asks.append("What budget do you have for the move (in naira or dollars)?")
    if c.frame in ("time", "fastest") and not profile.get("target_move_date"):
        asks.append("When would you like to move?")
    if c.frame == "status_bad":
        asks.append(f"Shall I show you the {country} routes that are open to Nigerians?")
    if c.frame == "age_over":
        asks.append(f"Shall I look for {country} routes without that age limit?")
    if c.frame in ("requirement", "overview", "start", "no_degree_yes", "no_degree_no"):
        if u.degree is None and not profile.get("education_level"):
            asks.append("Do you have a university degree, or a vocational qualification?")
        if not profile.get("years_experience") and lead.category == "work":
            asks.append("How many years of work experience do you have in your field?")
        if requirement_naming(lead, "ielts", "english", "language") and not profile.get(
            "languages"
        ):
            asks.append("Have you taken IELTS or another language test yet?")
    if c.frame.startswith("compare"):
        asks.append("What matters most to you: cost, speed or a path to permanent residence?")
    if len({v.category for v in visas}) > 1 and not u.category and c.frame == "overview":
        asks.insert(0, f"Is it study, work or family that takes you to {country}?")
    if not asks:
        asks.append(f"Shall I lay out the steps for the {lead.name}?")
    return asks[:3]
