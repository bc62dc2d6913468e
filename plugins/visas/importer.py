"""Importing visa types: validate the whole file, derive USD figures, upsert by country + slug.

Money is stored as the authority states it; USD amounts are derived here through the dated
rates table, and a step's cost and the visa's cost range are derived from the money items, so
no USD figure is typed by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)
from sqlalchemy import select

from japaguide.caching import stable_hash
from japaguide.extensions import db
from japaguide.importing import ImportResult, flatten_errors
from japaguide.money import to_usd
from japaguide.provenance import CONFIDENCE_LEVELS, SourceSchema
from japaguide.schemas import CurrencyCode, lookup_country, round_money
from plugins.countries.models import Country
from plugins.countries.services import invalidate_country_caches, rates_table
from plugins.visas.models import (
    MONEY_KINDS,
    NIGERIA_STATUSES,
    PreDepartureCost,
    VisaMoney,
    VisaStep,
    VisaType,
)
from plugins.visas.services import PAYERS, applicable, partner_default

CATEGORIES = ("study", "work", "family", "business", "talent", "visit")
LOCATIONS = ("home", "online", "embassy", "office", "destination")
#: An amount in its own currency: far above any real fee or fund (NGN included), and small
#: enough that its USD value fits Numeric(12, 2) for every currency in the rates table.
MAX_AMOUNT = 1_000_000_000
#: Steps of one route; far above any real route, and within the Integer columns.
MAX_STEPS = 1000
APPLIES_TO = (
    "per_applicant",
    "per_dependant",
    "per_family",
    "per_year",
    "per_year_per_person",
    "once",
    "per_month",
    "per_additional_member",
    "per_partner",
    "per_child",
)
PRE_DEPARTURE_KEYS = (
    "passport",
    "language_test",
    "credential_evaluation",
    "medical",
    "police_certificate",
)


class NigeriaStatusSchema(Schema):
    class Meta:
        unknown = RAISE

    status = fields.String(required=True, validate=validate.OneOf(NIGERIA_STATUSES))
    reason = fields.String(required=True, validate=validate.Length(min=1))
    as_of = fields.Date(required=True)
    source = fields.Nested(SourceSchema, required=True)


class MoneySchema(Schema):
    class Meta:
        unknown = RAISE

    key = fields.String(required=True, validate=validate.Length(min=1, max=80))
    label = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=validate.OneOf(MONEY_KINDS))
    category = fields.String(load_default="other", validate=validate.Length(min=1, max=30))
    amount = fields.Decimal(
        required=True, allow_none=True, validate=validate.Range(min=0, max=MAX_AMOUNT)
    )
    currency = CurrencyCode(required=True)
    applies_to = fields.String(load_default="per_applicant", validate=validate.OneOf(APPLIES_TO))
    refundable = fields.Boolean(load_default=False)
    effective_date = fields.Date(allow_none=True, load_default=None)
    holding_period_days = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=3650)
    )
    step = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_STEPS)
    )
    paid_by = fields.String(load_default="applicant", validate=validate.OneOf(PAYERS))
    household_size = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=20)
    )
    in_cities = fields.List(
        fields.String(validate=validate.Length(min=1, max=120)), load_default=list
    )
    outside_cities = fields.List(
        fields.String(validate=validate.Length(min=1, max=120)), load_default=list
    )
    source = fields.Nested(SourceSchema, required=True)
    last_verified = fields.Date(required=True)
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE_LEVELS))
    note = fields.String(allow_none=True, load_default=None)


class StepSchema(Schema):
    class Meta:
        unknown = RAISE

    order = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_STEPS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="")
    estimated_time_days = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=3650)
    )
    location = fields.String(load_default="online", validate=validate.OneOf(LOCATIONS))
    tips = fields.List(fields.String(), load_default=list)
    common_pitfalls = fields.List(fields.String(), load_default=list)


class VisaTypeSchema(Schema):
    class Meta:
        unknown = RAISE

    slug = fields.String(
        required=True,
        validate=[validate.Length(max=120), validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$")],
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    description = fields.String(load_default="")
    processing_time_min_weeks = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=520)
    )
    processing_time_max_weeks = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=520)
    )
    requirements = fields.List(fields.String(), load_default=list)
    nigeria_status = fields.Nested(NigeriaStatusSchema, required=True)
    money = fields.List(fields.Nested(MoneySchema), load_default=list)
    pre_departure = fields.List(
        fields.String(validate=validate.OneOf(PRE_DEPARTURE_KEYS)), load_default=list
    )
    steps = fields.List(fields.Nested(StepSchema), required=True, validate=validate.Length(min=1))
    sources = fields.List(
        fields.Nested(SourceSchema), required=True, validate=validate.Length(min=1)
    )
    last_verified = fields.Date(required=True)
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE_LEVELS))
    is_active = fields.Boolean(load_default=True)

    @validates_schema(skip_on_field_errors=False)
    def _consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        low, high = data.get("processing_time_min_weeks"), data.get("processing_time_max_weeks")
        if low is not None and high is not None and low > high:
            errors["processing_time_min_weeks"] = ["Must not exceed processing_time_max_weeks."]
        orders = [step.get("order") for step in data.get("steps", []) if step.get("order")]
        if sorted(orders) != list(range(1, len(orders) + 1)):
            errors["steps"] = ["Step orders must be 1..n without gaps or repeats."]
        keys = [item.get("key") for item in data.get("money", [])]
        if len(keys) != len(set(keys)):
            errors["money"] = ["Money keys must be unique within a visa type."]
        bad_steps = sorted(
            {
                m["step"]
                for m in data.get("money", [])
                if m.get("step") is not None and m["step"] not in orders
            }
        )
        if bad_steps:
            errors.setdefault("money", []).append(f"Money items name missing steps: {bad_steps}.")
        if errors:
            raise ValidationError(errors)


class VisaFileSchema(Schema):
    class Meta:
        unknown = RAISE

    country = fields.String(required=True)
    visa_types = fields.List(fields.Raw(), required=True)


def validate_visa_file(
    payload: Any, country_override: str | None = None
) -> tuple[str | None, list[dict[str, Any]], list[dict[str, Any]]]:
    """Returns (country code, clean visa records, errors)."""
    errors: list[dict[str, Any]] = []
    if isinstance(payload, list):
        payload = {"country": country_override, "visa_types": payload}
    try:
        envelope = VisaFileSchema().load(payload)
    except ValidationError as exc:
        return (
            None,
            [],
            [{"record": None, "field": f, "reason": r} for f, r in flatten_errors(exc.messages)],
        )
    code = (country_override or envelope["country"] or "").upper()
    if country_override and envelope["country"] and envelope["country"].upper() != code:
        errors.append(
            {
                "record": None,
                "field": "country",
                "reason": f"File is for {envelope['country']}, not {code}.",
            }
        )
    if lookup_country(code) is None:
        errors.append({"record": None, "field": "country", "reason": "Not an ISO alpha-3 code."})
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    schema = VisaTypeSchema()
    for index, record in enumerate(envelope["visa_types"]):
        slug = record.get("slug") if isinstance(record, dict) else None
        try:
            data = schema.load(record)
        except ValidationError as exc:
            errors.extend(
                {"record": index, "slug": slug, "field": f, "reason": r}
                for f, r in flatten_errors(exc.messages)
            )
            continue
        if data["slug"] in seen:
            errors.append(
                {"record": index, "slug": slug, "field": "slug", "reason": "Duplicate slug."}
            )
            continue
        seen.add(data["slug"])
        data["_hash"] = stable_hash(record)
        clean.append(data)
    return code, clean, errors


def derive_costs(
    data: dict[str, Any], rates: dict[str, Any]
) -> tuple[dict[int, Decimal | None], Decimal | None, Decimal | None, list[str]]:
    """USD per step, the visa's (min, max) and the currencies that lacked a rate.

    Min is what the principal applicant alone spends; max adds one accompanying dependant.
    Money an employer or sponsor pays is not the migrant's cost (see ``services``, household).
    """
    missing: list[str] = []
    for item in data["money"]:
        item["currency"] = item["currency"].upper()
        usd = (
            to_usd(item["amount"], item["currency"], rates) if item["amount"] is not None else None
        )
        if item["amount"] is not None and usd is None:
            missing.append(item["currency"])
        item["_usd"] = usd
    per_step: dict[int, Decimal | None] = {s["order"]: Decimal("0") for s in data["steps"]}
    for item, times in applicable(data["money"], 0, kind="spend"):
        if item["step"] is not None and item["_usd"] is not None:
            per_step[item["step"]] = (per_step.get(item["step"]) or Decimal("0")) + (
                item["_usd"] * times
            )

    def total(dependants: int) -> Decimal:
        return sum(
            (
                item["_usd"] * times
                for item, times in applicable(
                    data["money"],
                    dependants,
                    kind="spend",
                    partner=partner_default(data.get("category")),
                )
                # Only money paid at a step counts, so the steps add up to the visa's cost.
                if item["_usd"] is not None and item["step"] is not None
            ),
            Decimal("0"),
        )

    return (
        {k: round_money(v) for k, v in per_step.items()},
        round_money(total(0)),
        round_money(total(1)),
        missing,
    )


def import_visa_types(
    payload: Any, *, country: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Validate all, then upsert by (country, slug) in one transaction (nothing on any error)."""
    code, clean, errors = validate_visa_file(payload, country)
    result = ImportResult(errors=errors, dry_run=dry_run)
    if errors:
        return result
    country_row = db.session.scalar(select(Country).where(Country.code == code))
    if country_row is None:
        result.errors.append(
            {"record": None, "field": "country", "reason": f"Import the country {code} first."}
        )
        return result
    rates = rates_table()
    prepared = []
    for index, data in enumerate(clean):
        per_step, minimum, maximum, missing = derive_costs(data, rates)
        if missing:
            result.errors.append(
                {
                    "record": index,
                    "slug": data["slug"],
                    "field": "money.currency",
                    "reason": f"No exchange rate for {sorted(set(missing))}.",
                }
            )
        prepared.append((data, per_step, minimum, maximum))
    if result.errors:
        return result
    existing = {
        v.slug: v
        for v in db.session.scalars(select(VisaType).where(VisaType.country_id == country_row.id))
    }
    as_of = max((r.as_of for r in rates.values()), default=None)
    try:
        for data, per_step, minimum, maximum in prepared:
            visa = existing.get(data["slug"])
            if visa is not None and visa.content_hash == data["_hash"]:
                result.unchanged += 1
                continue
            if visa is None:
                visa = VisaType(country_id=country_row.id, slug=data["slug"])
                db.session.add(visa)
                result.created += 1
            else:
                result.updated += 1
            _fill(visa, data, per_step, minimum, maximum, as_of)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
            invalidate_country_caches()
    except Exception:
        db.session.rollback()
        raise
    return result


