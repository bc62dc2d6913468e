"""Reading map points: filters (country, type, serves, city, bbox, near), pages, GeoJSON.

Lists are cached per filter set like the country list and retired by one namespace bump on any
import or admin edit. ``serves`` and the radius are applied in Python over the SQL-filtered
rows: the table holds a few hundred points, and it keeps JSON and distance maths portable
between SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from japaguide.caching import bump_namespace, remember, stable_hash, versioned_key
from japaguide.extensions import db
from plugins.maps.models import POINT_TYPES, GeoPoint

CACHE_NAMESPACE = "maps"
LIST_CACHE_SECONDS = 3600
EARTH_RADIUS_KM = 6371.0088
DEFAULT_RADIUS_KM = 25.0
TYPE_ORDER = {name: order for order, name in enumerate(POINT_TYPES)}


@dataclass(frozen=True)
class PointFilters:
    country: str | None = None
    point_type: str | None = None
    serves: str | None = None
    city: str | None = None
    #: (min_lng, min_lat, max_lng, max_lat), validated as well ordered by the query schema.
    bbox: tuple[float, float, float, float] | None = None
    #: (lat, lng) and the radius around it.
    near: tuple[float, float] | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    page: int = 1
    page_size: int = 100


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (lat, lng) pairs."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def point_view(point: GeoPoint, distance: float | None = None) -> dict[str, Any]:
    """Values of ``GeoPointSchema`` (and of a GeoJSON feature's properties)."""
    meta = dict(point.meta or {})
    return {
        "id": point.id,
        "country": point.country,
        "city_name": point.city_name,
        "lat": point.lat,
        "lng": point.lng,
        "point_type": point.point_type,
        "name": point.name,
        "description": point.description,
        "address": point.address,
        "serves": list(point.serves or []),
        "operator": meta.pop("operator", None),
        "note": meta.pop("note", None),
        "precision": point.precision,
        "sources": list(point.sources or []),
        "last_verified": point.last_verified.isoformat() if point.last_verified else None,
        "metadata": meta,
        "distance_km": round(distance, 2) if distance is not None else None,
    }


def _query(filters: PointFilters) -> Any:
    query = select(GeoPoint)
    if filters.country:
        query = query.where(GeoPoint.country == filters.country)
    if filters.point_type:
        query = query.where(GeoPoint.point_type == filters.point_type)
    if filters.city:
        query = query.where(func.lower(GeoPoint.city_name) == filters.city.strip().lower())
    if filters.bbox:
        min_lng, min_lat, max_lng, max_lat = filters.bbox
        query = query.where(
            GeoPoint.lng >= min_lng,
            GeoPoint.lng <= max_lng,
            GeoPoint.lat >= min_lat,
            GeoPoint.lat <= max_lat,
        )
    return query


def _matching(filters: PointFilters) -> list[dict[str, Any]]:
    rows = db.session.scalars(_query(filters)).all()
    found = []
    for point in rows:
        if filters.serves and filters.serves not in (point.serves or []):
            continue
        distance = None
        if filters.near:
            distance = distance_km(filters.near, (point.lat, point.lng))
            if distance > filters.radius_km:
                continue
        found.append(point_view(point, distance))
    if filters.near:
        found.sort(key=lambda p: (p["distance_km"], p["name"]))
    else:
        found.sort(
            key=lambda p: (p["country"], TYPE_ORDER.get(p["point_type"], 99), p["name"], p["id"])
        )
    return found


def list_points(filters: PointFilters) -> dict[str, Any]:
    """A page of points (values for the page schema), cached per filter set."""
    key = versioned_key(CACHE_NAMESPACE, f"maps:points:{stable_hash(asdict(filters))}")

    def produce() -> dict[str, Any]:
        found = _matching(filters)
        start = (filters.page - 1) * filters.page_size
        return {
            "count": len(found),
            "page": filters.page,
            "page_size": filters.page_size,
            "pages": max(1, -(-len(found) // filters.page_size)),
            "results": found[start : start + filters.page_size],
        }

    page, _hit = remember(key, LIST_CACHE_SECONDS, produce)
    return page


def feature(properties: dict[str, Any], lat: float, lng: float, feature_id: Any) -> dict[str, Any]:
    """A GeoJSON Point feature (RFC 7946: coordinates are longitude, latitude)."""
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": {"type": "Point", "coordinates": [lng, lat]},
        "properties": properties,
    }


def as_feature_collection(page: dict[str, Any]) -> dict[str, Any]:
    """A page of points as a GeoJSON FeatureCollection; the paging travels as foreign members."""
    return {
        "type": "FeatureCollection",
        "features": [feature(p, p["lat"], p["lng"], p["id"]) for p in page["results"]],
        "count": page["count"],
        "page": page["page"],
        "page_size": page["page_size"],
        "pages": page["pages"],
    }


def invalidate_map_caches() -> None:
    bump_namespace(CACHE_NAMESPACE)


def country_layer() -> dict[str, Any]:
    """Every destination at its capital: its routes' status for a Nigerian passport and its
    cheapest and fastest route (a GeoJSON FeatureCollection, cached like the point lists).

    A destination whose capital has no point (nothing to place it at) is left out.
    """
    key = versioned_key(CACHE_NAMESPACE, "maps:countries")

    def produce() -> dict[str, Any]:
        from plugins.countries.models import Country
        from plugins.visas.models import VisaType
        from plugins.visas.services import visa_summary

        capitals = {
            p.country: p
            for p in db.session.scalars(select(GeoPoint).where(GeoPoint.point_type == "capital"))
        }
        countries = db.session.scalars(
            select(Country).where(Country.has_playbook.is_(True)).order_by(Country.code)
        ).all()
        features = []
        for country in countries:
            capital = capitals.get(country.code)
            if capital is None:
                continue
            routes = db.session.scalars(
                select(VisaType)
                .where(VisaType.country_id == country.id, VisaType.is_active.is_(True))
                .order_by(VisaType.id)
            ).all()
            summary = visa_summary(country)
            properties = {
                "country": country.code,
                "name": country.name,
                "capital": capital.name,
                "routes": [
                    {
                        "id": visa.id,
                        "slug": visa.slug,
                        "name": visa.name,
                        "category": visa.category,
                        "nigeria_status": visa.nigeria_status,
                        "nigeria_status_as_of": visa.nigeria_status_as_of.isoformat()
                        if visa.nigeria_status_as_of
                        else None,
                    }
                    for visa in routes
                ],
                "open_to_nigerians": summary["open_to_nigerians"],
                "cheapest_route": _route_ref(summary["cheapest"]),
                "fastest_route": _route_ref(summary["fastest"]),
            }
            features.append(feature(properties, capital.lat, capital.lng, country.code))
        return {"type": "FeatureCollection", "features": features}

    layer, _hit = remember(key, LIST_CACHE_SECONDS, produce)
    return layer


def _route_ref(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    """The visas plugin's cheapest/fastest summary, in snake_case for our schema."""
    if summary is None:
        return None
    return {
        "id": summary["id"],
        "name": summary["name"],
        "slug": summary["slug"],
        "cost_estimate_min_usd": summary.get("costEstimateMinUsd"),
        "processing_time_min_weeks": summary.get("processingTimeMinWeeks"),
    }


def seed_city_records(countries: list[Any], last_verified: Any) -> tuple[list[dict], list[str]]:
    """Capital and popular-city records for each playbook country, placed from GeoNames.

    Returns (records, names that GeoNames does not hold): those cities stay off the map.
    """
    from plugins.maps.geonames import capital_of, find_city

    records: list[dict[str, Any]] = []
    missing: list[str] = []
    for code, capital, cities in countries:
        capital = capital or capital_of(code) or ""
        wanted = [("capital", capital)] + [
            ("city", name) for name in cities if name and name != capital
        ]
        seen: set[str] = set()
        for point_type, name in wanted:
            city = find_city(code, name) if name else None
            if city is None:
                missing.append(f"{code} {name}")
                continue
            if name in seen:
                continue
            seen.add(name)
            records.append(
                {
                    "country": code,
                    "city_name": name,
                    "lat": city["lat"],
                    "lng": city["lng"],
                    "point_type": point_type,
                    "name": name,
                    "description": "Capital" if point_type == "capital" else "Popular city",
                    "precision": "exact",
                    "sources": [city["source"]],
                    "last_verified": last_verified,
                }
            )
    return records, missing
