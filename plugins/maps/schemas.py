"""Map schemas: the point filters (validated coordinates), points, pages and GeoJSON."""

from __future__ import annotations

import math
from typing import Any

from marshmallow import fields, validate

from japaguide.schemas import CamelDict, CamelSchema, CountryCode, page_schema
from plugins.maps.models import POINT_TYPES, PRECISIONS

MAX_PAGE_SIZE = 500
#: Half the Earth's circumference: no radius beyond it selects anything more.
MAX_RADIUS_KM = 20_038
LAT_RANGE = (-90.0, 90.0)
LNG_RANGE = (-180.0, 180.0)
PRECISION_DOC = (
    "`exact`: the coordinates are the place's own. `city`: only the address or the city is "
    "sourced, so the point sits at its city's GeoNames coordinates — show the address, not a "
    "pin to walk to."
)


def _numbers(text: str, count: int) -> list[float] | None:
    parts = (text or "").split(",")
    if len(parts) != count:
        return None
    try:
        values = [float(part) for part in parts]
    except ValueError:
        return None
    return values if all(math.isfinite(v) for v in values) else None


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


class BBox(fields.String):
    """``minLng,minLat,maxLng,maxLat`` → a well-ordered tuple inside the world's bounds."""

    default_error_messages = {
        "format": "Four numbers: minLng,minLat,maxLng,maxLat.",
        "range": "Longitudes must be in [-180, 180] and latitudes in [-90, 90].",
        "order": "minLng must not exceed maxLng, nor minLat maxLat.",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        values = _numbers(super()._deserialize(value, attr, data, **kwargs), 4)
        if values is None:
            raise self.make_error("format")
        min_lng, min_lat, max_lng, max_lat = values
        if not (
            all(_within(v, LNG_RANGE) for v in (min_lng, max_lng))
            and all(_within(v, LAT_RANGE) for v in (min_lat, max_lat))
        ):
            raise self.make_error("range")
        if min_lng > max_lng or min_lat > max_lat:
            raise self.make_error("order")
        return (min_lng, min_lat, max_lng, max_lat)


class LatLng(fields.String):
    """``lat,lng`` → a tuple with latitude in [-90, 90] and longitude in [-180, 180]."""

    default_error_messages = {
        "format": "Two numbers: lat,lng.",
        "range": "Latitude must be in [-90, 90] and longitude in [-180, 180].",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        values = _numbers(super()._deserialize(value, attr, data, **kwargs), 2)
        if values is None:
            raise self.make_error("format")
        lat, lng = values
        if not (_within(lat, LAT_RANGE) and _within(lng, LNG_RANGE)):
            raise self.make_error("range")
        return (lat, lng)


class PointQuerySchema(CamelSchema):
    country = CountryCode(load_default=None)
    point_type = fields.String(
        data_key="type",
        load_default=None,
        validate=validate.OneOf(POINT_TYPES),
        metadata={"description": "What the point is."},
    )
    serves = CountryCode(
        load_default=None,
        metadata={"description": "Destination (alpha-3) a Nigerian office serves, e.g. GBR."},
    )
    city = fields.String(load_default=None, validate=validate.Length(min=1, max=120))
    bbox = BBox(
        load_default=None,
        metadata={
            "description": "minLng,minLat,maxLng,maxLat (WGS 84), well ordered.",
            "example": "3.0,6.3,3.7,6.8",
        },
    )
    near = LatLng(
        load_default=None,
        metadata={
            "description": "lat,lng: points within radiusKm, nearest first.",
            "example": "6.45,3.39",
        },
    )
    radius_km = fields.Float(
        load_default=None,
        validate=validate.Range(min=0, max=MAX_RADIUS_KM, min_inclusive=False),
        # OpenAPI 3.0's boolean exclusiveMinimum: 0 itself is refused, as the validator does.
        metadata={
            "description": "Radius around `near` in km (default 25).",
            "exclusiveMinimum": True,
        },
    )
    format = fields.String(
        load_default="json",
        validate=validate.OneOf(("json", "geojson")),
        metadata={
            "description": "`geojson` (or `Accept: application/geo+json`): a FeatureCollection."
        },
    )
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    page_size = fields.Integer(load_default=100, validate=validate.Range(1, MAX_PAGE_SIZE))


class PointSourceSchema(CamelSchema):
    title = fields.String()
    url = fields.String()
    publisher = fields.String(allow_none=True)


class GeoPointSchema(CamelSchema):
    id = fields.Integer()
    country = fields.String(metadata={"description": "ISO 3166-1 alpha-3 of the point's country."})
    city_name = fields.String()
    lat = fields.Float(metadata={"minimum": -90, "maximum": 90})
    lng = fields.Float(metadata={"minimum": -180, "maximum": 180})
    point_type = fields.String(validate=validate.OneOf(POINT_TYPES))
    name = fields.String()
    description = fields.String()
    address = fields.String(allow_none=True)
    serves = fields.List(
        fields.String(),
        metadata={"description": "Destinations this office serves (empty: none in particular)."},
    )
    operator = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    precision = fields.String(
        validate=validate.OneOf(PRECISIONS), metadata={"description": PRECISION_DOC}
    )
    sources = fields.List(fields.Nested(PointSourceSchema))
    last_verified = fields.String(allow_none=True, metadata={"format": "date"})
    metadata = CamelDict()
    distance_km = fields.Float(
        allow_none=True, metadata={"description": "Distance from `near`, when asked."}
    )


GeoPointPageSchema = page_schema(GeoPointSchema, "GeoPointPage")


class PointGeometrySchema(CamelSchema):
    type = fields.String(validate=validate.OneOf(("Point",)))
    coordinates = fields.List(
        fields.Float(),
        validate=validate.Length(equal=2),
        metadata={"description": "[longitude, latitude] (RFC 7946)."},
    )


class PointFeatureSchema(CamelSchema):
    type = fields.String(validate=validate.OneOf(("Feature",)))
    id = fields.Integer()
    geometry = fields.Nested(PointGeometrySchema)
    properties = fields.Nested(GeoPointSchema)


class PointFeatureCollectionSchema(CamelSchema):
    """GeoJSON (RFC 7946); the page travels as foreign members a map library ignores."""

    type = fields.String(validate=validate.OneOf(("FeatureCollection",)))
    features = fields.List(fields.Nested(PointFeatureSchema))
    count = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()
    pages = fields.Integer()


class LayerRouteStatusSchema(CamelSchema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    category = fields.String()
    nigeria_status = fields.String()
    nigeria_status_as_of = fields.String(allow_none=True, metadata={"format": "date"})


class LayerRouteRefSchema(CamelSchema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    cost_estimate_min_usd = fields.Float(allow_none=True)
    processing_time_min_weeks = fields.Integer(allow_none=True)


class CountryLayerPropertiesSchema(CamelSchema):
    country = fields.String()
    name = fields.String()
    capital = fields.String()
    routes = fields.List(fields.Nested(LayerRouteStatusSchema))
    open_to_nigerians = fields.Integer()
    cheapest_route = fields.Nested(LayerRouteRefSchema, allow_none=True)
    fastest_route = fields.Nested(LayerRouteRefSchema, allow_none=True)


class CountryFeatureSchema(CamelSchema):
    type = fields.String(validate=validate.OneOf(("Feature",)))
    id = fields.String(metadata={"description": "The destination's alpha-3 code."})
    geometry = fields.Nested(PointGeometrySchema)
    properties = fields.Nested(CountryLayerPropertiesSchema)


class CountryLayerSchema(CamelSchema):
    type = fields.String(validate=validate.OneOf(("FeatureCollection",)))
    features = fields.List(fields.Nested(CountryFeatureSchema))
