"""Hook implementations of the AI plugin: enrichment on roadmap generation, cost advice, jobs."""

from __future__ import annotations

from typing import Any

from japaguide.hookspecs import EnrichmentStarted
from japaguide.plugins import hookimpl


@hookimpl
def japaguide_app_ready(app: Any) -> None:
    """With a key set, build the OpenAI client at start-up, not in the first chat.

    Importing the SDK takes seconds of CPU; paid inside a worker's first requests it also
    slows every other request of that process while it holds the GIL.
    """
    from plugins.ai.providers import openai_provider

    openai_provider(app.config)


@hookimpl
def roadmap_enrichment(roadmap_id: int, owner: Any) -> EnrichmentStarted | None:
    """Queue enrichment (a job: inline after the response, or on an RQ worker).

    The queueing time is recorded so the sweeper can tell a dead enrichment from a slow one;
    the job's timeout covers the model's (``plugins.ai.stuck``).
    """
    from flask import current_app
    from sqlalchemy.orm import lazyload

    from japaguide.database import utcnow
    from japaguide.extensions import db
    from japaguide.jobs import enqueue
    from plugins.ai.stuck import JOB_NAME, QUEUED_AT_KEY, enrichment_job_id, enrichment_job_timeout
    from plugins.roadmaps.models import Roadmap

    # The roadmap's own row only: its steps, country and route are not needed to queue a job.
    roadmap = db.session.get(Roadmap, roadmap_id, options=[lazyload("*")], populate_existing=True)
    if roadmap is None:
        return None
    roadmap.ai_enrichment_status = "pending"
    roadmap.ai_metadata = {**(roadmap.ai_metadata or {}), QUEUED_AT_KEY: utcnow().isoformat()}
    db.session.commit()
    job_id = enrichment_job_id(roadmap_id)
    enqueue(
        JOB_NAME, roadmap_id, job_id=job_id, job_timeout=enrichment_job_timeout(current_app.config)
    )
    return EnrichmentStarted(status="pending", job_id=job_id)


@hookimpl
def job_failed(name: str, args: list[Any], job_id: str, error: str) -> None:
    """An enrichment that failed for good leaves its roadmap ``failed`` (steps intact)."""
    from plugins.ai.stuck import JOB_NAME, mark_enrichment_failed

    if name == JOB_NAME and args and isinstance(args[0], int):
        mark_enrichment_failed(args[0], "job_failed")


@hookimpl
def register_jobs() -> dict[str, Any]:
    from plugins.ai.enrichment import enrich_roadmap
    from plugins.ai.stuck import sweep_stuck_enrichments

    return {
        "ai.enrich_roadmap": enrich_roadmap,
        "ai.sweep_stuck_enrichments": sweep_stuck_enrichments,
    }


@hookimpl
def register_periodic_jobs() -> list[dict[str, Any]]:
    # Every minute: a dead enrichment is marked failed within a minute of its deadline.
    return [{"job": "ai.sweep_stuck_enrichments", "interval": 60}]


@hookimpl
def ai_complete(template_name: str, context: dict[str, Any], owner: Any) -> dict | None:
    if template_name != "cost_advice":
        return None
    from plugins.ai.advice import cost_advice

    return cost_advice(context, owner)


@hookimpl
def seed_data(app: Any, seed_dir: str, echo: Any) -> dict[str, Any] | None:
    from pathlib import Path

    from plugins.ai.prompts import seed_prompts

    path = Path(seed_dir) / "prompt_templates.json"
    if not path.exists():
        return None
    counts = seed_prompts(path)
    echo(
        f"prompt templates: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )
    return {"plugin": "ai", "prompt_templates": counts}


@hookimpl
def register_admin_views(admin: Any, app: Any) -> None:
    from plugins.ai.admin import register

    register(admin)


@hookimpl
def analytics_figures(start: Any, end: Any) -> dict[str, Any] | None:
    from collections import defaultdict

    from sqlalchemy import func, select

    from japaguide.extensions import db
    from plugins.ai.models import AIRequest, Conversation

    rows = db.session.execute(
        select(
            AIRequest.created_at,
            AIRequest.tokens_used,
            AIRequest.cost_usd,
            AIRequest.cache_hit,
            AIRequest.fallback_used,
        ).where(AIRequest.created_at >= start, AIRequest.created_at < end)
    ).all()
    per_day: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"calls": 0, "tokens": 0, "cost_usd": 0.0}
    )
    for created, tokens, cost, _hit, _fallback in rows:
        day = per_day[created.date().isoformat()]
        day["calls"] += 1
        day["tokens"] += tokens or 0
        day["cost_usd"] = round(day["cost_usd"] + float(cost or 0), 6)
    calls = len(rows)
    chats = db.session.execute(
        select(Conversation.country_code, func.count(Conversation.id))
        .where(
            Conversation.created_at >= start,
            Conversation.created_at < end,
            Conversation.country_code.is_not(None),
        )
        .group_by(Conversation.country_code)
    ).all()
    return {
        "ai": {
            "calls": calls,
            "tokens": sum(r[1] or 0 for r in rows),
            "cost_usd": round(sum(float(r[2] or 0) for r in rows), 6),
            "cache_hit_rate": round(100 * sum(1 for r in rows if r[3]) / calls, 1)
            if calls
            else 0.0,
            "fallback_rate": round(100 * sum(1 for r in rows if r[4]) / calls, 1) if calls else 0.0,
            "per_day": dict(sorted(per_day.items())),
        },
        "popular_countries": {"chats": {code: n for code, n in chats}},
    }
