"""Schemas of the country endpoints (camelCase on the wire)."""

from __future__ import annotations

from marshmallow import fields, validate

from japaguide.schemas import CamelSchema, Money, page_schema
from plugins.countries.services import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SORTS


class CountryQuerySchema(CamelSchema):
    region = fields.String(
        metadata={"description": "Case-insensitive; 'europe' matches 'Western Europe'."}
    )
    difficulty = fields.Integer(
        validate=validate.Range(1, 10), metadata={"description": "Exact difficulty."}
    )
    difficulty_min = fields.Integer(validate=validate.Range(1, 10))
    difficulty_max = fields.Integer(validate=validate.Range(1, 10))
    search = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "Name, code or alias; accent- and case-insensitive."},
    )
    rent_min = Money()
    rent_max = Money()
    cost_index_min = fields.Float(validate=validate.Range(0, 300))
    cost_index_max = fields.Float(validate=validate.Range(0, 300))
    sort = fields.String(
        load_default="name",
        validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]),
        metadata={
            "description": "name, difficulty, costOfLivingIndex, rent, population, code; "
            "prefix '-' to reverse."
        },
    )
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    page_size = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE, validate=validate.Range(1, MAX_PAGE_SIZE)
    )


class SourceOut(CamelSchema):
    title = fields.String()
    url = fields.String()
    publisher = fields.String(allow_none=True)


class FactProvenanceSchema(CamelSchema):
    source = fields.Nested(SourceOut, allow_none=True)
    confidence = fields.String()
    note = fields.String(allow_none=True)
    last_verified = fields.Date(allow_none=True)
    stale = fields.Boolean()


class CountryMetadataOut(CamelSchema):
    official_languages = fields.List(fields.String())
    pr_timeline_months = fields.String(allow_none=True)
    popular_cities = fields.List(fields.String())
    job_market_score = fields.Integer(allow_none=True)
    hidden_costs = fields.List(fields.String())
    notes = fields.String(allow_none=True)
    flight_from_lagos_usd = fields.Float(
        allow_none=True,
        metadata={"description": "Typical one-way economy fare from Lagos to the main city."},
    )
    phone_internet_monthly_usd = fields.Float(allow_none=True)
    transport_monthly_usd = fields.Float(allow_none=True)


class ImageSchema(CamelSchema):
    url = fields.String(allow_none=True)
    thumbnail_url = fields.String(allow_none=True)
    hero_url = fields.String(allow_none=True)


class CountrySummarySchema(CamelSchema):
    code = fields.String()
    name = fields.String()
    region = fields.String()
    capital = fields.String()
    currency = fields.String()
    population = fields.Integer(allow_none=True)
    summary = fields.String()
    cost_of_living_index = fields.Float(allow_none=True)
    difficulty_score = fields.Integer(allow_none=True)
    avg_rent_monthly_usd = Money(allow_none=True)
    avg_meal_cost_usd = Money(allow_none=True)
    healthcare_monthly_usd = Money(allow_none=True)
    flag = fields.Nested(ImageSchema)
    last_verified = fields.Date(allow_none=True)
    stale = fields.Boolean()


CountryPageSchema = page_schema(CountrySummarySchema, "CountryPage")


class VisaSummarySchema(CamelSchema):
    count = fields.Integer()
    cheapest = fields.Dict(
        allow_none=True, metadata={"description": "{id, name, slug, costEstimateMinUsd}"}
    )
    fastest = fields.Dict(
        allow_none=True, metadata={"description": "{id, name, slug, processingTimeMinWeeks}"}
    )
    open_to_nigerians = fields.Integer(allow_none=True)


class CountryDetailSchema(CountrySummarySchema):
    aliases = fields.List(fields.String())
    alpha2 = fields.String()
    metadata = fields.Nested(CountryMetadataOut)
    hero = fields.Nested(ImageSchema)
    sources = fields.List(fields.Nested(SourceOut))
    confidence = fields.String()
    provenance = fields.Dict(keys=fields.String(), values=fields.Nested(FactProvenanceSchema))
    visa_summary = fields.Nested(VisaSummarySchema, allow_none=True)
    sections = fields.Dict(
        metadata={"description": "Extra playbook sections contributed by plugins."}
    )
