"""Importing countries and exchange rates: validate the whole file, then upsert, or change nothing.

Used by ``flask import-countries``, ``flask seed`` and ``POST /api/v1/admin/import/countries/``.
A bad file is rejected whole with the record, field and reason of every error.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pycountry
from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)
from sqlalchemy import select

from japaguide.extensions import db
from japaguide.importing import ImportResult, flatten_errors
from japaguide.provenance import CONFIDENCE_LEVELS, SourceSchema
from japaguide.schemas import CurrencyCode, lookup_country, to_jsonable
from plugins.countries.models import Country, ExchangeRate, ExchangeRateHistory
from plugins.countries.services import (
    build_search_text,
    invalidate_country_caches,
    normalise_search,
)

LIST_SEPARATOR = ";"
#: A city's monthly rent in a weak currency runs into the millions (KRW, JPY); far above it.
MAX_CITY_AMOUNT = 1_000_000_000


class CityFigureSchema(Schema):
    """One city figure in the currency its source states, with that source."""

    class Meta:
        unknown = RAISE

    amount = fields.Decimal(
        required=True, places=2, validate=validate.Range(min=0, max=MAX_CITY_AMOUNT)
    )
    currency = CurrencyCode(required=True)
    source = fields.Nested(SourceSchema, required=True)
    last_verified = fields.Date(required=True)
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE_LEVELS))
    note = fields.String(allow_none=True, load_default=None)


class CityCostsSchema(Schema):
    """Rent, meal and transport figures of one of the playbook's cities (brief §15's inputs).

    A figure nobody can back is null; the calculator then falls back to the country's.
    """

    class Meta:
        unknown = RAISE

    city = fields.String(required=True, validate=validate.Length(min=1, max=120))
    rent_monthly = fields.Nested(CityFigureSchema, allow_none=True, load_default=None)
    meal = fields.Nested(CityFigureSchema, allow_none=True, load_default=None)
    transport_monthly = fields.Nested(CityFigureSchema, allow_none=True, load_default=None)
    note = fields.String(allow_none=True, load_default=None)


HIDDEN_COST_RECURRENCES = ("once", "monthly", "yearly")


class HiddenCostPriceSchema(Schema):
    """The price of one of ``hidden_costs`` (matched by its label, without the parentheses).

    Priced from a source (``amount`` + ``currency`` + ``source``), as a share of the rent
    (``rent_months``: a deposit capped at 3 months' rent), or our estimate (confidence
    ``estimate`` with the basis in ``note``). Unpriced (all null) only with a ``note`` saying
    why; ``included_elsewhere`` marks a cost already counted (visa fees, healthcare).
    """

    class Meta:
        unknown = RAISE

    item = fields.String(required=True, validate=validate.Length(min=1, max=200))
    amount = fields.Decimal(
        allow_none=True,
        load_default=None,
        places=2,
        validate=validate.Range(min=0, max=MAX_CITY_AMOUNT),
    )
    currency = CurrencyCode(allow_none=True, load_default=None)
    recurrence = fields.String(
        load_default="once", validate=validate.OneOf(HIDDEN_COST_RECURRENCES)
    )
    rent_months = fields.Decimal(
        allow_none=True, load_default=None, places=2, validate=validate.Range(min=0, max=24)
    )
    included_elsewhere = fields.Boolean(load_default=False)
    source = fields.Nested(SourceSchema, allow_none=True, load_default=None)
    last_verified = fields.Date(allow_none=True, load_default=None)
    confidence = fields.String(load_default="estimate", validate=validate.OneOf(CONFIDENCE_LEVELS))
    note = fields.String(allow_none=True, load_default=None)

    @validates_schema
    def _priced_or_explained(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("amount") is not None and not data.get("currency"):
            raise ValidationError("An amount needs its currency.", "currency")
        priced = data.get("amount") is not None or data.get("rent_months") is not None
        if priced and data.get("confidence") != "estimate" and not data.get("source"):
            raise ValidationError("A sourced price needs its source.", "source")
        if (not priced or data.get("confidence") == "estimate") and not data.get("note"):
            raise ValidationError("Say why it is unpriced, or the basis of the estimate.", "note")


class FareRangeSchema(Schema):
    """An economy fare Lagos → the country's main city, per person, as a dated range: one-way,
    or return when that is all a source quotes (``trip``; the calculator says which)."""

    class Meta:
        unknown = RAISE

    low = fields.Decimal(
        required=True, places=2, validate=validate.Range(min=0, max=MAX_CITY_AMOUNT)
    )
    high = fields.Decimal(
        required=True, places=2, validate=validate.Range(min=0, max=MAX_CITY_AMOUNT)
    )
    currency = CurrencyCode(required=True)
    trip = fields.String(required=True, validate=validate.OneOf(["one_way", "return"]))
    source = fields.Nested(SourceSchema, required=True)
    last_verified = fields.Date(required=True)
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE_LEVELS))
    note = fields.String(allow_none=True, load_default=None)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["low"] > data["high"]:
            raise ValidationError("low must not exceed high.", "low")


class CountryMetadataSchema(Schema):
    class Meta:
        unknown = RAISE

    official_languages = fields.List(fields.String(), load_default=list)
    pr_timeline_months = fields.String(allow_none=True, load_default=None)
    popular_cities = fields.List(fields.String(), load_default=list)
    job_market_score = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(1, 10)
    )
    hidden_costs = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    notes = fields.String(load_default=None)
    # Defaults the cost calculator uses when the user gives none (USD; provenance keyed by name).
    flight_from_lagos_usd = fields.Float(
        allow_none=True, load_default=None, validate=validate.Range(0, 100_000)
    )
    phone_internet_monthly_usd = fields.Float(
        allow_none=True, load_default=None, validate=validate.Range(0, 10_000)
    )
    transport_monthly_usd = fields.Float(
        allow_none=True, load_default=None, validate=validate.Range(0, 10_000)
    )
    # Per-city rent, meal and transport (the calculator's ``city``); the country's are fallbacks.
    city_costs = fields.List(fields.Nested(CityCostsSchema), load_default=list)
    hidden_cost_prices = fields.List(fields.Nested(HiddenCostPriceSchema), load_default=list)
    flight_from_lagos = fields.Nested(FareRangeSchema, allow_none=True, load_default=None)

    @validates("city_costs")
    def _one_record_per_city(self, value: list[dict[str, Any]], **kwargs: Any) -> None:
        names = [normalise_search(c["city"]) for c in value]
        if len(names) != len(set(names)):
            raise ValidationError("One record per city.")


#: The largest value an ``Integer`` column holds (PostgreSQL's int4): a bigger one is an error.
INT32_MAX = 2_147_483_647
#: USD amounts per person and month or meal; far above any real figure, and it fits Numeric(12, 2).
MAX_MONTHLY_USD = 1_000_000
#: Units of a currency per US dollar: the weakest real currencies are in the tens of thousands.
MAX_PER_USD = 10_000_000


def _non_negative(**kwargs: Any) -> fields.Decimal:
    return fields.Decimal(
        allow_none=True,
        load_default=None,
        places=2,
        validate=validate.Range(min=0, max=MAX_MONTHLY_USD),
        **kwargs,
    )


class CountryRecordSchema(Schema):
    """One country as the seed files and importers write it (snake_case)."""

    class Meta:
        unknown = RAISE

    code = fields.String(required=True, validate=validate.Length(equal=3))
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    aliases = fields.List(fields.String(), load_default=list)
    region = fields.String(required=True, validate=validate.Length(min=1, max=60))
    capital = fields.String(load_default="")
    currency = CurrencyCode(required=True)
    population = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=INT32_MAX)
    )
    summary = fields.String(load_default="")
    cost_of_living_index = fields.Float(
        allow_none=True, load_default=None, validate=validate.Range(0, 300)
    )
    difficulty_score = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(1, 10)
    )
    avg_rent_monthly_usd = _non_negative()
    avg_meal_cost_usd = _non_negative()
    healthcare_monthly_usd = _non_negative()
    metadata = fields.Nested(CountryMetadataSchema, load_default=dict)
    sources = fields.List(fields.Nested(SourceSchema), load_default=list)
    last_verified = fields.Date(allow_none=True, load_default=None)
    confidence = fields.String(load_default="estimate", validate=validate.OneOf(CONFIDENCE_LEVELS))
    provenance = fields.Dict(keys=fields.String(), values=fields.Dict(), load_default=dict)

    @validates("code")
    def _code(self, value: str, **kwargs: Any) -> None:
        if lookup_country(value) is None:
            raise ValidationError("Not an ISO 3166-1 alpha-3 country code.")


class RateProvenanceSchema(Schema):
    """Where one currency's rate comes from when it is not the file's source (the NGN rate is
    an NFEM figure, not an ECB one) and the day it is of."""

    class Meta:
        unknown = RAISE

    as_of = fields.Date(required=True)
    source = fields.Nested(SourceSchema, required=True)
    confidence = fields.String(required=True, validate=validate.OneOf(CONFIDENCE_LEVELS))
    note = fields.String(allow_none=True, load_default=None)


class RateHistorySchema(Schema):
    class Meta:
        unknown = RAISE

    as_of = fields.Date(required=True)
    per_usd = fields.Decimal(
        required=True, validate=validate.Range(min=0, max=MAX_PER_USD, min_inclusive=False)
    )
    source = fields.Nested(SourceSchema, required=True)
    note = fields.String(allow_none=True, load_default=None)


class RatesFileSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    base = fields.String(required=True, validate=validate.Equal("USD"))
    as_of = fields.Date(required=True)
    source = fields.Nested(SourceSchema, required=True)
    rates = fields.Dict(
        keys=fields.String(validate=validate.Length(equal=3)),
        values=fields.Decimal(validate=validate.Range(min=0, max=MAX_PER_USD, min_inclusive=False)),
        required=True,
    )
    provenance = fields.Dict(
        keys=fields.String(validate=validate.Length(equal=3)),
        values=fields.Nested(RateProvenanceSchema),
        load_default=dict,
    )
    history = fields.Dict(
        keys=fields.String(validate=validate.Length(equal=3)),
        values=fields.List(fields.Nested(RateHistorySchema)),
        load_default=dict,
    )


def _rate_label(source: dict[str, Any], provenance: dict[str, Any] | None) -> dict:
    """The source stored with a rate: its own when the file names one, with its confidence and
    note, so a reader sees what each rate is (an ECB reference rate, a dated NFEM figure)."""
    if not provenance:
        return dict(source)
    return {
        **provenance["source"],
        "confidence": provenance["confidence"],
        "note": provenance.get("note"),
    }


def country_from_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """Flat CSV columns to a country record (lists are ``;``-separated, sources ``title|url``)."""

    def split(value: str | None) -> list[str]:
        return [part.strip() for part in (value or "").split(LIST_SEPARATOR) if part.strip()]

    def number(value: str | None) -> str | None:
        return value.strip() if value and value.strip() else None

    sources = []
    for item in split(row.get("sources")):
        title, _, url = item.partition("|")
        sources.append({"title": title.strip(), "url": url.strip()})
    record: dict[str, Any] = {
        "code": row.get("code", ""),
        "name": row.get("name", ""),
        "aliases": split(row.get("aliases")),
        "region": row.get("region", ""),
        "capital": row.get("capital", ""),
        "currency": row.get("currency", ""),
        "population": number(row.get("population")),
        "summary": row.get("summary", ""),
        "cost_of_living_index": number(row.get("cost_of_living_index")),
        "difficulty_score": number(row.get("difficulty_score")),
        "avg_rent_monthly_usd": number(row.get("avg_rent_monthly_usd")),
        "avg_meal_cost_usd": number(row.get("avg_meal_cost_usd")),
        "healthcare_monthly_usd": number(row.get("healthcare_monthly_usd")),
        "metadata": {
            "official_languages": split(row.get("official_languages")),
            "pr_timeline_months": number(row.get("pr_timeline_months")),
            "popular_cities": split(row.get("popular_cities")),
            "job_market_score": number(row.get("job_market_score")),
            "hidden_costs": split(row.get("hidden_costs")),
        },
        "sources": sources,
        "last_verified": number(row.get("last_verified")),
        "confidence": row.get("confidence") or "estimate",
    }
    return record


def validate_countries(records: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Validate every record; returns (clean records, errors as {record, field, reason})."""
    errors: list[dict[str, Any]] = []
    clean: list[dict[str, Any]] = []
    if not isinstance(records, list):
        return [], [{"record": None, "field": "_file", "reason": "Expected a list of countries."}]
    seen: dict[str, int] = {}
    schema = CountryRecordSchema()
    for index, record in enumerate(records):
        label = record.get("code") if isinstance(record, dict) else None
        try:
            data = schema.load(record)
        except ValidationError as exc:
            for name, reason in flatten_errors(exc.messages):
                errors.append({"record": index, "code": label, "field": name, "reason": reason})
            continue
        data["code"] = data["code"].upper()
        data["currency"] = data["currency"].upper()
        if data["code"] in seen:
            errors.append(
                {
                    "record": index,
                    "code": data["code"],
                    "field": "code",
                    "reason": f"Duplicate of record {seen[data['code']]}.",
                }
            )
            continue
        seen[data["code"]] = index
        clean.append(data)
    return clean, errors