def _fill(
    visa: VisaType,
    data: dict[str, Any],
    per_step: dict[int, Any],
    minimum: Any,
    maximum: Any,
    rates_as_of: Any,
) -> None:
    status = data["nigeria_status"]
    visa.name = data["name"]
    visa.category = data["category"]
    visa.description = data["description"]
    visa.processing_time_min_weeks = data["processing_time_min_weeks"]
    visa.processing_time_max_weeks = data["processing_time_max_weeks"]
    visa.requirements = data["requirements"]
    visa.pre_departure = data["pre_departure"]
    visa.nigeria_status = status["status"]
    visa.nigeria_status_reason = status["reason"]
    visa.nigeria_status_as_of = status["as_of"]
    visa.nigeria_status_source = status["source"]
    visa.sources = data["sources"]
    visa.last_verified = data["last_verified"]
    visa.confidence = data["confidence"]
    visa.is_active = data["is_active"]
    visa.cost_estimate_min = minimum
    visa.cost_estimate_max = maximum
    visa.rates_as_of = rates_as_of
    visa.content_hash = data["_hash"]
    visa.steps = [
        VisaStep(
            order=s["order"],
            title=s["title"],
            description=s["description"],
            estimated_time_days=s["estimated_time_days"],
            estimated_cost_usd=per_step.get(s["order"]),
            location=s["location"],
            tips=s["tips"],
            common_pitfalls=s["common_pitfalls"],
        )
        for s in sorted(data["steps"], key=lambda s: s["order"])
    ]
    visa.money = [
        VisaMoney(
            key=m["key"],
            label=m["label"],
            kind=m["kind"],
            category=m["category"],
            amount=m["amount"],
            currency=m["currency"],
            amount_usd=m["_usd"],
            applies_to=m["applies_to"],
            refundable=m["refundable"],
            effective_date=m["effective_date"],
            holding_period_days=m["holding_period_days"],
            step_order=m["step"],
            paid_by=m["paid_by"],
            household_size=m["household_size"],
            in_cities=m["in_cities"],
            outside_cities=m["outside_cities"],
            source=m["source"],
            last_verified=m["last_verified"],
            confidence=m["confidence"],
            note=m["note"],
        )
        for m in data["money"]
    ]


