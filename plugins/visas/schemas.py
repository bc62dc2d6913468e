"""Schemas of the visa endpoints."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from japaguide.schemas import CamelSchema, Money
from plugins.countries.schemas import SourceOut


class MoneyItemSchema(CamelSchema):
    key = fields.String()
    label = fields.String()
    kind = fields.String(
        metadata={
            "description": "spend (paid out), show (held as proof) or threshold (a minimum "
            "salary, income or score to meet: never money paid or held)"
        }
    )
    category = fields.String()
    amount = Money(allow_none=True, metadata={"description": "In the official currency."})
    currency = fields.String()
    amount_usd = Money(
        allow_none=True, metadata={"description": "Derived via the dated rates table."}
    )
    applies_to = fields.String()
    refundable = fields.Boolean()
    effective_date = fields.Date(allow_none=True)
    holding_period_days = fields.Integer(allow_none=True)
    step = fields.Integer(allow_none=True)
    paid_by = fields.String(
        metadata={"description": "applicant, employer or sponsor; only the applicant's count."}
    )
    household_size = fields.Integer(
        allow_none=True,
        metadata={"description": "Row of a table by family size (1 = applicant alone)."},
    )
    in_cities = fields.List(
        fields.String(), metadata={"description": "Applies only to these cities (if any)."}
    )
    outside_cities = fields.List(
        fields.String(), metadata={"description": "Never applies in these cities."}
    )
    source = fields.Nested(SourceOut, allow_none=True)
    last_verified = fields.Date(allow_none=True)
    confidence = fields.String()
    stale = fields.Boolean()
    note = fields.String(allow_none=True)


class VisaStepSchema(CamelSchema):
    id = fields.Integer()
    order = fields.Integer()
    title = fields.String()
    description = fields.String()
    estimated_time_days = fields.Integer(allow_none=True)
    estimated_cost_usd = Money(allow_none=True)
    location = fields.String()
    tips = fields.List(fields.String())
    common_pitfalls = fields.List(fields.String())
    money = fields.List(fields.Nested(MoneyItemSchema))


class NigeriaStatusOut(CamelSchema):
    status = fields.String(metadata={"description": "open | restricted | suspended | ineligible"})
    reason = fields.String()
    as_of = fields.Date(allow_none=True)
    source = fields.Nested(SourceOut, allow_none=True)


class CountryRefSchema(CamelSchema):
    code = fields.String()
    name = fields.String()


class TotalsSchema(CamelSchema):
    cost_usd = Money()
    time_days = fields.Integer()
    steps = fields.Integer()


class VisaTypeSchema(CamelSchema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    category = fields.String()
    country = fields.Nested(CountryRefSchema)
    description = fields.String()
    processing_time_min_weeks = fields.Integer(allow_none=True)
    processing_time_max_weeks = fields.Integer(allow_none=True)
    cost_estimate_min = Money(allow_none=True)
    cost_estimate_max = Money(allow_none=True)
    currency = fields.String()
    rates_as_of = fields.Date(allow_none=True)
    requirements = fields.List(fields.String())
    nigeria_status = fields.Nested(NigeriaStatusOut)
    steps = fields.List(fields.Nested(VisaStepSchema))
    totals = fields.Nested(TotalsSchema)
    spend = fields.List(fields.Nested(MoneyItemSchema))
    show = fields.List(fields.Nested(MoneyItemSchema))
    thresholds = fields.List(
        fields.Nested(MoneyItemSchema),
        metadata={"description": "Minimum salaries, incomes and scores: not money to pay or hold."},
    )
    pre_departure = fields.List(fields.Nested(MoneyItemSchema))
    sources = fields.List(fields.Nested(SourceOut))
    last_verified = fields.Date(allow_none=True)
    confidence = fields.String()
    stale = fields.Boolean()
    is_active = fields.Boolean()


class VisaRef(fields.Field):
    """A visa route named by id (integer) or by slug / category word (string).

    Blank text means "no route" (what a form sends for an unselected route); any other text
    is a slug or category word, looked up by the service.

    Bounded on input so a lookup can never be handed something the database cannot hold
    (a 5,000-digit id, a list, a megabyte of text): anything else is a 400 naming the field.
    """

    MAX_ID = 2**31 - 1
    default_error_messages = {"invalid": "Must be a visa id (integer) or a slug (text)."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", None)
        kwargs.setdefault("allow_none", True)
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault(
            "oneOf",
            [
                {"type": "integer", "minimum": 1, "maximum": self.MAX_ID},
                {"type": "string", "maxLength": 120},
            ],
        )
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, int) and 1 <= value <= self.MAX_ID:
            return value
        if isinstance(value, str):
            text = value.strip()
            # ASCII digits only: str.isdigit() is also true for '¹' or '٣', which int() refuses.
            digits = text.isascii() and text.isdigit()
            if text == "":
                return None  # a form's unselected route: no route, as documented
            if digits and len(text) <= 10 and 1 <= int(text) <= self.MAX_ID:
                return int(text)
            if len(text) <= 120:
                # Any other text names a route by slug or category word; one no route
                # carries ("0", "99999999999", "nonsense") is the service's "no such route".
                return text
        raise self.make_error("invalid")
