"""Provenance of facts: where a figure comes from, how sure we are, and whether it is stale.

A kit of the host: every plugin that stores sourced figures (countries, visa routes, a
third party's own data) states them the same way, so readers and importers agree.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from marshmallow import RAISE, Schema, fields, validate

#: A fact checked longer ago than this is flagged ``stale`` in API responses.
STALE_AFTER_DAYS = 180
CONFIDENCE_LEVELS = ("official", "secondary", "estimate")


class SourceSchema(Schema):
    """A source as importers accept it: a title, an http(s) URL and who published it."""

    class Meta:
        unknown = RAISE

    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    url = fields.Url(required=True, schemes={"http", "https"})
    publisher = fields.String(load_default=None)


def is_stale(last_verified: date | None, today: date | None = None) -> bool:
    """Unverified facts are stale too: the reader should double-check them."""
    if last_verified is None:
        return True
    return (today or date.today()) - last_verified > timedelta(days=STALE_AFTER_DAYS)


def expand_provenance(
    provenance: dict[str, Any], sources: list[dict[str, Any]], last_verified: date | None
) -> dict[str, Any]:
    """Per-fact provenance with the source object inlined (the seed files point by index)."""
    expanded: dict[str, Any] = {}
    for fact, info in (provenance or {}).items():
        info = dict(info or {})
        index = info.pop("source", None)
        source = sources[index] if isinstance(index, int) and 0 <= index < len(sources) else None
        verified = info.get("last_verified") or last_verified
        if isinstance(verified, str):
            verified = date.fromisoformat(verified)
        expanded[fact] = {
            "source": source,
            "confidence": info.get("confidence", "estimate"),
            "note": info.get("note"),
            "last_verified": verified,
            "stale": is_stale(verified),
        }
    return expanded
