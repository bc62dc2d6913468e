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
from plugins.ai import figures, offline, services
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
    visa = roadmap.visa_type
    country_id = roadmap.country_id
    offline_advice = [
        {
            "order": s.order,
            "advice": " ".join(
                filter(
                    None, [offline.enrich_step(s, profile, tone), *personal_notes(s, visa, profile)]
                )
            ),
        }
        for s in roadmap.steps
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
        interactive=False,
    )
    advice = _advice_by_order(result.data)
    dropped: list[str] = []
    if result.provider == "openai":
        ledger = figures.ledger_for(
            lines=[str(step) for step in steps_data] + [a["advice"] for a in offline_advice],
            country_ids=[country_id],
            visas=[visa] if visa is not None else [],
            user=[profile],
        )
        # A saved step must never carry an unverified figure or a scam ("pay the agent
        # EUR 999 for a guaranteed job offer"): such sentences are dropped, and a step left
        # empty gets its offline advice.
        fallback_by_order = _advice_by_order(offline_answer()[1])
        for order, text in list(advice.items()):
            screened = figures.screen(text, ledger)
            dropped.extend(screened.dropped)
            advice[order] = screened.text or fallback_by_order.get(order, "")
        advice = {order: text for order, text in advice.items() if text}
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
        **({"dropped_sentences": dropped[:20]} if dropped else {}),
    }
    db.session.commit()
    return {"roadmap_id": roadmap_id, "status": status, "provider": result.provider}


#: Words of a profile's field or job → words of a seeded threshold's label that apply to it.
FIELD_WORDS = {
    ("computer", "software", "information technology", "developer", "programm", "data ", " it "): (
        "it specialist",
    ),
    ("nurs", "midwi", "care"): ("nurs", "health and care"),
    ("engineer",): ("engineer",),
    ("teach",): ("teach",),
}


def personal_notes(step: Any, visa: Any, profile: dict[str, Any]) -> list[str]:
    """What this step means for this person, from the route's own data at this step.

    A threshold the seed records for the person's field (the Blue Card's lower salary for IT
    specialists) is named only when the data holds it; experience is tied to the steps where
    an employer or a job offer is involved. Nothing here is a figure the data does not hold.
    """
    if visa is None:
        return []
    field = " ".join(
        str(profile.get(k) or "")
        for k in ("field_of_study", "current_job_title", "fieldOfStudy", "currentJobTitle")
    )
    field = f" {field.lower()} {' '.join(str(s).lower() for s in profile.get('skills') or [])} "
    labels = [
        words
        for cues, words in FIELD_WORDS.items()
        if field.strip() and any(cue in field for cue in cues)
    ]
    notes = []
    for item in visa.money:
        if item.step_order != step.order or item.amount is None:
            continue
        text = f"{item.label} {item.note or ''}".lower()
        if any(word in text for words in labels for word in words):
            notes.append(
                f"For your field ({field.strip()}), the data lists: {item.label}: "
                f"{item.currency} {item.amount:,.2f}."
            )
    years = profile.get("years_experience") or profile.get("yearsExperience")
    title = f"{step.title} {step.description or ''}".lower()
    if years and any(w in title for w in ("employer", "job offer", "job", "sponsor", "contract")):
        notes.append(
            f"Lead with your {years} years of experience: employers weigh it when they decide "
            "to sponsor."
        )
    return notes


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
