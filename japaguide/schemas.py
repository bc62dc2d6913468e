"""The camelCase base schema and the shared field types (money, country codes).

Responses are camelCase (the brief's style rule); request bodies accept camelCase and
snake_case as an alias. Because the camel names are set as ``data_key``, the OpenAPI document
shows exactly what goes over the wire.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import pycountry
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    missing,
    post_dump,
    pre_load,
    validate,
)
from marshmallow.schema import SchemaMeta

from japaguide.errors import validation_error
from japaguide.money import MAX_MONEY, round_money
from japaguide.naming import camelize

#: One vocabulary: names that mean the same thing in different resources. A schema declaring
#: the first name also takes (and, for ``both``, answers) the second, documented as its alias;
#: the contract is frozen, so nothing is renamed or dropped — the other name is added.
#: ``(declared, alias, direction)``; ``input`` where the two differ in shape on the way out
#: (a roadmap's ``visaType`` is an object, a request's ``visaTypeId`` a reference).
SYNONYMS: tuple[tuple[str, str, str], ...] = (
    ("visa_type_id", "visa_type", "input"),
    ("visa_type", "visa_type_id", "input"),
    ("ai_tone", "tone", "both"),
    ("tone", "ai_tone", "both"),
    ("pitfalls", "common_pitfalls", "both"),
    ("common_pitfalls", "pitfalls", "both"),
    ("profile", "user_profile", "input"),
    ("user_profile", "profile", "input"),
    ("country_code", "country", "input"),
    # the brief's own words for the profile: ``profile{education, budget, etc}``
    ("education_level", "education", "input"),
    ("budget_usd", "budget", "input"),
)


def _alias_field(name: str, canonical: fields.Field, direction: str) -> fields.Field:
    """A copy of ``canonical`` under another name: never required, never defaulted on load
    (``_accept_aliases`` moves its value to the canonical key before loading), dumping the
    canonical attribute when the alias is answered too."""
    alias = copy.deepcopy(canonical)
    alias.required = False
    alias.load_default = missing
    alias.data_key = None
    alias.attribute = None  # loaded under the canonical key; answered by ``_answer_aliases``
    if direction == "input":
        alias.load_only = True
        alias.dump_only = False
    alias.metadata = {**canonical.metadata}
    alias.metadata.pop("example", None)
    return alias


class _CamelSchemaMeta(SchemaMeta):
    """Adds the :data:`SYNONYMS` a schema's fields have, as alias fields."""

    @classmethod
    def get_declared_fields(mcs, klass, cls_fields, inherited_fields, dict_cls=dict):  # noqa: ANN001, ANN206, N804
        declared = super().get_declared_fields(klass, cls_fields, inherited_fields, dict_cls)
        own_aliases: dict[str, str] = dict(getattr(klass, "_aliases", {}))
        answered: dict[str, str] = dict(getattr(klass, "_answered_aliases", {}))
        for name, alias, direction in SYNONYMS:
            field = declared.get(name)
            if field is None or alias in declared or getattr(field, "_is_alias", False):
                continue
            if field.dump_only and direction == "input":
                continue
            copy_ = _alias_field(name, field, direction)
            copy_._is_alias = True  # type: ignore[attr-defined]
            metadata: dict[str, Any] = copy_.metadata  # type: ignore[assignment]
            metadata["x-aliasOf"] = camelize(name)  # the document says "send one"
            described = field.metadata.get("description")
            metadata["description"] = (
                f"Alias of `{camelize(name)}` (send one of the two; both is a 400)."
                + (f" {described}" if described else "")
            )
            declared[alias] = copy_
            own_aliases[camelize(alias)] = camelize(name)
            if direction == "both" and not field.load_only:
                answered[camelize(alias)] = camelize(name)
        klass._aliases = own_aliases
        klass._answered_aliases = answered
        return declared


