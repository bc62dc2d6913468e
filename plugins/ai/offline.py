"""The offline assistant: answers from the database in the chosen voice, with no model.

It is the default when no OpenAI key is set and the fallback whenever the model fails. It
never invents: it words the facts gathered by :mod:`plugins.ai.knowledge`.
"""

from __future__ import annotations

from typing import Any

from plugins.ai.answers import Composed
from plugins.ai.knowledge import Facts
from plugins.ai.personalities import (
    BRIDGES,
    CALM_CLOSINGS,
    CLOSINGS,
    LEADS,
    OFFLINE_VOICE,
    PIDGIN_CLOSING,
    PREFIXES,
)


def chat_answer(message: str, facts: Facts, tone: str) -> str:
    """The whole answer in ``tone``: empathy first when it is needed, then the sentence that
    answers the question, at most five facts, any warning, and the voice's own closing."""
    composed = facts.composed
    if composed is None:  # facts gathered without a composition (never in a chat)
        return "\n".join(f"- {line}" for line in facts.lines)
    u = facts.understanding
    slots = _Slots(composed.slots)
    opening = [PREFIXES[name][tone] for name in composed.prefix_frames]
    lead = LEADS[composed.frame][tone].format_map(slots)
    pidgin = tone == "uncle_japa" and u is not None and u.pidgin
    paragraphs = [" ".join([*opening, lead])]
    if composed.cautions:
        paragraphs.append("\n".join(f"⚠️ {line}" for line in composed.cautions))
    if composed.points:
        bridge = "Make I break am down:" if pidgin else BRIDGES[tone]
        paragraphs.append(bridge + "\n" + "\n".join(_bullets(tone, composed.points, composed)))
    good, bad = CLOSINGS[tone]
    closing = PIDGIN_CLOSING if pidgin else (bad if composed.bad_news else good)
    if composed.frame == "distress_only":
        closing = CALM_CLOSINGS[tone]
    paragraphs.append(closing)
    return "\n\n".join(paragraphs)


def _bullets(tone: str, points: list[str], composed: Composed) -> list[str]:
    if tone == "strict_officer":
        return [f"{n}. {point}" for n, point in enumerate(points, 1)]
    mark = {"bestie": "•", "hype_man": "-" if composed.bad_news else "🔥"}.get(tone, "-")
    return [f"{mark} {point}" for point in points]


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return ""


def enrich_step(step: Any, profile: dict[str, Any], tone: str) -> str:
    """Personal advice for one roadmap step from the profile and the step's own data."""
    opening, _ = OFFLINE_VOICE[tone]
    advice = []
    if step.estimated_cost_usd:
        budget = profile.get("budget_usd") or profile.get("budgetUsd")
        cost = f"${step.estimated_cost_usd:,.2f}"
        if budget:
            advice.append(
                f"Set aside {cost} for this step (your stated budget is ${float(budget):,.0f})."
            )
        else:
            advice.append(f"Set aside {cost} for this step ({step.cost_basis}).")
    if step.estimated_time_days:
        advice.append(f"Give it about {step.estimated_time_days} days.")
    if step.funds_holding_days:
        advice.append(
            f"The required funds must sit in your account {step.funds_holding_days} days "
            "before you apply: move the money early."
        )
    education = profile.get("education_level") or profile.get("educationLevel")
    if education and any(
        w in step.title.lower() for w in ("eca", "credential", "recogn", "degree")
    ):
        advice.append(
            f"Have your {education} certificate and transcripts ready; ask your school to "
            "send transcripts directly."
        )
    if step.tips:
        advice.append(f"Tip: {step.tips[0]}")
    if step.pitfalls:
        advice.append(f"Avoid: {step.pitfalls[0]}")
    return f"{opening} " + " ".join(advice)
