"""A roadmap as the Markdown its PDF is printed from: steps, costs, statuses, dates, sources."""

from __future__ import annotations

from typing import Any

from flask import current_app

from japaguide.errors import NotFound
from japaguide.identity import Owner
from plugins.docs.rendering import format_amount
from plugins.roadmaps import services as roadmap_services


def _timeline_dates(owner: Owner, roadmap_id: int) -> dict[int, dict[str, Any]]:
    """Planned dates per step when the timeline plugin is loaded and a timeline exists."""
    from japaguide.plugins import get_host

    if get_host(current_app).get("timeline") is None:
        return {}
    from plugins.timeline import services as timeline_services

    try:
        view = timeline_services.timeline_view(timeline_services.get_timeline(owner, roadmap_id))
    except NotFound:
        return {}
    return {m["step_id"]: m for m in view["milestones"]}


def _status(step: Any) -> str:
    status = step.status
    if status is None:
        return "to do"
    if status.completed:
        return f"done ({status.completed_at:%d %b %Y})" if status.completed_at else "done"
    if status.blocked:
        return "blocked" + (f": {status.blocker_reason}" if status.blocker_reason else "")
    return "to do"


def roadmap_markdown(owner: Owner, roadmap: Any) -> str:
    progress = roadmap_services.progress(roadmap)
    dates = _timeline_dates(owner, roadmap.id)
    lines = [
        f"# {roadmap.title}",
        "",
        f"**Country:** {roadmap.country.name}  ",
        f"**Status:** {roadmap.status} · {progress['done']} of {progress['total']} steps done "
        f"({progress['percent']}%)",
        f"**Remaining cost (estimated):** {format_amount(progress['remaining_cost_usd'], 'USD')}"
        + (
            f" — {progress['remaining_cost_unknown_steps']} step(s) without a sourced figure"
            if progress["remaining_cost_unknown_steps"]
            else ""
        ),
        "",
    ]
    for warning in roadmap_services.route_status(roadmap)["warnings"]:
        lines += [f"**Warning:** {warning}", ""]
    for step in roadmap.steps:
        cost = format_amount(step.estimated_cost_usd, "USD") or "no sourced figure"
        lines += [f"## {step.order}. {step.title}", ""]
        if step.description:
            lines += [step.description, ""]
        lines.append(f"- **Status:** {_status(step)}")
        lines.append(f"- **Cost:** {cost}" + (f" ({step.cost_basis})" if step.cost_basis else ""))
        if step.estimated_time_days:
            lines.append(f"- **Takes about:** {step.estimated_time_days} days")
        planned = dates.get(step.id)
        if planned:
            lines.append(
                f"- **Planned:** {planned['start_date']:%d %b %Y} → {planned['due_date']:%d %b %Y}"
            )
        for tip in step.tips or []:
            lines.append(f"- Tip: {tip}")
        lines.append("")
    sources = [
        s
        for s in ((roadmap.visa_type.sources or []) if roadmap.visa_type is not None else [])
        if s.get("url")
    ]
    if sources:
        lines += ["## Sources", ""]
        lines += [f"- {s.get('title') or s['url']}: {s['url']}" for s in sources]
    return "\n".join(lines).strip() + "\n"
