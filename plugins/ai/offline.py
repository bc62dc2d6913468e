"""The offline assistant: answers from the database in the chosen voice, with no model.

It is the default when no OpenAI key is set and the fallback whenever the model fails. It
never invents: it words the facts gathered by :mod:`plugins.ai.knowledge`.
"""

from __future__ import annotations

from typing import Any

from plugins.ai.knowledge import Facts
from plugins.ai.personalities import OFFLINE_VOICE


def chat_answer(message: str, facts: Facts, tone: str) -> str:
    opening, closing = OFFLINE_VOICE[tone]
    if not facts.countries:
        body = (
            "I couldn't tell which country you mean. Name a destination (for example "
            "Canada, the UK or Germany) and I'll answer from Japaguide's verified data: "
            "routes, official fees, processing times and steps."
        )
        return f"{opening}\n\n{body}\n\n{closing}"
    parts = [opening, ""]
    if facts.visas:
        lead = facts.visas[0]
        if "time" in facts.topics:
            parts.append(f"Fastest listed route: {lead.name}.")
        elif "fees" in facts.topics:
            parts.append(f"Cheapest listed route: {lead.name}.")
    parts.extend(f"- {line}" for line in facts.lines)
    if not facts.lines:
        parts.append(
            f"Japaguide has no verified route data for {facts.countries[0].name} yet: "
            "anything beyond that would be a guess, so check the official site."
        )
    parts.extend(["", closing])
    return "\n".join(parts)


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
