"""Schemas of the timeline endpoints."""

from __future__ import annotations

from marshmallow import fields, validate

from japaguide.schemas import BoundedDate, CamelSchema, CountryCode


class TimelineCreateSchema(CamelSchema):
    roadmap_id = fields.Integer(required=True, validate=validate.Range(1, 2_147_483_647))
    start_date = BoundedDate(
        load_default=None,
        metadata={
            "description": "Omit to plan backwards from targetDate (latest safe start dates)."
        },
    )
    target_date = BoundedDate(required=True)
    origin_country = CountryCode(load_default="NGA")


class MilestoneSchema(CamelSchema):
    step_id = fields.Integer()
    order = fields.Integer()
    title = fields.String()
    start_date = fields.Date()
    due_date = fields.Date()
    latest_start_date = fields.Date(allow_none=True)
    duration_days = fields.Integer()
    location = fields.String()
    status = fields.String(
        metadata={"description": "done | blocked | overdue | in_progress | upcoming"}
    )
    notes = fields.List(fields.String())


class CriticalDateSchema(CamelSchema):
    date = fields.Date()
    label = fields.String()
    step_id = fields.Integer(allow_none=True)


class EventSchema(CamelSchema):
    title = fields.String()
    start = fields.Date()
    end = fields.Date()
    all_day = fields.Boolean()
    step_id = fields.Integer()
    status = fields.String()


class TimelineSchema(CamelSchema):
    roadmap_id = fields.Integer()
    title = fields.String()
    mode = fields.String(metadata={"description": "forward (start → target) or backward"})
    start_date = fields.Date(allow_none=True)
    target_date = fields.Date()
    fits = fields.Boolean()
    needed_days = fields.Integer()
    short_by_days = fields.Integer()
    earliest_realistic_target = fields.Date()
    milestones = fields.List(fields.Nested(MilestoneSchema))
    critical_dates = fields.List(fields.Nested(CriticalDateSchema))
    events = fields.List(fields.Nested(EventSchema))


class TimelineQuerySchema(CamelSchema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "ics")))
