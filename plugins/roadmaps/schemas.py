"""Schemas of the roadmap endpoints."""

from __future__ import annotations

from marshmallow import fields, pre_dump, validate

from japaguide.schemas import CamelDict, CamelSchema, CountryCode, Money, page_schema
from plugins.accounts.schemas import MigrantProfileSchema
from plugins.ai.schemas import TONES
from plugins.roadmaps.models import GOALS, STATUSES
from plugins.visas.schemas import NigeriaStatusOut, VisaRef


class GenerateSchema(CamelSchema):
    country = CountryCode(required=True)
    goal = fields.String(required=True, validate=validate.OneOf(GOALS))
    visa_type_id = VisaRef(
        metadata={
            "description": "A visa id, slug or category word (e.g. 'student') of the "
            "country; omit for generic steps."
        },
    )
    profile = fields.Nested(MigrantProfileSchema, load_default=dict)
    ai_tone = fields.String(load_default="helpful", validate=validate.OneOf(TONES))


class StepStatusSchema(CamelSchema):
    completed = fields.Boolean()
    completed_at = fields.DateTime(allow_none=True)
    blocked = fields.Boolean()
    blocker_reason = fields.String()
    blocked_at = fields.DateTime(allow_none=True)
    notes = fields.String()


class RoadmapStepSchema(CamelSchema):
    id = fields.Integer()
    order = fields.Integer()
    title = fields.String()
    description = fields.String()
    estimated_time_days = fields.Integer(allow_none=True)
    estimated_cost_usd = Money(allow_none=True)
    cost_basis = fields.String()
    location = fields.String()
    funds_holding_days = fields.Integer(allow_none=True)
    processing_max_days = fields.Integer(allow_none=True)
    tips = fields.List(fields.String())
    pitfalls = fields.List(fields.String())
    ai_enhanced = fields.Boolean()
    ai_enhancement = fields.String()
    status = fields.Nested(StepStatusSchema)


class ProgressSchema(CamelSchema):
    done = fields.Integer()
    blocked = fields.Integer()
    total = fields.Integer()
    percent = fields.Integer()
    remaining_cost_usd = Money()
    remaining_cost_unknown_steps = fields.Integer()
    remaining_days = fields.Integer()


class RoadmapSummarySchema(CamelSchema):
    roadmap_id = fields.Function(lambda r: r.id, metadata={"type": "integer"})
    id = fields.Integer()
    title = fields.String()
    status = fields.String()
    goal = fields.String()
    country = fields.Function(lambda r: {"code": r.country.code, "name": r.country.name})
    visa_type = fields.Function(
        lambda r: (
            None
            if r.visa_type is None
            else {"id": r.visa_type.id, "name": r.visa_type.name, "slug": r.visa_type.slug}
        )
    )
    ai_tone = fields.String()
    ai_enrichment_status = fields.String(
        metadata={
            "description": "AI enrichment of the steps: `not_available` (no AI plugin), "
            "`pending` (queued or running), `done`, `fallback` (offline advice), or `failed` "
            "(the job failed or outlived its deadline: the deterministic steps are intact and "
            "`aiMetadata.fallbackUsed` is true). More values may be added; a late enrichment "
            "can still turn `failed` into `done` or `fallback`."
        }
    )
    is_anonymous = fields.Boolean()
    export_count = fields.Integer(
        metadata={"description": "How many times the roadmap was exported as a PDF."}
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class RouteStatusSchema(CamelSchema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    category = fields.String()
    nigeria_status = fields.Nested(NigeriaStatusOut)


class RoadmapSchema(RoadmapSummarySchema):
    steps = fields.List(fields.Nested(RoadmapStepSchema))
    profile_snapshot = CamelDict()
    ai_metadata = CamelDict()
    progress = fields.Method("_progress")
    session_expires_in_days = fields.Method("_expires")
    routes = fields.List(
        fields.Nested(RouteStatusSchema),
        attribute="route_status.routes",
        metadata={
            "description": "The chosen route, or the country's routes for the goal, with their "
            "status for a Nigerian passport."
        },
    )
    route_warnings = fields.List(
        fields.String(),
        attribute="route_status.warnings",
        metadata={"description": "A warning for each route that is not open to Nigerians."},
    )

    @pre_dump
    def _attach_route_status(self, roadmap: object, **kwargs: object) -> object:
        from plugins.roadmaps.services import route_status

        roadmap.route_status = route_status(roadmap)
        return roadmap

    def _progress(self, roadmap: object) -> dict:
        from plugins.roadmaps.services import progress

        return ProgressSchema().dump(progress(roadmap))

    def _expires(self, roadmap: object) -> int | None:
        from flask import current_app

        return current_app.config["SESSION_LIFETIME_DAYS"] if roadmap.is_anonymous else None


RoadmapPageSchema = page_schema(RoadmapSummarySchema, "RoadmapPage")


class RoadmapUpdateSchema(CamelSchema):
    """Only the title and status can change; any other key is rejected."""

    title = fields.String(validate=validate.Length(min=1, max=200))
    status = fields.String(validate=validate.OneOf(STATUSES))


class BlockSchema(CamelSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CompleteSchema(CamelSchema):
    notes = fields.String(load_default=None, validate=validate.Length(max=2000))
