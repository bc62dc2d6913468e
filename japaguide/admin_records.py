"""Admin forms and records: a model read back as its importer's record, derived fields.

:class:`japaguide.admin.SecureModelView` validates a saved form by reading the model as the
record its plugin's schema loads (:func:`record_of`); derived columns (USD figures) are shown
but never taken from the form (:func:`make_read_only`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from marshmallow import Schema


class ReadOnlyInput:
    """Mixed into a derived field: shown read-only, and whatever is posted is ignored."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        return None  # keeps the stored value; the view derives the real one on save

    def populate_obj(self, obj: Any, name: str) -> None:
        return None

    def __call__(self, **kwargs: Any) -> Any:
        kwargs.setdefault("readonly", True)
        return super().__call__(**kwargs)  # type: ignore[misc]


def make_read_only(form_class: Any, names: tuple[str, ...]) -> Any:
    """Turn the named fields of a form class into read-only ones (see :class:`ReadOnlyInput`)."""
    for name in names:
        unbound = getattr(form_class, name, None)
        if unbound is None:
            continue
        field_class = type(
            f"ReadOnly{unbound.field_class.__name__}", (ReadOnlyInput, unbound.field_class), {}
        )
        kwargs = dict(unbound.kwargs)
        kwargs["description"] = kwargs.get("description") or "Derived on save; not editable."
        setattr(form_class, name, field_class(*unbound.args, **kwargs))
    return form_class


def plain(value: Any) -> Any:
    """A stored value as a schema's input: dates as ISO strings, containers walked."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def record_of(model: Any, schema: Schema, attributes: Mapping[str, str] | None = None) -> dict:
    """The model as ``schema`` reads a record: each loadable field from the attribute of the
    same name (or the one ``attributes`` maps it to); a None the schema does not allow is left
    out, so the schema's default or its "required" rule applies."""
    attributes = attributes or {}
    record: dict[str, Any] = {}
    for name, field in schema.fields.items():
        attribute = attributes.get(name, name)
        if field.dump_only or not hasattr(model, attribute):
            continue
        value = getattr(model, attribute)
        if value is None and not field.allow_none:
            continue
        record[field.data_key or name] = plain(value)
    return record
