"""Pure date arithmetic for timelines: forward (start → target) and backward (target only).

Forward: steps run in order for their estimated durations; spare days ("slack") are spread
over the steps in proportion to their length so the plan ends on the target date. If the steps
need longer than the window, the plan says by how many days and the earliest realistic target.

Backward: from the target date, each step's latest safe start counts the worst case (the
visa's maximum processing time), funds that must sit in an account for a period before the step,
and public holidays of the origin and destination countries for steps at embassies or offices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pycountry

#: Duration used for a step whose duration is unknown.
DEFAULT_STEP_DAYS = 7
#: Steps done in person at a fixed place: they cannot fall on a public holiday or weekend.
IN_PERSON = frozenset({"embassy", "office"})


@dataclass
class PlanStep:
    step_id: int
    order: int
    title: str
    days: int | None
    location: str
    processing_max_days: int | None = None
    funds_holding_days: int | None = None
    completed: bool = False
    blocked: bool = False


@dataclass
class Milestone:
    step: PlanStep
    start: date
    due: date
    notes: list[str] = field(default_factory=list)

    def status(self, today: date) -> str:
        if self.step.completed:
            return "done"
        if self.step.blocked:
            return "blocked"
        if self.due < today:
            return "overdue"
        if self.start <= today:
            return "in_progress"
        return "upcoming"


def duration(step: PlanStep, *, worst_case: bool = False) -> int:
    days = step.days if step.days is not None else DEFAULT_STEP_DAYS
    if worst_case and step.processing_max_days:
        days = max(days, step.processing_max_days)
    return max(1, days)


def plan_forward(steps: list[PlanStep], start: date, target: date) -> dict[str, Any]:
    needed = sum(duration(s) for s in steps)
    window = (target - start).days
    slack = max(0, window - needed)
    # Largest-remainder split of the slack, proportional to each step's length.
    shares = [slack * duration(s) / needed for s in steps] if needed else []
    extra = [int(share) for share in shares]
    leftovers = sorted(range(len(steps)), key=lambda i: shares[i] - extra[i], reverse=True)
    for i in leftovers[: slack - sum(extra)]:
        extra[i] += 1
    milestones, cursor = [], start
    for step, bonus in zip(steps, extra, strict=True):
        due = cursor + timedelta(days=duration(step) + bonus)
        milestones.append(Milestone(step, cursor, due))
        cursor = due
    fits = needed <= window
    return {
        "milestones": milestones,
        "fits": fits,
        "needed_days": needed,
        "window_days": window,
        "slack_days": slack,
        "short_by_days": 0 if fits else needed - window,
        "earliest_realistic_target": start + timedelta(days=needed),
    }


def _holiday_calendars(country_codes: list[str], years: range) -> list[Any]:
    # Imported on first use: the holidays package costs every worker ~9 MB at start.
    import holidays

    calendars = []
    for code in country_codes:
        record = pycountry.countries.get(alpha_3=code)
        if record is None:
            continue
        try:
            calendars.append(holidays.country_holidays(record.alpha_2, years=years))
        except NotImplementedError:  # the library does not cover this country
            continue
    return calendars


def _closed(day: date, calendars: list[Any]) -> str | None:
    if day.weekday() >= 5:
        return "weekend"
    for calendar in calendars:
        if day in calendar:
            return calendar.get(day)
    return None


def plan_backward(
    steps: list[PlanStep], target: date, origin: str, destination: str, today: date
) -> dict[str, Any]:
    years = range(min(today.year, target.year) - 1, target.year + 1)
    calendars = _holiday_calendars([origin, destination], years)
    milestones: list[Milestone] = []
    critical: list[dict[str, Any]] = []
    latest_end = target
    for step in reversed(steps):
        start = latest_end - timedelta(days=duration(step, worst_case=True))
        notes = []
        if step.processing_max_days and step.processing_max_days > (step.days or 0):
            notes.append(
                f"Allows the maximum published processing time ({step.processing_max_days} days)."
            )
        if step.location in IN_PERSON:
            while (reason := _closed(start, calendars)) is not None:
                notes.append(f"{start.isoformat()} is closed ({reason}): moved earlier.")
                start -= timedelta(days=1)
        if step.funds_holding_days:
            funds_by = start - timedelta(days=step.funds_holding_days)
            notes.append(
                f"Funds must be in your account by {funds_by.isoformat()} "
                f"({step.funds_holding_days} days before this step)."
            )
            critical.append(
                {"date": funds_by, "label": "Funds in your account by", "step_id": step.step_id}
            )
        milestones.append(Milestone(step, start, latest_end, notes))
        latest_end = start
    milestones.reverse()
    start_by = milestones[0].start if milestones else target
    critical.append(
        {
            "date": start_by,
            "label": "Start the first step by",
            "step_id": milestones[0].step.step_id if milestones else None,
        }
    )
    late = (today - start_by).days if start_by < today else 0
    return {
        "milestones": milestones,
        "fits": late == 0,
        "needed_days": (target - start_by).days,
        "short_by_days": late,
        "start_by": start_by,
        "earliest_realistic_target": target + timedelta(days=late),
        "critical": critical,
    }
