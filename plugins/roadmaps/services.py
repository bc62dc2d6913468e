"""Roadmap generation (deterministic, instant), progress, status changes, step actions.

Generation copies the chosen visa route's steps (or generic steps for the goal), costs them
from the visa's money and the country's cost data, stores the profile snapshot, asks
``roadmap_enrichment`` (the AI plugin queues enrichment and answers ``EnrichmentStarted``) and
fires the ``roadmap_generated`` event. The roadmap is complete without either.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import insert, select, update
from sqlalchemy.orm import defaultload, joinedload, lazyload

from japaguide.column_lengths import refuse_overflows
from japaguide.database import utcnow
from japaguide.errors import Conflict, NotFound, RuleViolation
from japaguide.extensions import db
from japaguide.hookspecs import EnrichmentStarted
from japaguide.identity import Owner, owned_select, touch_anonymous_session
from japaguide.pagination import paginate
from japaguide.plugins import get_host
from japaguide.schemas import round_money, to_jsonable
from plugins.countries.models import Country
from plugins.countries.services import get_country
from plugins.roadmaps.generic_steps import steps_for_goal
from plugins.roadmaps.models import TRANSITIONS, Roadmap, RoadmapStep, RoadmapStepStatus
from plugins.visas.models import VisaType
from plugins.visas.services import (
    find_visa_for_country,
    nigeria_status_view,
    nigeria_status_warning,
    pre_departure_costs,
)

#: Meals a month for living costs from the country's meal price (brief §15: ~2 meals a day).
MEALS_PER_MONTH = 60
#: Months of rent paid up front as a deposit ("first + last month").
DEPOSIT_MONTHS = 2
GOAL_WORDS = {"study": "Study", "work": "Work", "business": "Business", "family": "Family"}
#: Visa categories that serve each goal (talent routes are work routes for a migrant).
GOAL_CATEGORIES = {
    "study": ("study",),
    "work": ("work", "talent"),
    "business": ("business",),
    "family": ("family",),
}


#: What a roadmap's page and summary show of its country and route (name, code, slug and the
#: route's Nigerian status): the rest of those rows is large JSON (a playbook's metadata, a
#: route's requirements and sources) that psycopg would decode once per joined step row.
_COUNTRY_SHOWN = (Country.id, Country.code, Country.name)
_ROUTE_SHOWN = (
    VisaType.id,
    VisaType.country_id,
    VisaType.slug,
    VisaType.name,
    VisaType.category,
    VisaType.nigeria_status,
    VisaType.nigeria_status_reason,
    VisaType.nigeria_status_as_of,
    VisaType.nigeria_status_source,
)
_SHOWN_COUNTRY_AND_ROUTE = (
    joinedload(Roadmap.country).load_only(*_COUNTRY_SHOWN),
    joinedload(Roadmap.visa_type).load_only(*_ROUTE_SHOWN),
    defaultload(Roadmap.visa_type).lazyload(VisaType.country),
    defaultload(Roadmap.visa_type).lazyload(VisaType.steps),
    defaultload(Roadmap.visa_type).lazyload(VisaType.money),
)
#: A roadmap's page: its steps with their statuses in the same statement (one statement
#: whatever the step count), never the route's own steps and money (the page does not show them).
DETAIL_OPTIONS = (
    joinedload(Roadmap.steps).joinedload(RoadmapStep.status),
    *_SHOWN_COUNTRY_AND_ROUTE,
)
#: A list shows each roadmap's summary: no steps at all.
SUMMARY_OPTIONS = (lazyload(Roadmap.steps), *_SHOWN_COUNTRY_AND_ROUTE)


def load_roadmap_page(roadmap_id: int) -> Roadmap:
    """The roadmap with exactly what its page shows, read afresh (after writes of a request)."""
    return (
        db.session.scalars(
            select(Roadmap)
            .where(Roadmap.id == roadmap_id)
            .options(*DETAIL_OPTIONS)
            .execution_options(populate_existing=True)
        )
        .unique()
        .one()
    )


def _settle_in_step(country: Country, order: int) -> RoadmapStep:
    """The first month abroad, costed from the country's figures (None if it lacks them)."""
    rent, meal, health = (
        country.avg_rent_monthly_usd,
        country.avg_meal_cost_usd,
        country.healthcare_monthly_usd,
    )
    cost = None
    basis = "The country's cost data is incomplete."
    if rent is not None and meal is not None:
        cost = round_money(
            Decimal(rent) * DEPOSIT_MONTHS + Decimal(meal) * MEALS_PER_MONTH + Decimal(health or 0)
        )
        basis = (
            f"Deposit {DEPOSIT_MONTHS} × rent ${rent} + {MEALS_PER_MONTH} meals × ${meal}"
            f" + healthcare ${health or 0} (country averages)"
        )
    return RoadmapStep(
        order=order,
        title=f"Arrive and settle in {country.name}",
        description="Find housing, register where required, open a bank account, get a phone "
        "line and health cover. Costs are the first month, with the rent deposit.",
        estimated_time_days=30,
        estimated_cost_usd=cost,
        cost_basis=basis,
        location="destination",
        tips=list((country.meta or {}).get("hidden_costs", []))[:3],
        pitfalls=["Paying a deposit for a flat you have not seen or verified."],
    )