class CamelSchema(Schema, metaclass=_CamelSchemaMeta):
    """Base schema: camelCase on the wire, snake_case accepted on input, unknown keys rejected.

    Names of the shared vocabulary (:data:`SYNONYMS`) are accepted under either name.
    """

    _aliases: dict[str, str] = {}
    _answered_aliases: dict[str, str] = {}

    class Meta:
        unknown = RAISE
        ordered = True

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        if field_obj.data_key is None:
            field_obj.data_key = camelize(field_name)

    @pre_load
    def _accept_snake_case(self, data: Any, **kwargs: Any) -> Any:
        """Map snake_case keys to the camelCase data keys (camelCase wins when both appear)."""
        if not isinstance(data, dict):
            return data
        known = {f.data_key for f in self.fields.values() if f.data_key}
        converted = dict(data)
        for key, value in data.items():
            camel = camelize(key)
            if camel != key and camel in known and camel not in data:
                converted.pop(key)
                converted[camel] = value
        for alias, canonical in self._aliases.items():
            if alias not in converted:
                continue
            value = converted.pop(alias)
            if canonical in converted:
                # Two names for one field: neither may be silently ignored, and the document
                # says "one of them" (``not: {required: [both]}``), so both is a 400.
                raise ValidationError({alias: [f"Also sent as `{canonical}`; send one."]})
            converted[canonical] = value
        return converted

    @post_dump
    def _answer_aliases(self, data: Any, **kwargs: Any) -> Any:
        """Answer the other name of the vocabulary beside the declared one (same value)."""
        if isinstance(data, dict):
            for alias, canonical in self._answered_aliases.items():
                if canonical in data:
                    data.setdefault(alias, data[canonical])
        return data


