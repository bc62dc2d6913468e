"""Importing map points: validate the whole file, then upsert, or change nothing.

Used by ``flask import-points``, ``flask seed`` and ``POST /api/v1/admin/import/points/``. A
point is keyed by (country, type, name). Coordinates come from the record only when a source
gives them (``precision: "exact"``); a record without them is placed at its city's GeoNames
coordinates and marked ``precision: "city"`` — a city nobody can find is an error, never a guess.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from japaguide.extensions import db
from japaguide.importing import ImportResult
from japaguide.schemas import CountryCode
from plugins.maps.geonames import find_city
from plugins.maps.models import POINT_TYPES, PRECISIONS, GeoPoint
from plugins.maps.services import invalidate_map_caches

LIST_SEPARATOR = ";"
#: Everything a point carries besides its columns goes to ``metadata`` (operator, note, …).
META_FIELDS = ("operator", "note")


class SourceSchema(Schema):
    class Meta:
        unknown = RAISE

    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    url = fields.Url(required=True, schemes={"http", "https"})
    publisher = fields.String(load_default=None)


class PointRecordSchema(Schema):
    """One point as the seed file and importers write it (snake_case)."""

    class Meta:
        unknown = RAISE

    country = CountryCode(required=True)
    city_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    lat = fields.Float(allow_none=True, load_default=None, validate=validate.Range(-90, 90))
    lng = fields.Float(allow_none=True, load_default=None, validate=validate.Range(-180, 180))
    point_type = fields.String(required=True, validate=validate.OneOf(POINT_TYPES))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    address = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=300))
    serves = fields.List(CountryCode(), load_default=list, validate=validate.Length(max=40))
    precision = fields.String(load_default=None, validate=validate.OneOf(PRECISIONS))
    operator = fields.String(allow_none=True, load_default=None)
    note = fields.String(allow_none=True, load_default=None)
    sources = fields.List(
        fields.Nested(SourceSchema), required=True, validate=validate.Length(min=1)
    )
    last_verified = fields.Date(required=True)
    metadata = fields.Dict(keys=fields.String(), load_default=dict)

    @validates_schema
    def _coordinates(self, data: dict[str, Any], **kwargs: Any) -> None:
        has_lat, has_lng = data.get("lat") is not None, data.get("lng") is not None
        if has_lat != has_lng:
            raise ValidationError("Give both lat and lng, or neither.", "lat")
        if data.get("precision") == "exact" and not has_lat:
            raise ValidationError("An exact point needs its sourced lat and lng.", "precision")


def point_from_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """Flat CSV columns to a point record (``serves`` ``;``-separated, sources ``title|url``)."""

    def text(key: str) -> str | None:
        value = (row.get(key) or "").strip()
        return value or None

    sources = []
    for item in (row.get("sources") or "").split(LIST_SEPARATOR):
        title, _, url = item.partition("|")
        if title.strip() or url.strip():
            sources.append({"title": title.strip(), "url": url.strip()})
    record: dict[str, Any] = {
        "country": row.get("country", ""),
        "city_name": row.get("city_name", ""),
        "point_type": row.get("point_type", ""),
        "name": row.get("name", ""),
        "description": row.get("description") or "",
        "address": text("address"),
        "serves": [s.strip() for s in (row.get("serves") or "").split(LIST_SEPARATOR) if s.strip()],
        "sources": sources,
        "last_verified": text("last_verified"),
    }
    for key in ("lat", "lng", "precision", "operator", "note"):
        if text(key) is not None:
            record[key] = text(key)
    return record


def _flatten(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(messages, dict):
        return [
            pair
            for key, value in messages.items()
            for pair in _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        ]
    if isinstance(messages, list):
        return [pair for item in messages for pair in _flatten(item, prefix)]
    return [(prefix or "_record", str(messages))]


def _placed(data: dict[str, Any]) -> dict[str, Any] | str:
    """The record with coordinates and precision settled, or the reason it cannot be placed."""
    if data["lat"] is not None:
        data["precision"] = data["precision"] or "exact"
        return data
    city = find_city(data["country"], data["city_name"])
    if city is None:
        return f"No GeoNames city {data['city_name']!r} in {data['country']}: cannot place it."
    data.update(lat=city["lat"], lng=city["lng"], precision="city")
    data["metadata"] = {**data["metadata"], "coordinates_source": city["source"]}
    return data


def validate_points(records: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Validate every record; returns (clean records, errors as {record, field, reason})."""
    if not isinstance(records, list):
        return [], [{"record": None, "field": "_file", "reason": "Expected a list of points."}]
    schema = PointRecordSchema()
    clean: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, record in enumerate(records):
        label = record.get("name") if isinstance(record, dict) else None
        try:
            data = schema.load(record)
        except ValidationError as exc:
            errors += [
                {"record": index, "code": None, "slug": label, "field": f, "reason": r}
                for f, r in _flatten(exc.messages)
            ]
            continue
        placed = _placed(data)
        if isinstance(placed, str):
            errors.append(
                {
                    "record": index,
                    "code": None,
                    "slug": label,
                    "field": "city_name",
                    "reason": placed,
                }
            )
            continue
        key = (placed["country"], placed["point_type"], placed["name"])
        if key in seen:
            errors.append(
                {
                    "record": index,
                    "code": None,
                    "slug": label,
                    "field": "name",
                    "reason": f"Duplicate of record {seen[key]}.",
                }
            )
            continue
        seen[key] = index
        clean.append(placed)
    return clean, errors


def _values(data: dict[str, Any]) -> dict[str, Any]:
    meta = dict(data["metadata"])
    meta.update({k: data[k] for k in META_FIELDS if data.get(k)})
    return {
        "country": data["country"],
        "city_name": data["city_name"],
        "lat": data["lat"],
        "lng": data["lng"],
        "point_type": data["point_type"],
        "name": data["name"],
        "description": data["description"],
        "address": data["address"],
        "serves": sorted(set(data["serves"])),
        "precision": data["precision"],
        "sources": data["sources"],
        "last_verified": data["last_verified"],
        "meta": meta,
    }


def _same(current: Any, value: Any) -> bool:
    if isinstance(current, float) or isinstance(value, float):
        return current is not None and value is not None and abs(current - value) < 1e-9
    if isinstance(current, date) or isinstance(value, date):
        return current == value
    return current == value


def import_points(records: Any, *, dry_run: bool = False) -> ImportResult:
    """Validate all, then upsert by (country, type, name) in one transaction (nothing on error)."""
    clean, errors = validate_points(records)
    result = ImportResult(errors=errors, dry_run=dry_run)
    if errors:
        return result
    existing = {(p.country, p.point_type, p.name): p for p in db.session.scalars(select(GeoPoint))}
    try:
        for data in clean:
            values = _values(data)
            point = existing.get((data["country"], data["point_type"], data["name"]))
            if point is None:
                db.session.add(GeoPoint(**values))
                result.created += 1
                continue
            changed = [k for k, v in values.items() if not _same(getattr(point, k), v)]
            for key in changed:
                setattr(point, key, values[key])
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
            invalidate_map_caches()
    except Exception:
        db.session.rollback()
        raise
    return result


def read_points_file(content: bytes | str, filename: str) -> Any:
    """The records of a JSON or CSV file (CSV rows mapped to records)."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    if filename.lower().endswith(".csv"):
        return [point_from_csv_row(row) for row in csv.DictReader(io.StringIO(text))]
    return json.loads(text)