def _steps_from_visa(visa: VisaType) -> list[RoadmapStep]:
    fee_by_step: dict[int, Decimal] = {}
    for item in visa.money:
        if item.kind == "spend" and item.category == "visa_fee" and item.step_order:
            fee_by_step[item.step_order] = fee_by_step.get(item.step_order, Decimal(0)) + (
                item.amount_usd or Decimal(0)
            )
    application_step = max(fee_by_step, key=fee_by_step.get) if fee_by_step else None
    holding = {
        m.step_order: m.holding_period_days
        for m in visa.money
        if m.kind == "show" and m.holding_period_days and m.step_order
    }
    processing_days = (visa.processing_time_max_weeks or 0) * 7 or None
    steps = []
    for step in visa.steps:
        steps.append(
            RoadmapStep(
                order=step.order,
                title=step.title,
                description=step.description,
                estimated_time_days=step.estimated_time_days,
                estimated_cost_usd=step.estimated_cost_usd,
                cost_basis=f"Official fees of {visa.name}, converted at the rates of "
                f"{visa.rates_as_of or 'the latest table'}",
                location=step.location,
                funds_holding_days=holding.get(step.order),
                processing_max_days=processing_days if step.order == application_step else None,
                tips=list(step.tips or []),
                pitfalls=list(step.common_pitfalls or []),
            )
        )
    return steps


def _generic_steps(goal: str) -> list[RoadmapStep]:
    costs = pre_departure_costs()
    steps = []
    for order, (title, description, days, location, costing, tips, pitfalls) in enumerate(
        steps_for_goal(goal), start=1
    ):
        cost, basis = None, "Varies: no single official figure"
        if costing and costs.get(costing):
            item = costs[costing][0]
            if item.amount_usd is not None:
                cost = item.amount_usd
                basis = (
                    f"{item.label}: {item.currency} {item.amount} ({item.source.get('title', '')})"
                )
        steps.append(
            RoadmapStep(
                order=order,
                title=title,
                description=description,
                estimated_time_days=days,
                estimated_cost_usd=cost,
                cost_basis=basis,
                location=location,
                tips=tips,
                pitfalls=pitfalls,
            )
        )
    return steps


def generate_roadmap(
    owner: Owner,
    *,
    country_code: str,
    goal: str,
    visa_type_ref: Any,
    profile: dict[str, Any],
    ai_tone: str,
) -> Roadmap:
    """Build and store a roadmap now; enrichment (if any plugin offers it) comes later."""
    country = get_country(country_code)
    visa = None
    if visa_type_ref not in (None, ""):
        visa = find_visa_for_country(country, visa_type_ref)
        if visa is None:
            # Routes are data: a well-formed reference to one the country lacks is a 422.
            raise RuleViolation(
                "visa_type_id",
                "Not one of this country's visa routes.",
                detail=f"{country.name} has no visa route {visa_type_ref!r}.",
            )
    steps = _steps_from_visa(visa) if visa else _generic_steps(goal)
    steps.append(_settle_in_step(country, order=len(steps) + 1))
    title = f"{GOAL_WORDS[goal]} in {country.name}" + (f" — {visa.name}" if visa else "")
    roadmap = Roadmap(
        title=title,
        country_id=country.id,
        visa_type_id=visa.id if visa else None,
        goal=goal,
        profile_snapshot=to_jsonable(profile),
        ai_tone=ai_tone,
        status="draft",
        ai_metadata={"nigeria_status": visa.nigeria_status} if visa else {},
    )
    roadmap.assign_owner(owner)
    db.session.add(roadmap)
    db.session.flush()
    roadmap_id = roadmap.id
    _insert_steps(roadmap_id, steps)
    # One transaction: the roadmap, its steps and statuses and the session's new expiry; the
    # second commit is a no-op when the first one ran.
    touch_anonymous_session(owner)
    db.session.commit()
    host = get_host(current_app)
    started = host.hook.roadmap_enrichment(roadmap_id=roadmap_id, owner=owner)
    if not isinstance(started, EnrichmentStarted):
        if started is not None:
            current_app.logger.error(
                "roadmap_enrichment answered %r, not an EnrichmentStarted: ignored", started
            )
        if roadmap.ai_enrichment_status != "not_available":
            roadmap.ai_enrichment_status = "not_available"
            db.session.commit()
    host.hook.roadmap_generated(roadmap_id=roadmap_id, owner=owner)
    return load_roadmap_page(roadmap_id)


