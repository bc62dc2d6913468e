"""Map endpoints (no auth): points as JSON pages or GeoJSON, and the country-level layer."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request

from japaguide.api import PUBLIC, Blueprint
from plugins.maps import services
from plugins.maps.schemas import (
    CountryLayerSchema,
    GeoPointPageSchema,
    PointFeatureCollectionSchema,
    PointQuerySchema,
)

GEOJSON = "application/geo+json"
POINTS_DOC = {
    "responses": {
        "200": {
            "description": "A page of points: JSON, or a GeoJSON FeatureCollection with "
            "`?format=geojson` or `Accept: application/geo+json`.",
            "content": {
                "application/json": {"schema": GeoPointPageSchema},
                GEOJSON: {"schema": PointFeatureCollectionSchema},
            },
        }
    }
}


def wants_geojson(format_: str) -> bool:
    """``?format=geojson`` wins; else the Accept header, when it prefers GeoJSON to JSON."""
    if format_ == "geojson":
        return True
    if "format" in request.args:
        return False
    return request.accept_mimetypes.best_match(["application/json", GEOJSON]) == GEOJSON


def geojson_response(schema: Any, data: dict[str, Any]) -> Response:
    return Response(json.dumps(schema.dump(data)), mimetype=GEOJSON)


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("maps", __name__, description="Map points and layers (no auth)")

    @bp.route("/points/", methods=["GET"])
    @bp.doc(**PUBLIC)
    @bp.arguments(PointQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, GeoPointPageSchema)
    @bp.doc(**POINTS_DOC)
    def points(format: str, **args: Any) -> Any:  # noqa: A002 - the query parameter's name
        """Points: capitals and cities, and in Nigeria the embassies, visa centres, TB clinics
        and test centres an applicant visits; filter by country, type, serves, city, bbox or
        near + radiusKm."""
        radius = args.pop("radius_km", None)
        filters = services.PointFilters(
            **args, radius_km=radius if radius is not None else services.DEFAULT_RADIUS_KM
        )
        page = services.list_points(filters)
        if wants_geojson(format):
            return geojson_response(
                PointFeatureCollectionSchema(), services.as_feature_collection(page)
            )
        return page

    @bp.route("/countries/", methods=["GET"])
    @bp.doc(**PUBLIC)
    @bp.response(200, CountryLayerSchema, content_type=GEOJSON)
    def countries() -> Any:
        """Every destination at its capital, with its routes' status for a Nigerian passport
        and its cheapest and fastest route (GeoJSON)."""
        return geojson_response(CountryLayerSchema(), services.country_layer())

    return [(bp, "/maps")]
