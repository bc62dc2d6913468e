"""Story schemas: submissions (brief fields plus optional structured facts), views, moderation."""

from __future__ import annotations

from datetime import date

from marshmallow import fields, validate

from japaguide.schemas import CamelSchema, CountryCode, CurrencyCode, Money, page_schema

STATUSES = ("pending", "approved", "rejected")
EARLIEST_MOVE_YEAR = 1960
MAX_HOUSEHOLD = 20
MAX_MONTHS = 240
MAX_TAGS = 10


def _latest_year() -> int:
    return date.today().year


class StoryFieldsMixin(CamelSchema):
    title = fields.String(validate=validate.Length(min=3, max=200))
    author_name = fields.String(validate=validate.Length(min=1, max=100))
    content = fields.String(
        validate=validate.Length(min=20, max=20_000),
        metadata={"description": "Markdown. Rendered and sanitised: raw HTML never survives."},
    )
    country = CountryCode(metadata={"description": "Destination (alpha-3)."})
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=30)),
        validate=validate.Length(max=MAX_TAGS),
    )
    visa_type_id = fields.Integer(
        allow_none=True,
        validate=validate.Range(1, 2_147_483_647),
        metadata={"description": "The visa route taken (an id of that country's routes)."},
    )
    route = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The route in your words, when it is not a listed one."},
    )
    year = fields.Integer(
        allow_none=True,
        validate=validate.Range(EARLIEST_MOVE_YEAR, 2100),
        metadata={"description": "Year of the move (not in the future)."},
    )
    household_size = fields.Integer(
        allow_none=True,
        validate=validate.Range(1, MAX_HOUSEHOLD),
        metadata={"description": "People who moved, you included."},
    )
    total_cost = Money(
        allow_none=True,
        metadata={"description": "What the whole move cost, first step to arrival."},
    )
    currency = CurrencyCode(
        allow_none=True,
        metadata={"description": "ISO 4217 code of totalCost (required with it)."},
    )
    months_taken = fields.Integer(
        allow_none=True,
        validate=validate.Range(0, MAX_MONTHS),
        metadata={"description": "Months from the first step to arrival."},
    )


class StorySubmitSchema(StoryFieldsMixin):
    """A new story. Only title, content and country are required."""

    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    content = fields.String(
        required=True,
        validate=validate.Length(min=20, max=20_000),
        metadata={"description": "Markdown. Rendered and sanitised: raw HTML never survives."},
    )
    country = CountryCode(required=True, metadata={"description": "Destination (alpha-3)."})
    author_name = fields.String(load_default="Anonymous", validate=validate.Length(min=1, max=100))
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=30)),
        load_default=list,
        validate=validate.Length(max=MAX_TAGS),
    )


class StoryUpdateSchema(StoryFieldsMixin):
    """Edit a pending story (every field optional)."""


class StoryQuerySchema(CamelSchema):
    country = CountryCode(load_default=None)
    route = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "A visa route id or slug, or words of a free-text route."},
    )
    tag = fields.String(load_default=None, validate=validate.Length(min=1, max=30))
    featured = fields.Boolean(load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class StoryImageSchema(CamelSchema):
    url = fields.String(allow_none=True)
    thumbnail_url = fields.String(allow_none=True)
    hero_url = fields.String(allow_none=True)


class VisaRefSchema(CamelSchema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()


class StorySchema(CamelSchema):
    id = fields.Integer()
    title = fields.String()
    slug = fields.String()
    author_name = fields.String()
    content = fields.String(metadata={"description": "The markdown as written."})
    content_html = fields.String(metadata={"description": "Sanitised HTML of the content."})
    country = fields.String()
    tags = fields.List(fields.String())
    cover_image = fields.Nested(StoryImageSchema)
    approved = fields.Boolean()
    featured = fields.Boolean()
    status = fields.String(validate=validate.OneOf(STATUSES))
    rejection_reason = fields.String(allow_none=True)
    visa_type = fields.Nested(VisaRefSchema, allow_none=True)
    route = fields.String(allow_none=True)
    year = fields.Integer(allow_none=True)
    household_size = fields.Integer(allow_none=True)
    total_cost = Money(allow_none=True)
    currency = fields.String(allow_none=True)
    months_taken = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    approved_at = fields.DateTime(allow_none=True)


StoryPageSchema = page_schema(StorySchema, "StoryPage")


class AdminStoryQuerySchema(CamelSchema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class ModerationSchema(CamelSchema):
    approved = fields.Boolean()
    featured = fields.Boolean()
    rejection_reason = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=1000),
        metadata={"description": "Rejects the story (it is no longer approved nor featured)."},
    )
