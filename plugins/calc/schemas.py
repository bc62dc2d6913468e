"""Schemas of the cost calculator (the brief's request and response, camelCase)."""

from __future__ import annotations

from marshmallow import fields, validate

from japaguide.schemas import (
    Amount,
    CamelDict,
    CamelSchema,
    CountryCode,
    CurrencyCode,
    Money,
    page_schema,
)
from plugins.accounts.schemas import MigrantProfileSchema
from plugins.ai.schemas import TONES
from plugins.visas.schemas import VisaRef

MAX_AMOUNT = 10_000_000


class IsoDate(fields.String):
    """A date stored as ISO text in the estimate's JSON result."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("metadata", {"format": "date"})
        super().__init__(**kwargs)

    def _serialize(self, value: object, attr: object, obj: object, **kwargs: object) -> str | None:
        if value is None:
            return None
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


# USD: above this an input is a typo, not a plan


def amount(**kwargs: object) -> Money:
    return Money(allow_none=True, load_default=None, maximum=MAX_AMOUNT, **kwargs)


class CalcInputsSchema(CamelSchema):
    flights = amount(metadata={"description": "One-way flight per person (USD)."})
    visa_fees = amount(metadata={"description": "Null: the visa route's official fees."})
    insurance_yearly = amount()
    tuition_yearly = amount(
        metadata={
            "description": "First-year tuition as your CAS or offer states it (USD unless "
            "tuitionCurrency says otherwise); also carried into the money to show."
        }
    )
    tuition_currency = CurrencyCode(
        load_default=None,
        allow_none=True,
        metadata={"description": "Currency of tuitionYearly (default USD), e.g. GBP."},
    )
    rent_monthly = amount(metadata={"description": "Null: the country's average rent."})
    living_monthly = amount(metadata={"description": "Null: 60 × the country's average meal."})
    healthcare_monthly = amount()
    phone_internet_monthly = amount()
    transport_monthly = amount()
    buffer_percentage = Money(
        allow_none=True,
        load_default=None,
        maximum=100,
        metadata={"description": "Contingency as a percentage of the subtotal (0-100)."},
    )


class EstimateRequestSchema(CamelSchema):
    country = CountryCode(required=True)
    city = fields.String(
        load_default="",
        validate=validate.Length(max=120),
        metadata={
            "description": "One of the country's playbook cities: its rent, meal and transport "
            "figures are used (the country's where it has none) and city rules apply (UK "
            "Student: London). An unknown city is a 400 listing the known ones."
        },
    )
    visa_type = VisaRef(
        metadata={
            "description": "A visa id, slug or category word ('student', 'work') of the country."
        },
    )
    duration_months = fields.Integer(required=True, validate=validate.Range(1, 120))
    num_dependents = fields.Integer(load_default=0, validate=validate.Range(0, 10))
    with_partner = fields.Boolean(
        load_default=None,
        metadata={
            "description": "Whether one of the dependants is a spouse or partner (default: yes "
            "when there are dependants). Fees for a partner and for a child differ."
        },
    )
    inputs = fields.Nested(CalcInputsSchema, load_default=dict)
    profile = fields.Nested(MigrantProfileSchema, load_default=dict)
    currency = fields.String(load_default=None, validate=validate.Regexp(r"^[A-Za-z]{3}$"))
    application_date = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "When you will apply: gives the date the money to show must be in "
            "the account (default: worked back from profile.targetMoveDate)."
        },
    )
    include_naira_buffer = fields.Boolean(
        load_default=False,
        metadata={"description": "Add a naira volatility buffer to the money to show."},
    )
    include_advice = fields.Boolean(load_default=False)
    ai_tone = fields.String(load_default="helpful", validate=validate.OneOf(TONES))


class BreakdownSchema(CamelSchema):
    visa_application = Amount()
    flights = Amount()
    insurance = Amount()
    tuition = Amount()
    accommodation = Amount()
    living_expenses = Amount()
    healthcare = Amount()
    phone_internet = Amount()
    transportation = Amount()
    buffer = Amount()


class SourceRefSchema(CamelSchema):
    title = fields.String()
    url = fields.String()
    publisher = fields.String(allow_none=True)


class HiddenCostSchema(CamelSchema):
    item = fields.String()
    estimated = Amount(
        allow_none=True, metadata={"description": "Null: unknown (the basis says why)."}
    )
    basis = fields.String()
    recurrence = fields.String(allow_none=True)
    source = fields.Nested(SourceRefSchema, allow_none=True)
    confidence = fields.String(allow_none=True)
    included_elsewhere = fields.Boolean(
        metadata={"description": "Already counted elsewhere (visa fees, healthcare)."}
    )


class PlanSchema(CamelSchema):
    months = fields.Integer()
    monthly = Amount()


class SavingsPlanSchema(CamelSchema):
    target = Amount()
    budget = Amount()
    gap = Amount()
    budget_minus_needed = Amount(allow_negative=True)
    months_to_save = fields.Integer()
    months_at_current_rate = fields.Integer(allow_none=True)
    monthly_target = Amount()
    basis = fields.String()
    on_track = fields.Boolean(allow_none=True)
    aggressive_plan = fields.Nested(PlanSchema)
    relaxed_plan = fields.Nested(PlanSchema)


class StoryComparisonSchema(CamelSchema):
    """The estimate against approved Japa stories' real costs (range withheld below the
    minimum sample)."""

    sample_size = fields.Integer(metadata={"description": "Approved stories with a cost used."})
    minimum_sample = fields.Integer()
    typical_range = fields.String(allow_none=True)
    typical_low = Amount(allow_none=True)
    typical_high = Amount(allow_none=True)
    percentile = fields.String(allow_none=True)
    percentile_value = fields.Integer(allow_none=True)
    compared_against = fields.String()


class CostComparisonSchema(CamelSchema):
    """Other people's stored estimates for the same country and route (one per owner); the
    range and percentile are null below ``minimumSample``."""

    your_estimate = Amount()
    typical_range = fields.String(allow_none=True)
    typical_low = Amount(allow_none=True)
    typical_high = Amount(allow_none=True)
    percentile = fields.String(allow_none=True)
    percentile_value = fields.Integer(allow_none=True)
    sample_size = fields.Integer()
    minimum_sample = fields.Integer(
        metadata={"description": "Samples needed before a range and percentile are given."}
    )
    enough_data = fields.Boolean(
        metadata={"description": "False: 'not enough data yet' (no range, no percentile)."}
    )
    compared_against = fields.String()
    story_sample_size = fields.Integer(
        metadata={"description": "How many approved stories the `stories` comparison used."}
    )
    stories = fields.Nested(StoryComparisonSchema)


class MonthlyBreakdownSchema(CamelSchema):
    essential = Amount()
    optional = Amount()
    total = Amount()


class FundsItemSchema(CamelSchema):
    label = fields.String()
    category = fields.String()
    amount = Amount(allow_none=True)
    currency = fields.String()
    amount_usd = Amount(allow_none=True)
    amount_ngn = Amount(
        allow_none=True, metadata={"description": "amount × count in naira at ngnRate."}
    )
    applies_to = fields.String()
    count = fields.Integer()
    holding_period_days = fields.Integer(allow_none=True)
    refundable = fields.Boolean()
    from_your_input = fields.Boolean(
        metadata={"description": "The amount is your figure (tuition from your CAS/offer)."}
    )
    source = fields.Nested(SourceRefSchema, allow_none=True)
    last_verified = IsoDate(allow_none=True)
    note = fields.String(allow_none=True)


class RateLabelSchema(CamelSchema):
    """One exchange rate as it was stated: its own date and source (NGN: an NFEM figure)."""

    currency = fields.String()
    per_usd = fields.Float()
    as_of = IsoDate()
    source = fields.Nested(SourceRefSchema, allow_none=True)
    confidence = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class NairaBufferSchema(CamelSchema):
    percent = Amount(allow_none=True)
    amount_ngn = Amount(allow_none=True)
    points = fields.Integer(metadata={"description": "Dated rates the buffer is computed from."})
    period_start = IsoDate(allow_none=True)
    period_end = IsoDate(allow_none=True)
    basis = fields.String()


class ProofOfFundsSchema(CamelSchema):
    amount_usd = Amount()
    amount = Amount(allow_none=True)
    currency = fields.String(allow_none=True)
    amount_ngn = Amount(allow_none=True)
    ngn_rate = fields.Nested(RateLabelSchema, allow_none=True)
    holding_period_days = fields.Integer(allow_none=True)
    application_date = IsoDate(allow_none=True)
    funds_in_account_by = IsoDate(
        allow_none=True,
        metadata={
            "description": "The last day the money can arrive and still be held long "
            "enough (null without an application or target move date)."
        },
    )
    funds_in_account_basis = fields.String(allow_none=True)
    is_lower_bound = fields.Boolean(
        metadata={"description": "Some amounts are unknown (listed in unknownItems)."}
    )
    unknown_items = fields.List(fields.String())
    naira_buffer = fields.Nested(NairaBufferSchema, allow_none=True)
    items = fields.List(fields.Nested(FundsItemSchema))
    note = fields.String()


class PreDepartureSchema(CamelSchema):
    item = fields.String()
    group = fields.String()
    count = fields.Integer()
    estimated = Amount(allow_none=True)
    amount = Amount(allow_none=True)
    currency = fields.String()
    source = fields.Nested(SourceRefSchema, allow_none=True)
    last_verified = IsoDate(allow_none=True)
    note = fields.String(allow_none=True)


class CashNeededSchema(CamelSchema):
    spend = Amount()
    hidden_costs = Amount()
    pre_departure = Amount()
    show = Amount()


class ConvertedSchema(CamelSchema):
    currency = fields.String()
    rate_per_usd = fields.Float()
    rates_as_of = IsoDate(metadata={"description": "The date of this currency's own rate."})
    rates_source = fields.Nested(SourceRefSchema, allow_none=True)
    rate_confidence = fields.String(allow_none=True)
    rate_note = fields.String(allow_none=True)
    total_estimated = Amount()
    cash_needed = Amount()
    hidden_costs_total = Amount()
    monthly_total = Amount()
    monthly_target = Amount()
    breakdown = fields.Nested(BreakdownSchema)


class AssumptionSchema(CamelSchema):
    input = fields.String()
    value = fields.String()
    basis = fields.String()


class CityFigureOutSchema(CamelSchema):
    figure = fields.String(metadata={"description": "rent_monthly, meal or transport_monthly"})
    input = fields.String()
    level = fields.String(metadata={"description": "yours, city or country"})
    amount = Amount(allow_none=True)
    currency = fields.String(allow_none=True)
    amount_usd = Amount(allow_none=True)
    source = fields.Nested(SourceRefSchema, allow_none=True)
    last_verified = IsoDate(allow_none=True)
    confidence = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class CityCostsOutSchema(CamelSchema):
    city = fields.String()
    level = fields.String(metadata={"description": "city when any city figure was used"})
    figures = fields.List(fields.Nested(CityFigureOutSchema))
    note = fields.String(allow_none=True)


class EstimateSchema(CamelSchema):
    id = fields.Integer()
    total_estimated = Amount()
    breakdown = fields.Nested(BreakdownSchema)
    subtotal = Amount()
    hidden_costs = fields.List(fields.Nested(HiddenCostSchema))
    hidden_costs_total = Amount()
    pre_departure_costs = fields.List(fields.Nested(PreDepartureSchema))
    pre_departure_total = Amount()
    proof_of_funds = fields.Nested(ProofOfFundsSchema, allow_none=True)
    cash_needed = Amount(
        metadata={"description": "Spend + hidden + pre-departure + funds to show."}
    )
    cash_needed_breakdown = fields.Nested(CashNeededSchema)
    monthly_breakdown = fields.Nested(MonthlyBreakdownSchema)
    savings_plan = fields.Nested(SavingsPlanSchema)
    cost_comparison = fields.Nested(CostComparisonSchema)
    currency = fields.String()
    converted = fields.Nested(ConvertedSchema, allow_none=True)
    advice = CamelDict(allow_none=True)
    assumptions = fields.List(fields.Nested(AssumptionSchema))
    warnings = fields.List(fields.String())
    country = fields.Dict()
    visa_type = CamelDict(allow_none=True)
    city = fields.String()
    city_costs = fields.Nested(CityCostsOutSchema, allow_none=True)
    is_lower_bound = fields.Boolean(
        metadata={
            "description": "True when some cost is unknown (listed in unknownItems): the "
            "totals count only what is known, so the real figure is higher."
        }
    )
    unknown_items = fields.List(fields.String())
    duration_months = fields.Integer()
    num_dependents = fields.Integer()
    is_anonymous = fields.Boolean()
    created_at = fields.DateTime()


class EstimateSummarySchema(CamelSchema):
    id = fields.Integer()
    country = fields.Function(lambda e: {"code": e.country.code, "name": e.country.name})
    city = fields.String()
    duration_months = fields.Integer()
    num_dependents = fields.Integer()
    total_estimated = Amount()
    cash_needed = Amount()
    created_at = fields.DateTime()


EstimatePageSchema = page_schema(EstimateSummarySchema, "EstimatePage")