class Money(fields.Field):
    """A money amount: Decimal inside, a JSON number rounded to 2 places outside."""

    default_error_messages = {
        "invalid": "Not a valid amount.",
        "negative": "Must not be negative.",
        "too_large": "Must be at most {maximum}.",
    }

    def __init__(
        self, *, allow_negative: bool = False, maximum: int | Decimal = MAX_MONEY, **kwargs: Any
    ) -> None:
        self.allow_negative = allow_negative
        self.maximum = Decimal(maximum)
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("type", "number")
        kwargs["metadata"].setdefault("format", "decimal")
        # Bounds documented as real JSON-schema keywords so clients and fuzzers see them.
        kwargs["metadata"].setdefault("maximum", int(self.maximum))
        if allow_negative:
            kwargs["metadata"].setdefault("minimum", -int(self.maximum))
        else:
            kwargs["metadata"].setdefault("minimum", 0)
        super().__init__(**kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        if value is None:
            return None
        return float(round_money(value))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise self.make_error("invalid")
        try:
            amount = Decimal(str(value))
        except InvalidOperation as exc:
            raise self.make_error("invalid") from exc
        if not amount.is_finite():
            raise self.make_error("invalid")
        if amount < 0 and not self.allow_negative:
            raise self.make_error("negative")
        if abs(amount) > self.maximum:
            raise self.make_error("too_large", maximum=self.maximum)
        return round_money(amount)


class Amount(Money):
    """A computed money amount in a response: documented without the input bound.

    What the server works out (a total over ten years, a gap that can be very negative) can
    exceed the bound a request's amount must keep; documenting that bound on the answer would
    make a correct response break the document.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # marshmallow types metadata as a read-only Mapping; it is the dict we passed in.
        metadata = cast(dict[str, Any], self.metadata)
        metadata.pop("maximum", None)
        if self.allow_negative:
            metadata.pop("minimum", None)


#: Dates a request may carry. A migration plan lives in this range; year 1 or 9999 would only
#: overflow the date arithmetic of schedules and reports.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
#: ``EARLIEST_DATE``–``LATEST_DATE`` as the years a date may start with.
DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"


class BoundedDate(fields.Date):
    """An ISO date between ``EARLIEST_DATE`` and ``LATEST_DATE`` (documented in the field)."""

    default_error_messages = {"out_of_range": f"Must be between {EARLIEST_DATE} and {LATEST_DATE}."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        bounds = f"Between {EARLIEST_DATE} and {LATEST_DATE}."
        description = kwargs["metadata"].get("description")
        kwargs["metadata"]["description"] = f"{description} {bounds}" if description else bounds
        # The years as a pattern too, so a client (and schemathesis) generating from the
        # document never builds a date the server refuses.
        kwargs["metadata"].setdefault("pattern", DATE_PATTERN)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise self.make_error("out_of_range")
        return day


def lookup_country(code: str) -> Any | None:
    """The ISO 3166-1 record for an alpha-3 code (case-insensitive), or None."""
    if not isinstance(code, str) or len(code.strip()) != 3:
        return None
    return pycountry.countries.get(alpha_3=code.strip().upper())


#: Every ISO 3166-1 alpha-3 code, as the document's enum for country fields.
ISO_ALPHA_3 = tuple(sorted(country.alpha_3 for country in pycountry.countries))


class CountryCode(fields.String):
    """ISO 3166-1 alpha-3, case-insensitive on input, checked against ISO data.

    Documented as the enum of ISO codes, so a client generated from the document can only
    send codes the server takes; lower case is accepted too and normalised.
    """

    default_error_messages = {"invalid_country": "Not an ISO 3166-1 alpha-3 country code."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("example", "CAN")
        kwargs["metadata"].setdefault("enum", list(ISO_ALPHA_3))
        super().__init__(**kwargs)
        # OpenAPI 3.0 checks an enum before `nullable`: a nullable field lists null itself.
        if self.allow_none and None not in self.metadata["enum"]:
            cast(dict[str, Any], self.metadata)["enum"] = [*self.metadata["enum"], None]

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        record = lookup_country(text)
        if record is None:
            raise self.make_error("invalid_country")
        return record.alpha_3


def _iso_4217(value: str) -> None:
    # Only three-letter values are looked up: a wrong length is the length rule's message.
    known = not (isinstance(value, str) and len(value) == 3) or pycountry.currencies.get(
        alpha_3=value.upper()
    )
    if not known:
        raise ValidationError("Not an ISO 4217 currency code.")


#: Every ISO 4217 alphabetic code, as the document's enum for currency fields.
ISO_4217 = tuple(sorted(currency.alpha_3 for currency in pycountry.currencies))


class CurrencyCode(fields.String):
    """ISO 4217 (three letters, case-insensitive), checked against ISO data; kept as given."""

    def __init__(self, **kwargs: Any) -> None:
        extra = kwargs.pop("validate", None)
        extra = [] if extra is None else list(extra) if isinstance(extra, list | tuple) else [extra]
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("example", "USD")
        # The ISO codes as the document's enum (lower case is accepted too), so a client
        # generated from it sends only codes the server takes.
        kwargs["metadata"].setdefault("enum", list(ISO_4217))
        super().__init__(validate=[validate.Length(equal=3), _iso_4217, *extra], **kwargs)
        if self.allow_none and None not in self.metadata["enum"]:
            cast(dict[str, Any], self.metadata)["enum"] = [*self.metadata["enum"], None]


class ProblemSchema(Schema):
    """The RFC 9457 problem document (documented on every error response)."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict()


def ensure_valid(schema: Schema, data: Any) -> dict[str, Any]:
    """Load ``data`` with ``schema`` for service code; raise a 400 problem naming fields."""

    try:
        return schema.load(data)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_body": exc.messages}
        raise validation_error(messages) from exc


# marshmallow's own validators, not lambdas: apispec documents them (enum, maxLength,
# maxItems, minimum/maximum), so the document states the bounds the server enforces.
def one_of(choices: tuple[str, ...]) -> validate.OneOf:
    listed = ", ".join(c for c in choices if c)
    return validate.OneOf(choices, error=f"Must be one of: {listed}.")


def max_length(limit: int) -> validate.Length:
    return validate.Length(max=limit, error="At most {max} characters.")


def max_items(limit: int) -> validate.Length:
    return validate.Length(max=limit, error="At most {max} items.")


def between(low: int, high: int) -> validate.Range:
    return validate.Range(low, high, error="Must be between {min} and {max}.")


class PageQuerySchema(CamelSchema):
    """``?page=&pageSize=`` for owned lists (page sizes 1–100)."""

    page = fields.Integer(load_default=1, validate=between(1, 10_000))
    page_size = fields.Integer(load_default=20, validate=between(1, 100))


def to_jsonable(value: Any, decimals: Any = float) -> Any:
    """Plain JSON values for storing in JSON columns or template contexts.

    ``decimals`` converts Decimal: ``float`` for display, ``str`` to keep cents exact in storage.
    """
    if isinstance(value, dict):
        return {k: to_jsonable(v, decimals) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v, decimals) for v in value]
    if isinstance(value, Decimal):
        return decimals(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def page_schema(item_schema: type[Schema], name: str) -> type[CamelSchema]:
    """The schema of one page of ``item_schema`` rows (``{count, page, pageSize, pages,
    results}``), named ``name`` in the OpenAPI document."""
    return type(
        name,
        (CamelSchema,),
        {
            "count": fields.Integer(),
            "page": fields.Integer(),
            "page_size": fields.Integer(),
            "pages": fields.Integer(),
            "results": fields.List(fields.Nested(item_schema)),
            "__doc__": f"A page of {item_schema.__name__.removesuffix('Schema')} items.",
        },
    )


class CamelDict(fields.Dict):
    """A free-form JSON object whose keys are camelCased on output like every other field
    (stored snapshots and metadata keep snake_case inside the database)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return camelize_keys(super()._serialize(value, attr, obj, **kwargs))


def camelize_keys(value: Any) -> Any:
    """Recursively camelCase the keys of plain dicts (for free-form JSON responses)."""
    if isinstance(value, dict):
        return {
            camelize(k) if isinstance(k, str) else k: camelize_keys(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [camelize_keys(v) for v in value]
    return value
