"""Typed template fields: what a template declares and how a person's values are checked.

A template declares each field as ``{name, label, kind, required, example, help,
placeholder, maxLength?, choices?}``. Values are checked against those declarations before
anything is stored; a field the person leaves out is rendered as its visible placeholder
(``[YOUR BANK NAME]``), never guessed.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from japaguide.errors import validation_error

KINDS = ("text", "paragraph", "date", "number", "money", "email", "list", "choice")
#: Longest value of a one-line field unless the template says otherwise.
TEXT_MAX = 300
#: Longest value of a paragraph (a few hundred words of the person's own story).
PARAGRAPH_MAX = 4000
LIST_MAX_ITEMS = 20
#: No field name in a template may exceed it (names are identifiers, not prose).
NAME_PATTERN = re.compile(r"^[a-z][A-Za-z0-9]{0,39}$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Symbols printed before amounts; other currencies print their ISO code.
CURRENCY_SYMBOLS = {"NGN": "₦", "GBP": "£", "USD": "US$", "EUR": "€", "CAD": "CA$"}


class FieldSpecError(ValueError):
    """A template's field declarations are malformed (refused when an editor saves them)."""


def check_field_specs(specs: Any) -> list[dict[str, Any]]:
    """Validate a template's field declarations; returns them or raises :class:`FieldSpecError`."""
    if not isinstance(specs, list):
        raise FieldSpecError("fields must be a list of field declarations")
    seen: set[str] = set()
    for spec in specs:
        if not isinstance(spec, dict):
            raise FieldSpecError("each field must be an object")
        name = spec.get("name")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise FieldSpecError(f"field name {name!r} must be a camelCase identifier")
        if name in seen:
            raise FieldSpecError(f"field {name!r} is declared twice")
        seen.add(name)
        if spec.get("kind") not in KINDS:
            raise FieldSpecError(f"field {name!r}: kind must be one of {', '.join(KINDS)}")
        for key in ("label", "help", "placeholder"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise FieldSpecError(f"field {name!r} needs a {key}")
        if not isinstance(spec.get("required"), bool):
            raise FieldSpecError(f"field {name!r}: required must be true or false")
        if spec["kind"] == "choice" and not (
            isinstance(spec.get("choices"), list) and spec["choices"]
        ):
            raise FieldSpecError(f"field {name!r}: a choice needs its choices")
    return specs


def _max_length(spec: dict[str, Any]) -> int:
    default = PARAGRAPH_MAX if spec["kind"] == "paragraph" else TEXT_MAX
    return int(spec.get("maxLength") or default)


def _clean_text(value: Any, spec: dict[str, Any]) -> str:
    if not isinstance(value, str):
        raise ValueError("Not a string.")
    value = value.strip()
    limit = _max_length(spec)
    if len(value) > limit:
        raise ValueError(f"Longer than {limit} characters.")
    if spec["kind"] != "paragraph" and ("\n" in value or "\r" in value):
        raise ValueError("One line only.")
    return value


def _clean_value(value: Any, spec: dict[str, Any]) -> Any:
    """One value, normalised for storage and rendering; ``ValueError`` says what is wrong."""
    kind = spec["kind"]
    if kind in ("text", "paragraph"):
        return _clean_text(value, spec)
    if kind == "email":
        text = _clean_text(value, spec)
        if not EMAIL_PATTERN.match(text):
            raise ValueError("Not a valid e-mail address.")
        return text
    if kind == "choice":
        if value not in spec["choices"]:
            raise ValueError(f"Must be one of: {', '.join(map(str, spec['choices']))}.")
        return value
    if kind == "date":
        if not isinstance(value, str):
            raise ValueError("A date as YYYY-MM-DD.")
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise ValueError("A date as YYYY-MM-DD.") from None
    if kind == "number":
        return str(_number(value))
    if kind == "money":
        if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
            raise ValueError('An object {"amount": number, "currency": "NGN"}.')
        amount = _number(value["amount"])
        currency = value["currency"]
        if not isinstance(currency, str) or not CURRENCY_PATTERN.match(currency.upper()):
            raise ValueError("currency must be a three-letter ISO code.")
        return {"amount": str(amount), "currency": currency.upper()}
    if kind == "list":
        if not isinstance(value, list) or len(value) > LIST_MAX_ITEMS:
            raise ValueError(f"A list of at most {LIST_MAX_ITEMS} strings.")
        item_spec = {**spec, "kind": "text"}
        return [_clean_text(item, item_spec) for item in value]
    raise ValueError("Unknown field kind.")


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Not a number.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError("Not a number.") from None
    if not number.is_finite() or number < 0 or number >= Decimal(10) ** 15:
        raise ValueError("Must be between 0 and 10^15.")
    return number


def clean_fields(values: dict[str, Any], specs: list[dict[str, Any]]) -> dict[str, Any]:
    """Check ``values`` against ``specs``: unknown names, missing required, wrong kinds → 400.

    Errors are keyed ``fields.<name>`` so a client can point at the input that failed. Empty
    optional values are dropped (they render as their placeholder).
    """
    by_name = {spec["name"]: spec for spec in specs}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name in values:
        if name not in by_name:
            errors[f"fields.{name}"] = ["Not a field of this template."]
    for name, spec in by_name.items():
        value = values.get(name)
        if value in (None, "", []):
            if spec["required"]:
                errors[f"fields.{name}"] = [f"Required: {spec['label']}."]
            continue
        try:
            cleaned[name] = _clean_value(value, spec)
        except ValueError as exc:
            errors[f"fields.{name}"] = [str(exc)]
    if errors:
        raise validation_error(errors)
    return cleaned


def display_value(value: Any, spec: dict[str, Any]) -> str:
    """How a cleaned value reads in a letter (money as ``₦12,500,000``, dates spelt out)."""
    kind = spec["kind"]
    if kind == "money":
        amount = Decimal(value["amount"])
        symbol = CURRENCY_SYMBOLS.get(value["currency"])
        digits = f"{amount:,.2f}".removesuffix(".00")
        return f"{symbol}{digits}" if symbol else f"{value['currency']} {digits}"
    if kind == "date":
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    if kind == "number":
        number = Decimal(value)
        return f"{number:,}" if number == number.to_integral_value() else str(number)
    if kind == "list":
        return "; ".join(value)
    return str(value)