def _step_rows(roadmap_id: int, steps: list[RoadmapStep]) -> list[dict[str, Any]]:
    """The steps as rows for one executemany: every row has every column (unset → default)."""
    columns = [c for c in RoadmapStep.__table__.columns if c.key not in ("id", "roadmap_id")]
    rows = []
    for step in steps:
        row: dict[str, Any] = {"roadmap_id": roadmap_id}
        for column in columns:
            value = step.__dict__.get(column.key)
            if value is None and column.default is not None and column.default.is_scalar:
                value = column.default.arg
            elif value is None and column.default is not None and column.default.is_callable:
                value = column.default.arg(None)
            row[column.key] = value
        rows.append(row)
    return rows


def _insert_steps(roadmap_id: int, steps: list[RoadmapStep]) -> None:
    """Two statements whatever the step count: the steps, then a status for each of them."""
    if not steps:
        return
    refuse_overflows(steps)  # no flush sees a bulk insert: the column-length net, by hand
    db.session.execute(insert(RoadmapStep.__table__), _step_rows(roadmap_id, steps))
    db.session.execute(
        insert(RoadmapStepStatus).from_select(
            ["step_id"], select(RoadmapStep.id).where(RoadmapStep.roadmap_id == roadmap_id)
        )
    )


def route_status(roadmap: Roadmap) -> dict[str, Any]:
    """The routes behind a roadmap and whether a Nigerian passport can use them now.

    A generic roadmap ("Study in the United States") must not read as a plan that works when
    every route for that goal is suspended for Nigerian nationals; so the roadmap carries the
    country's routes for its goal (or its chosen route) with their status, and a warning for
    each that is not open.
    """
    if roadmap.visa_type is not None:
        visas = [roadmap.visa_type]
    else:
        visas = list(
            db.session.scalars(
                select(VisaType)
                .where(
                    VisaType.country_id == roadmap.country_id,
                    VisaType.is_active.is_(True),
                    VisaType.category.in_(GOAL_CATEGORIES.get(roadmap.goal, ())),
                )
                .order_by(VisaType.name)
            )
        )
    routes = [
        {
            "id": v.id,
            "slug": v.slug,
            "name": v.name,
            "category": v.category,
            "nigeria_status": nigeria_status_view(v),
        }
        for v in visas
    ]
    closed = [w for v in visas if (w := nigeria_status_warning(v))]
    country = roadmap.country.name
    warnings = []
    if not visas:
        warnings.append(
            f"We list no {roadmap.goal} route for {country} yet: check the official "
            "immigration website before you act on these generic steps."
        )
    elif len(closed) == len(visas) and len(visas) > 1:
        warnings.append(
            f"None of the {len(visas)} {roadmap.goal} routes we list for {country} is open to "
            "Nigerian passport holders right now."
        )
    warnings += closed
    return {"routes": routes, "warnings": warnings}


def progress(roadmap: Roadmap) -> dict[str, Any]:
    total = len(roadmap.steps)
    done = [s for s in roadmap.steps if s.status and s.status.completed]
    blocked = [s for s in roadmap.steps if s.status and s.status.blocked]
    remaining = [s for s in roadmap.steps if not (s.status and s.status.completed)]
    unknown = sum(1 for s in remaining if s.estimated_cost_usd is None)
    return {
        "done": len(done),
        "blocked": len(blocked),
        "total": total,
        "percent": math.floor(100 * len(done) / total) if total else 0,
        "remaining_cost_usd": round_money(
            sum((s.estimated_cost_usd or Decimal(0) for s in remaining), Decimal(0))
        ),
        "remaining_cost_unknown_steps": unknown,
        "remaining_days": sum(s.estimated_time_days or 0 for s in remaining),
    }