def pre_departure_group(key: str) -> str | None:
    """``passport_64_pages`` belongs to the ``passport`` group a visa's ``pre_departure`` names."""
    return next((g for g in PRE_DEPARTURE_KEYS if key == g or key.startswith(g + "_")), None)


class PreDepartureSchema(Schema):
    class Meta:
        unknown = RAISE

    key = fields.String(
        required=True, validate=[validate.Length(max=60), validate.Regexp(r"^[a-z0-9_]+$")]
    )
    label = fields.String(required=True)

    @validates("key")
    def _group(self, value: str, **kwargs: Any) -> None:
        if pre_departure_group(value) is None:
            raise ValidationError(f"Must start with one of {', '.join(PRE_DEPARTURE_KEYS)}.")

    amount = fields.Decimal(
        required=True, allow_none=True, validate=validate.Range(min=0, max=MAX_AMOUNT)
    )
    currency = fields.String(required=True, validate=validate.Length(equal=3))
    effective_date = fields.Date(allow_none=True, load_default=None)
    source = fields.Nested(SourceSchema, required=True)
    last_verified = fields.Date(required=True)
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE_LEVELS))
    note = fields.String(allow_none=True, load_default=None)


def import_pre_departure(records: Any, *, dry_run: bool = False) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    try:
        items = PreDepartureSchema(many=True).load(records)
    except ValidationError as exc:
        result.errors = [
            {"record": None, "field": f, "reason": r} for f, r in flatten_errors(exc.messages)
        ]
        return result
    rates = rates_table()
    for item in items:
        item["currency"] = item["currency"].upper()
        usd = (
            to_usd(item["amount"], item["currency"], rates) if item["amount"] is not None else None
        )
        row = db.session.get(PreDepartureCost, item["key"])
        values = {**item, "amount_usd": usd, "group": pre_departure_group(item["key"])}
        if row is None:
            db.session.add(PreDepartureCost(**values))
            result.created += 1
        else:
            for key, value in values.items():
                setattr(row, key, value)
            result.updated += 1
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return result
