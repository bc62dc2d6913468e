"""JSON bodies must carry the JSON types the document names: no coercion at the edge.

marshmallow is lenient by design — ``Integer`` truncates ``2.5``, ``Boolean`` takes ``0`` and
``"yes"`` — which is right for query strings and CSV imports (all text) but makes a JSON body
that breaks the document succeed. webargs hands JSON bodies here before the schema loads them
(see ``japaguide.api.ProblemParser``), so every body schema is strict without a per-field flag.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

#: marshmallow field → the JSON types it documents. bool is an int in Python: excluded below.
JSON_TYPES: tuple[tuple[type[fields.Field], tuple[type, ...], str], ...] = (
    (fields.Boolean, (bool,), "Not a valid boolean."),
    (fields.Integer, (int,), "Not a valid integer."),
    (fields.Float, (int, float), "Not a valid number."),
    (fields.Decimal, (int, float), "Not a valid number."),
)


def json_type_errors(schema: Schema, data: Any) -> dict[str, Any]:
    """Messages, keyed like marshmallow's, for values whose JSON type the schema forbids."""
    if not isinstance(data, dict):
        return {}
    errors: dict[str, Any] = {}
    for field in schema.fields.values():
        if field.dump_only:
            continue
        # The camelCase key, or the snake_case alias the base schema also accepts.
        for key in dict.fromkeys((field.data_key or field.name or "", field.name or "")):
            message = _field_errors(field, data[key]) if key in data else None
            if message:
                errors[key] = message
    return errors


def _field_errors(field: fields.Field, value: Any) -> Any:
    if value is None:
        return None  # allow_none is the schema's business
    if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
        if field.many and isinstance(value, list):
            items = {i: json_type_errors(field.schema, item) for i, item in enumerate(value)}
            return {i: e for i, e in items.items() if e} or None
        return json_type_errors(field.schema, value) or None
    if isinstance(field, fields.List) and isinstance(value, list):
        items = {i: _field_errors(field.inner, item) for i, item in enumerate(value)}
        return {i: e for i, e in items.items() if e} or None
    for kind, allowed, message in JSON_TYPES:
        if isinstance(field, kind):
            if isinstance(value, bool) and bool not in allowed:
                return [message]
            return None if isinstance(value, allowed) else [message]
    return None
