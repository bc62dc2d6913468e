"""Timelines for roadmaps: create/replace, read (JSON or iCalendar)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from icalendar import Calendar, Event
from sqlalchemy import select

from japaguide.errors import NotFound, RuleViolation
from japaguide.extensions import db
from japaguide.identity import Owner, owned_select, touch_anonymous_session
from plugins.roadmaps.services import get_roadmap
from plugins.timeline.models import Timeline
from plugins.timeline.scheduling import PlanStep, plan_backward, plan_forward

#: A plan longer than this is not a plan.
MAX_WINDOW_DAYS = 3650


def _plan_steps(roadmap: Any) -> list[PlanStep]:
    return [
        PlanStep(
            step_id=s.id,
            order=s.order,
            title=s.title,
            days=s.estimated_time_days,
            location=s.location,
            processing_max_days=s.processing_max_days,
            funds_holding_days=s.funds_holding_days,
            completed=bool(s.status and s.status.completed),
            blocked=bool(s.status and s.status.blocked),
        )
        for s in roadmap.steps
    ]


def create_timeline(
    owner: Owner, roadmap_id: int, start: date | None, target: date, origin: str = "NGA"
) -> Timeline:
    """Create (or replace) the roadmap's timeline; backward when no start date is given."""
    roadmap = get_roadmap(owner, roadmap_id)
    today = date.today()
    if start is not None:
        if target <= start:
            raise RuleViolation("target_date", "Must be after startDate.")
        if (target - start).days > MAX_WINDOW_DAYS:
            raise RuleViolation("target_date", f"At most {MAX_WINDOW_DAYS} days after startDate.")
    else:
        if target <= today:
            raise RuleViolation("target_date", "Must be in the future to plan backwards.")
        if (target - today).days > MAX_WINDOW_DAYS:
            raise RuleViolation("target_date", f"At most {MAX_WINDOW_DAYS} days ahead.")
    timeline = db.session.scalar(select(Timeline).where(Timeline.roadmap_id == roadmap.id))
    if timeline is None:
        timeline = Timeline(roadmap_id=roadmap.id)
        timeline.assign_owner(owner)
        db.session.add(timeline)
    timeline.mode = "forward" if start else "backward"
    timeline.start_date, timeline.target_date, timeline.origin_country = start, target, origin
    db.session.commit()
    touch_anonymous_session(owner)
    return timeline


def get_timeline(owner: Owner, roadmap_id: int) -> Timeline:
    timeline = db.session.scalar(
        owned_select(Timeline, owner).where(Timeline.roadmap_id == roadmap_id)
    )
    if timeline is None:
        raise NotFound(f"No timeline for roadmap {roadmap_id}: create one first.")
    return timeline


def timeline_view(timeline: Timeline, today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    roadmap = timeline.roadmap
    steps = _plan_steps(roadmap)
    if timeline.mode == "forward":
        plan = plan_forward(steps, timeline.start_date, timeline.target_date)
        critical = [{"date": timeline.start_date, "label": "Start", "step_id": steps[0].step_id}]
        for milestone in plan["milestones"]:
            if milestone.step.funds_holding_days:
                critical.append(
                    {
                        "date": milestone.start - timedelta(days=milestone.step.funds_holding_days),
                        "label": "Funds in your account by",
                        "step_id": milestone.step.step_id,
                    }
                )
            if milestone.step.processing_max_days:
                critical.append(
                    {
                        "date": milestone.start,
                        "label": f"Submit: {milestone.step.title}",
                        "step_id": milestone.step.step_id,
                    }
                )
    else:
        plan = plan_backward(
            steps, timeline.target_date, timeline.origin_country, roadmap.country.code, today
        )
        critical = plan["critical"]
    critical.append({"date": timeline.target_date, "label": "Target date", "step_id": None})
    milestones = [
        {
            "step_id": m.step.step_id,
            "order": m.step.order,
            "title": m.step.title,
            "start_date": m.start,
            "due_date": m.due,
            "latest_start_date": m.start if timeline.mode == "backward" else None,
            "duration_days": (m.due - m.start).days,
            "location": m.step.location,
            "status": m.status(today),
            "notes": m.notes,
        }
        for m in plan["milestones"]
    ]
    return {
        "roadmap_id": roadmap.id,
        "title": roadmap.title,
        "mode": timeline.mode,
        "start_date": timeline.start_date or (plan.get("start_by")),
        "target_date": timeline.target_date,
        "fits": plan["fits"],
        "needed_days": plan["needed_days"],
        "short_by_days": plan["short_by_days"],
        "earliest_realistic_target": plan["earliest_realistic_target"],
        "milestones": milestones,
        "critical_dates": sorted(critical, key=lambda c: c["date"]),
        "events": [
            {
                "title": m["title"],
                "start": m["start_date"],
                "end": m["due_date"],
                "all_day": True,
                "step_id": m["step_id"],
                "status": m["status"],
            }
            for m in milestones
        ],
    }


def timeline_ics(timeline: Timeline) -> bytes:
    """An iCalendar file of the milestones (all-day events) and critical dates."""
    view = timeline_view(timeline)
    calendar = Calendar()
    calendar.add("prodid", "-//Japaguide//Migration timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Japaguide: {view['title']}")
    host = current_app.config["PUBLIC_BASE_URL"].split("//")[-1].split("/")[0]
    for milestone in view["milestones"]:
        event = Event()
        event.add("uid", f"roadmap-{view['roadmap_id']}-step-{milestone['step_id']}@{host}")
        event.add("summary", f"{milestone['order']}. {milestone['title']}")
        event.add("dtstart", milestone["start_date"])
        event.add("dtend", max(milestone["due_date"], milestone["start_date"] + timedelta(days=1)))
        event.add("description", "\n".join([f"Status: {milestone['status']}", *milestone["notes"]]))
        event.add("dtstamp", _stamp())
        calendar.add_component(event)
    for index, item in enumerate(view["critical_dates"]):
        event = Event()
        event.add("uid", f"roadmap-{view['roadmap_id']}-critical-{index}@{host}")
        event.add("summary", f"⚑ {item['label']}")
        event.add("dtstart", item["date"])
        event.add("dtend", item["date"] + timedelta(days=1))
        event.add("dtstamp", _stamp())
        calendar.add_component(event)
    return calendar.to_ical()


def _stamp() -> Any:
    from japaguide.database import utcnow

    return utcnow().replace(microsecond=0)
