"""Roadmap enrichment: a job (never run in the request) that adds personal advice per step.

Status goes pending → done, or fallback (with ``fallback_used`` in the roadmap's AI metadata),
or failed when the job fails for good or outlives its deadline (``plugins.ai.stuck``).
Deterministic steps are only ever added to, never deleted; a failure leaves them untouched.
A late run after ``failed`` (an RQ retry, a backlog drained) still enriches and upgrades it.
"""

from __future__ import annotations

import json
from typing import Any

from japaguide.extensions import db
from japaguide.identity import Owner
from plugins.ai import offline, services
from plugins.ai.stuck import FAILURE_KEY


def enrich_roadmap(roadmap_id: int) -> dict[str, Any]:
    """Enrich one roadmap's steps; idempotent, as jobs run at least once.

    Everything the prompt needs is read as plain values first: the model call commits the
    transaction (no connection waits with the model), and the roadmap is loaded again to write.
    """
    from plugins.roadmaps.models import Roadmap

    roadmap = db.session.get(Roadmap, roadmap_id)
    if roadmap is None:
        return {"skipped": "roadmap gone"}
    if roadmap.ai_enrichment_status in {"done", "fallback"}:
        return {"skipped": "already enriched"}
    owner = Owner(user_id=roadmap.user_id, anon_id=None if roadmap.user_id else roadmap.session_id)
    profile = dict(roadmap.profile_snapshot or {})
    tone = roadmap.ai_tone
    offline_advice = [
        {"order": s.order, "advice": offline.enrich_step(s, profile, tone)} for s in roadmap.steps
    ]
    steps_data = [
        {
            "order": s.order,
            "title": s.title,
            "estimated_time_days": s.estimated_time_days,
            "estimated_cost_usd": str(s.estimated_cost_usd) if s.estimated_cost_usd else None,
            "tips": s.tips,
            "pitfalls": s.pitfalls,
        }
        for s in roadmap.steps
    ]
    context = {
        "profile": _profile_for_prompt(profile),
        "country": roadmap.country.name,
        "goal": roadmap.goal,
        "steps": steps_data,
        "tone": tone,
    }

    def offline_answer() -> tuple[str, dict[str, Any]]:
        return json.dumps({"enriched_steps": offline_advice}), {"enriched_steps": offline_advice}

    result = services.complete(
        services.get_template("roadmap_enrich"),
        context,
        owner=owner,
        offline=offline_answer,
        json_output=True,
    )
    advice = _advice_by_order(result.data)
    if not advice:  # the model's JSON had no usable steps: use the offline advice instead
        advice = _advice_by_order(offline_answer()[1])
        fallback = True
    else:
        fallback = result.fallback_used
    roadmap = db.session.get(Roadmap, roadmap_id)
    if roadmap is None:  # deleted while the model was answering
        return {"skipped": "roadmap gone"}
    for step in roadmap.steps:
        if step.order in advice:
            step.ai_enhanced = True
            step.ai_enhancement = advice[step.order]
    status = "fallback" if fallback else "done"
    roadmap.ai_enrichment_status = status
    previous = {k: v for k, v in (roadmap.ai_metadata or {}).items() if k != FAILURE_KEY}
    roadmap.ai_metadata = {
        **previous,
        "provider": result.provider,
        "fallback_used": fallback,
        "ai_request_id": result.request_id,
    }
    db.session.commit()
    return {"roadmap_id": roadmap_id, "status": status, "provider": result.provider}


def _profile_for_prompt(profile: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "education_level",
        "field_of_study",
        "years_experience",
        "budget_usd",
        "target_move_date",
        "skills",
    )
    return {k: profile.get(k, "") if k != "skills" else profile.get(k, []) for k in keys}


def _advice_by_order(data: dict[str, Any] | None) -> dict[int, str]:
    items = (data or {}).get("enriched_steps")
    if not isinstance(items, list):
        return {}
    advice = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("order"), int):
            text = item.get("advice") or item.get("ai_enhancement") or ""
            if isinstance(text, str) and text.strip():
                advice[item["order"]] = text.strip()[:4000]
    return advice