def _country_values(data: dict[str, Any]) -> dict[str, Any]:
    iso = lookup_country(data["code"])
    values = {k: v for k, v in data.items() if k != "metadata"}
    values["meta"] = {
        k: v for k, v in data["metadata"].items() if v is not None or k == "pr_timeline_months"
    }
    # JSON column: amounts kept exact as strings, dates as ISO text.
    for key in ("city_costs", "hidden_cost_prices"):
        values["meta"][key] = to_jsonable(values["meta"].get(key) or [], str)
    if values["meta"].get("flight_from_lagos"):
        values["meta"]["flight_from_lagos"] = to_jsonable(values["meta"]["flight_from_lagos"], str)
    values["alpha2"] = iso.alpha_2
    values["search_text"] = build_search_text(
        data["code"], iso.alpha_2, data["name"], data["aliases"]
    )
    values["has_playbook"] = True
    return values


def _comparable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return round(value, 6)
    return (
        json.loads(json.dumps(value, default=str, sort_keys=True))
        if isinstance(value, dict | list)
        else value
    )


def import_countries(records: Any, *, dry_run: bool = False) -> ImportResult:
    """Validate all, then upsert by code in one transaction (nothing on any error)."""
    clean, errors = validate_countries(records)
    result = ImportResult(errors=errors, dry_run=dry_run)
    if errors:
        return result
    existing = {c.code: c for c in db.session.scalars(select(Country))}
    try:
        for data in clean:
            values = _country_values(data)
            country = existing.get(data["code"])
            if country is None:
                db.session.add(Country(**values))
                result.created += 1
                continue
            changed = False
            for key, value in values.items():
                current = getattr(country, key)
                if _comparable(current) != _comparable(value):
                    setattr(country, key, value)
                    changed = True
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
            invalidate_country_caches()
    except Exception:
        db.session.rollback()
        raise
    return result


