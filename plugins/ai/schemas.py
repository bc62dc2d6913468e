"""Schemas of the AI endpoints."""

from __future__ import annotations

from marshmallow import fields, validate

from japaguide.schemas import CamelSchema, CountryCode, page_schema
from plugins.accounts.schemas import MigrantProfileSchema
from plugins.ai.compare import METRICS

MAX_MESSAGE_CHARS = 2000

#: Japabot's six personalities: every AI feature and every roadmap speaks in one of them.
TONES = ("helpful", "uncle_japa", "bestie", "strict_officer", "hype_man", "therapist")


class ChatContextSchema(CamelSchema):
    roadmap_id = fields.Integer(load_default=None, validate=validate.Range(1, 2_147_483_647))
    country_code = CountryCode(load_default=None)
    user_profile = fields.Nested(MigrantProfileSchema, load_default=dict)


class ChatRequestSchema(CamelSchema):
    message = fields.String(required=True, validate=validate.Length(min=1, max=MAX_MESSAGE_CHARS))
    tone = fields.String(load_default="helpful", validate=validate.OneOf(TONES))
    context = fields.Nested(ChatContextSchema, load_default=dict)
    conversation_id = fields.Integer(load_default=None, validate=validate.Range(1, 2_147_483_647))
    stream = fields.Boolean(load_default=False)


class SourceSchema(CamelSchema):
    type = fields.String()
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    url = fields.String(allow_none=True)


class ChatResponseSchema(CamelSchema):
    answer = fields.String()
    personality_intro = fields.String()
    sources = fields.List(fields.Nested(SourceSchema))
    follow_up_questions = fields.List(fields.String())
    tokens_used = fields.Integer()
    cached = fields.Boolean()
    ai_provider = fields.String(metadata={"description": "openai or offline"})
    fallback_used = fields.Boolean()
    unverified_figures = fields.List(fields.String())
    conversation_id = fields.Integer()


class CompareRequestSchema(CamelSchema):
    left = CountryCode(required=True)
    right = CountryCode(required=True)
    metrics = fields.List(
        fields.String(validate=validate.OneOf(tuple(METRICS))),
        load_default=lambda: ["cost", "pr_time", "job_market", "quality_of_life"],
        validate=validate.Length(min=1, max=len(METRICS)),
    )
    user_profile = fields.Nested(MigrantProfileSchema, load_default=dict)
    tone = fields.String(load_default="helpful", validate=validate.OneOf(TONES))


class MetricRowSchema(CamelSchema):
    metric = fields.String()
    label = fields.String()
    left = fields.Raw(allow_none=True)
    right = fields.Raw(allow_none=True)
    winner = fields.String(allow_none=True)
    left_note = fields.String(allow_none=True)
    right_note = fields.String(allow_none=True)


class CompareResponseSchema(CamelSchema):
    left = fields.Dict()
    right = fields.Dict()
    metrics = fields.List(fields.Nested(MetricRowSchema))
    fit = fields.Dict()
    pros_cons = fields.Dict()
    deal_breakers = fields.List(fields.String())
    restrictions = fields.List(
        fields.String(),
        metadata={"description": "Routes restricted for Nigerian nationals, and why."},
    )
    recommendation = fields.Dict()
    narrative = fields.String()
    personality_intro = fields.String()
    ai_provider = fields.String()
    cached = fields.Boolean()
    tokens_used = fields.Integer()
    fallback_used = fields.Boolean()


class ConversationSchema(CamelSchema):
    id = fields.Integer()
    title = fields.String()
    tone = fields.String()
    country_code = fields.String(allow_none=True)
    created_at = fields.DateTime()
    messages = fields.Function(
        lambda c: [
            {"role": m.role, "content": m.content, "createdAt": m.created_at.isoformat()}
            for m in c.messages
        ]
    )


ConversationPageSchema = page_schema(ConversationSchema, "ConversationPage")
