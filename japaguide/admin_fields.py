"""Form fields editors can read: lists one item a line, sources as ``title | url``, choices.

The admin edits the same JSON lists the importers write, but an editor should not have to type
JSON brackets and quotes to add a tip. Whether a value is *valid* is not decided here: the
plugin's own importer or API schema decides that when the form is saved (see
:class:`japaguide.admin.SecureModelView`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from wtforms import SelectField, TextAreaField
from wtforms.fields import StringField

#: What separates the parts of a source on its line: ``title | url | publisher``.
SOURCE_SEPARATOR = "|"
SOURCE_PARTS = ("title", "url", "publisher")


def choices(values: Iterable[str]) -> list[tuple[str, str]]:
    """Select options for an enumeration: the stored word, shown with spaces for underscores."""
    return [(value, value.replace("_", " ")) for value in values]


def choice_field(label: str, values: Iterable[str], **kwargs: Any) -> SelectField:
    """A select of the words a schema accepts (its ``OneOf``), so a typo cannot be saved."""
    return SelectField(label, choices=choices(values), **kwargs)


def record_label(value: Any) -> str:
    """How a related record reads in lists and selects: its name, not ``<Country CAN>``."""
    for attribute in ("name", "title", "email", "label", "key"):
        text = getattr(value, attribute, None)
        if isinstance(text, str) and text:
            return text
    return str(value)


#: Acronyms a column name spells in lower case (``ai_credits_remaining``), written as one
#: string: the host's code names no plugin, and the acronym AI is not the plugin ``ai``.
ACRONYMS = frozenset("ai api id iso pr url".split())  # noqa: SIM905 - see above
#: Words that read better otherwise: money columns say their currency as a unit.
READABLE_WORDS = {"usd": "(USD)", "alpha2": "Alpha-2"}


def readable_name(name: str) -> str:
    """A column's label: ``avg_rent_monthly_usd`` → ``Avg Rent Monthly (USD)``."""
    words = [word for word in name.split("_") if word]
    return " ".join(
        word.upper() if word in ACRONYMS else READABLE_WORDS.get(word, word.capitalize())
        for word in words
    )


class LinesField(TextAreaField):
    """A list of strings edited as a text area, one item a line (blank lines are dropped)."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(
            item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
            for item in (self.data or [])
        )

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0] if valuelist else ""
        self.data = [line.strip() for line in (text or "").splitlines() if line.strip()]


def _source_line(source: Any) -> str:
    """``title | url | publisher``, then any other keys as ``key=value`` (kept on save)."""
    if not isinstance(source, dict):
        return json.dumps(source, ensure_ascii=False)
    parts = [str(source.get(key) or "") for key in SOURCE_PARTS]
    extras = [f"{key}={value}" for key, value in source.items() if key not in SOURCE_PARTS]
    while not extras and len(parts) > 2 and not parts[-1]:
        parts.pop()
    return f" {SOURCE_SEPARATOR} ".join(parts + extras)


def _source_of(line: str) -> dict[str, Any]:
    parts = [part.strip() for part in line.split(SOURCE_SEPARATOR)]
    # As the importers store a source: ``publisher`` always present, None when not given.
    source: dict[str, Any] = {
        "title": parts[0],
        "url": parts[1] if len(parts) > 1 else "",
        "publisher": parts[2] if len(parts) > 2 and parts[2] else None,
    }
    for extra in parts[len(SOURCE_PARTS) :]:
        key, equals, value = extra.partition("=")
        # A part that is no ``key=value`` is kept as typed: the schema refuses it, by name.
        source[key.strip() if equals else "unparsed"] = value.strip() if equals else extra
    return source


class SourcesField(TextAreaField):
    """Sources edited one a line as ``title | url`` or ``title | url | publisher``."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(_source_line(source) for source in (self.data or []))

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0] if valuelist else ""
        self.data = [_source_of(line) for line in (text or "").splitlines() if line.strip()]


class SourceField(StringField):
    """One source on one line (``title | url | publisher``); empty is no source (``{}``)."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return _source_line(self.data) if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "") or ""
        self.data = _source_of(text) if text.strip() else {}


#: Text under a list field, so an editor knows the format without reading docs.
LINES_HELP = "One item per line."
SOURCES_HELP = "One source per line: title | https://url | publisher (optional)."
SOURCE_HELP = "title | https://url | publisher (optional)"


def list_overrides(lines: Iterable[str] = (), sources: Iterable[str] = ()) -> dict[str, Any]:
    """``form_overrides`` for a view's list columns (string lists and source lists)."""
    overrides: dict[str, Any] = {name: LinesField for name in lines}
    overrides.update({name: SourcesField for name in sources})
    return overrides


def list_args(lines: Iterable[str] = (), sources: Iterable[str] = ()) -> dict[str, Any]:
    """``form_args`` giving each list column its help text and a sensible height."""
    args: dict[str, Any] = {
        name: {"description": LINES_HELP, "render_kw": {"rows": 4}} for name in lines
    }
    args.update({name: {"description": SOURCES_HELP, "render_kw": {"rows": 3}} for name in sources})
    return args