def import_rates(payload: Any, *, dry_run: bool = False) -> ImportResult:
    """Load ``exchange_rates.json`` (units per USD, dated, with its source)."""
    result = ImportResult(dry_run=dry_run)
    try:
        data = RatesFileSchema().load(payload)
    except ValidationError as exc:
        result.errors = [
            {"record": None, "field": f, "reason": r} for f, r in flatten_errors(exc.messages)
        ]
        return result
    for code in data["rates"]:
        if pycountry.currencies.get(alpha_3=code.upper()) is None:
            result.errors.append({"record": code, "field": "rates", "reason": "Unknown currency."})
    if result.errors:
        return result
    existing = {r.currency: r for r in db.session.scalars(select(ExchangeRate))}
    provenance = {k.upper(): v for k, v in data["provenance"].items()}
    history: dict[tuple[str, Any], dict[str, Any]] = {}
    for code, points in data["history"].items():
        for point in points:
            history[(code.upper(), point["as_of"])] = {
                "per_usd": point["per_usd"],
                "source": {**point["source"], "note": point.get("note")},
            }
    for code, per_usd in data["rates"].items():
        code = code.upper()
        own = provenance.get(code)
        as_of = own["as_of"] if own else data["as_of"]
        source = _rate_label(data["source"], own)
        history[(code, as_of)] = {"per_usd": per_usd, "source": source}
        rate = existing.get(code)
        if rate is None:
            db.session.add(ExchangeRate(currency=code, per_usd=per_usd, as_of=as_of, source=source))
            result.created += 1
        elif (
            Decimal(rate.per_usd) != per_usd
            or rate.as_of != as_of
            or _comparable(rate.source) != _comparable(source)
        ):
            rate.per_usd, rate.as_of, rate.source = per_usd, as_of, source
            result.updated += 1
        else:
            result.unchanged += 1
    _store_history(history)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
        invalidate_country_caches()
    return result


def _store_history(points: dict[tuple[str, Any], dict[str, Any]]) -> None:
    """Add each dated rate to the history once (a re-import changes nothing)."""
    known = {(h.currency, h.as_of): h for h in db.session.scalars(select(ExchangeRateHistory))}
    for (code, as_of), point in points.items():
        row = known.get((code, as_of))
        if row is None:
            db.session.add(
                ExchangeRateHistory(
                    currency=code, as_of=as_of, per_usd=point["per_usd"], source=point["source"]
                )
            )
        elif Decimal(row.per_usd) != point["per_usd"]:
            row.per_usd, row.source = point["per_usd"], point["source"]
