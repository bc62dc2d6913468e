"""Hook implementations of the AI plugin: enrichment on roadmap generation, cost advice, jobs."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def roadmap_generated(roadmap_id: int, owner: Any) -> str | None:
    """Queue enrichment (a job: inline after the response, or on an RQ worker)."""
    from japaguide.extensions import db
    from japaguide.jobs import enqueue
    from plugins.roadmaps.models import Roadmap

    roadmap = db.session.get(Roadmap, roadmap_id)
    if roadmap is None:
        return None
    roadmap.ai_enrichment_status = "pending"
    db.session.commit()
    enqueue("ai.enrich_roadmap", roadmap_id, job_id=f"ai.enrich_roadmap:{roadmap_id}")
    return "queued"


@hookimpl
def register_jobs() -> dict[str, Any]:
    from plugins.ai.enrichment import enrich_roadmap

    return {"ai.enrich_roadmap": enrich_roadmap}


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
