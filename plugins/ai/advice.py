"""Cost advice for the calculator (the brief's cost-advice prompt), offline or by the model."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from japaguide.identity import Owner
from plugins.ai import figures, services
from plugins.ai.personalities import OFFLINE_VOICE

#: Budget ratings against the cash needed (budget / cash needed).
RATINGS = (
    (Decimal("1.5"), "generous"),
    (Decimal("1.15"), "comfortable"),
    (Decimal("0.9"), "realistic"),
    (Decimal("0"), "tight"),
)


def rate_budget(budget: Any, needed: Any) -> str | None:
    try:
        ratio = Decimal(str(budget)) / Decimal(str(needed))
    except (InvalidOperation, ZeroDivisionError, TypeError):
        return None
    return next(label for floor, label in RATINGS if ratio >= floor)


def offline_advice(context: dict[str, Any]) -> str:
    tone = context.get("tone", "helpful")
    opening, closing = OFFLINE_VOICE[tone]
    lines = [opening, ""]
    rating = rate_budget(context.get("budget"), context.get("cash_needed"))
    if rating:
        lines.append(
            f"- Budget rating: {rating} (your ${context['budget']} against "
            f"${context['cash_needed']} needed)."
        )
    else:
        lines.append(
            f"- You need about ${context.get('cash_needed')} in total; tell me your "
            "budget and I'll rate it."
        )
    breakdown = context.get("cost_breakdown") or {}
    if breakdown:
        biggest = sorted(
            ((k, Decimal(str(v))) for k, v in breakdown.items() if k != "buffer"),
            key=lambda kv: kv[1],
            reverse=True,
        )[:2]
        lines.append(
            "- Your biggest costs: "
            + ", ".join(f"{k.replace('_', ' ')} ${v:,.2f}" for k, v in biggest)
            + ". Cut these first."
        )
    unpriced = [h["item"] for h in context.get("hidden_costs") or [] if h.get("estimated") is None]
    if unpriced:
        lines.append("- Not yet priced, find quotes for: " + ", ".join(unpriced[:4]) + ".")
    lines.append(
        "- Save monthly into a separate domiciliary account so the naira rate does not "
        "eat your plan, and keep proof-of-funds money untouched for the full holding period."
    )
    lines.extend(["", closing])
    return "\n".join(lines)


def cost_advice(context: dict[str, Any], owner: Owner) -> dict[str, Any]:
    """The calculator's advice; a model's sentences with figures the estimate, the country's
    data and the user's inputs do not hold are dropped (all of them: the offline advice)."""
    result = services.complete(
        services.get_template("cost_advice"),
        context,
        owner=owner,
        offline=lambda: (offline_advice(context), None),
    )
    text = result.text
    if result.provider == "openai":
        ledger = figures.ledger_for(
            user=[context], text_for_scope=str(context.get("country") or "")
        )
        text = figures.screen(result.text, ledger).text or offline_advice(context)
    return {
        "text": text,
        "provider": result.provider,
        "cached": result.cached,
        "fallback_used": result.fallback_used,
        "rating": rate_budget(context.get("budget"), context.get("cash_needed")),
    }