def list_roadmaps(owner: Owner, page: int, page_size: int) -> dict[str, Any]:
    query = (
        owned_select(Roadmap, owner)
        .options(*SUMMARY_OPTIONS)
        .order_by(Roadmap.created_at.desc(), Roadmap.id.desc())
    )
    return paginate(query, page, page_size)


def get_roadmap(owner: Owner, roadmap_id: int) -> Roadmap:
    """The owner's roadmap with what its page shows (steps and statuses), or a 404."""
    roadmap = (
        db.session.scalars(
            owned_select(Roadmap, owner).where(Roadmap.id == roadmap_id).options(*DETAIL_OPTIONS)
        )
        .unique()
        .first()
    )
    if roadmap is None:
        raise NotFound(f"No roadmap with id {roadmap_id} for this owner.")
    return roadmap


def update_roadmap(owner: Owner, roadmap_id: int, changes: dict[str, Any]) -> Roadmap:
    roadmap = get_roadmap(owner, roadmap_id)
    if "status" in changes and changes["status"] != roadmap.status:
        allowed = TRANSITIONS[roadmap.status]
        if changes["status"] not in allowed:
            # The roadmap's present state forbids it, not the request's form: a conflict.
            raise Conflict(
                f"A {roadmap.status} roadmap cannot become {changes['status']}.",
                title="Status change not allowed",
                problem="roadmap-transition",
                fields={"status": [f"From {roadmap.status}: {', '.join(sorted(allowed))}."]},
            )
        roadmap.status = changes["status"]
    if "title" in changes:
        roadmap.title = changes["title"].strip()
    db.session.commit()
    touch_anonymous_session(owner)
    return roadmap


def get_step(owner: Owner, roadmap_id: int, step_id: int) -> RoadmapStep:
    roadmap = get_roadmap(owner, roadmap_id)
    step = next((s for s in roadmap.steps if s.id == step_id), None)
    if step is None:
        raise NotFound(f"No step {step_id} in roadmap {roadmap_id}.")
    return step


def set_step_state(
    owner: Owner,
    roadmap_id: int,
    step_id: int,
    action: str,
    reason: str = "",
    notes: str | None = None,
) -> RoadmapStep:
    """complete / uncomplete / block / unblock — each idempotent.

    Serialised on the step's row: two actions racing on one step (complete and block from two
    tabs) would each read the old state and leave it both completed and blocked.
    """
    step = get_step(owner, roadmap_id, step_id)
    db.session.execute(select(RoadmapStep.id).where(RoadmapStep.id == step.id).with_for_update())
    db.session.expire_all()  # read the state as it is now that no other action can change it
    status = step.status or RoadmapStepStatus(step=step)
    if action == "complete":
        if not status.completed:
            status.completed, status.completed_at = True, utcnow()
        status.blocked, status.blocker_reason, status.blocked_at = False, "", None
        if step.roadmap.status == "draft":
            step.roadmap.status = "active"  # work has started
    elif action == "uncomplete":
        status.completed, status.completed_at = False, None
    elif action == "block":
        if status.completed:
            raise Conflict("A completed step cannot be blocked; reopen it first.")
        status.blocked, status.blocker_reason = True, reason
        status.blocked_at = status.blocked_at or utcnow()
    elif action == "unblock":
        status.blocked, status.blocker_reason, status.blocked_at = False, "", None
    if notes is not None:
        status.notes = notes
    db.session.commit()
    touch_anonymous_session(owner)
    get_host(current_app).hook.step_status_changed(
        step_id=step.id, roadmap_id=roadmap_id, owner=owner
    )
    return step


def record_export(owner: Owner, roadmap_id: int) -> Roadmap:
    """Count one PDF export of the owner's roadmap (brief §16 ``export_count``).

    The increment is done in SQL so two exports at once both count.
    """
    roadmap = get_roadmap(owner, roadmap_id)
    db.session.execute(
        update(Roadmap)
        .where(Roadmap.id == roadmap.id)
        .values(export_count=Roadmap.export_count + 1)
    )
    db.session.commit()
    db.session.refresh(roadmap)
    return roadmap
