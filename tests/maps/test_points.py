"""Map points: seeded places, filters, GeoJSON, validation, the importer and the country layer."""

import json
from pathlib import Path

import pytest

SEED_POINTS = Path(__file__).parents[2] / "seed_data" / "map_points.json"
POINTS = "/api/v1/maps/points/"


@pytest.fixture
def mapped(seeded, runner):
    """The fixture countries (placed from GeoNames by the seed) plus the researched NGA points."""
    result = runner.invoke(args=["import-points", str(SEED_POINTS)])
    assert result.exit_code == 0, result.output
    return seeded


def test_uk_visa_centres_in_lagos_and_abuja_with_sources(mapped, client):
    page = client.get(f"{POINTS}?country=NGA&type=visa_centre&serves=GBR").get_json()
    assert page["count"] >= 2
    assert {p["cityName"] for p in page["results"]} == {"Lagos", "Abuja"}
    for point in page["results"]:
        assert "GBR" in point["serves"]
        assert point["sources"] and point["sources"][0]["url"].startswith("http")
        assert point["lastVerified"]
        assert point["precision"] in ("exact", "city")


def test_the_same_points_as_geojson_by_format_or_accept(mapped, client):
    query = f"{POINTS}?country=NGA&type=visa_centre&serves=GBR"
    as_json = client.get(query).get_json()
    for response in (
        client.get(f"{query}&format=geojson"),
        client.get(query, headers={"Accept": "application/geo+json"}),
    ):
        assert response.status_code == 200
        assert response.mimetype == "application/geo+json"
        collection = response.get_json()
        assert collection["type"] == "FeatureCollection"
        assert len(collection["features"]) == as_json["count"]
        for feature, point in zip(collection["features"], as_json["results"]):
            assert feature["type"] == "Feature"
            assert feature["geometry"] == {
                "type": "Point",
                "coordinates": [point["lng"], point["lat"]],
            }
            assert feature["properties"]["name"] == point["name"]


def test_city_precision_points_sit_at_their_citys_geonames_coordinates(mapped, client):
    from plugins.maps.geonames import find_city

    lagos = find_city("NGA", "Lagos")
    page = client.get(f"{POINTS}?country=NGA&city=lagos").get_json()
    city_level = [p for p in page["results"] if p["precision"] == "city"]
    assert city_level
    for point in city_level:
        assert (point["lat"], point["lng"]) == (lagos["lat"], lagos["lng"])
        assert point["metadata"]["coordinatesSource"]["url"].startswith("https://www.geonames.org/")


def test_capitals_and_popular_cities_come_from_geonames(mapped, client):
    capitals = client.get(f"{POINTS}?type=capital&country=CAN").get_json()["results"]
    assert [c["name"] for c in capitals] == ["Ottawa"]
    assert capitals[0]["lat"] == pytest.approx(45.41, abs=0.05)
    assert capitals[0]["sources"][0]["publisher"] == "GeoNames"
    cities = client.get(f"{POINTS}?type=city&country=CAN").get_json()["results"]
    assert "Toronto" in {c["name"] for c in cities}


def test_bbox_and_near_filter(mapped, client):
    lagos_box = "3.0,6.3,3.7,6.8"
    boxed = client.get(f"{POINTS}?bbox={lagos_box}").get_json()["results"]
    assert boxed and all(p["cityName"] == "Lagos" for p in boxed)
    near = client.get(f"{POINTS}?near=9.05,7.49&radiusKm=20").get_json()["results"]
    assert near and all(p["cityName"] == "Abuja" for p in near)
    assert [p["distanceKm"] for p in near] == sorted(p["distanceKm"] for p in near)


@pytest.mark.parametrize(
    "query",
    [
        "near=91,3",
        "near=6,181",
        "near=abc",
        "bbox=10,0,5,1",
        "bbox=3,7,4,6",
        "bbox=-181,0,1,1",
        "bbox=1,2,3",
        "near=nan,1",
        "radiusKm=0&near=1,1",
        "type=spaceport",
        "country=XXX",
    ],
)
def test_bad_coordinates_and_filters_are_400_problems(app, client, query):
    response = client.get(f"{POINTS}?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_import_is_all_or_nothing_with_dry_run(seeded, runner, tmp_path, client):
    good = {
        "country": "NGA",
        "city_name": "Abuja",
        "point_type": "test_centre",
        "name": "Test centre A",
        "sources": [{"title": "A source", "url": "https://example.org/a"}],
        "last_verified": "2026-12-01",
    }
    unplaceable = {**good, "name": "Nowhere centre", "city_name": "Atlantis"}
    bad_lat = {**good, "name": "Bad lat", "lat": 95, "lng": 3, "precision": "exact"}
    path = tmp_path / "points.json"
    path.write_text(json.dumps([good, unplaceable, bad_lat]))
    result = runner.invoke(args=["import-points", str(path)])
    assert result.exit_code == 1
    assert "Atlantis" in result.output and "lat" in result.output
    assert client.get(f"{POINTS}?type=test_centre").get_json()["count"] == 0

    path.write_text(json.dumps([good]))
    dry = runner.invoke(args=["import-points", str(path), "--dry-run"])
    assert "[dry run] points: 1 created" in dry.output
    assert client.get(f"{POINTS}?type=test_centre").get_json()["count"] == 0
    assert runner.invoke(args=["import-points", str(path)]).exit_code == 0
    assert client.get(f"{POINTS}?type=test_centre").get_json()["count"] == 1
    again = runner.invoke(args=["import-points", str(path)])
    assert "0 created, 0 updated, 1 unchanged" in again.output


def test_csv_import(seeded, runner, tmp_path, client):
    path = tmp_path / "points.csv"
    path.write_text(
        "country,city_name,point_type,name,serves,address,sources,last_verified\n"
        "NGA,Lagos,visa_centre,CSV centre,GBR;IRL,1 Some Street,Source|https://example.org,2026-12-01\n"
    )
    assert runner.invoke(args=["import-points", str(path)]).exit_code == 0
    point = client.get(f"{POINTS}?serves=IRL").get_json()["results"][0]
    assert point["serves"] == ["GBR", "IRL"] and point["precision"] == "city"


def test_lists_are_cached_and_an_import_refreshes_them(mapped, runner, tmp_path, client):
    before = client.get(f"{POINTS}?type=test_centre&country=NGA").get_json()["count"]
    record = {
        "country": "NGA",
        "city_name": "Abuja",
        "point_type": "test_centre",
        "name": "Fresh centre",
        "sources": [{"title": "A source", "url": "https://example.org/a"}],
        "last_verified": "2026-12-01",
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps([record]))
    runner.invoke(args=["import-points", str(path)])
    assert client.get(f"{POINTS}?type=test_centre&country=NGA").get_json()["count"] == before + 1


def test_country_layer_has_route_statuses_and_cheapest_fastest(mapped, client):
    response = client.get("/api/v1/maps/countries/")
    assert response.mimetype == "application/geo+json"
    features = {f["id"]: f for f in response.get_json()["features"]}
    canada = features["CAN"]
    assert canada["geometry"]["coordinates"][1] == pytest.approx(45.41, abs=0.05)
    routes = canada["properties"]["routes"]
    assert routes and all("nigeriaStatus" in r for r in routes)
    assert canada["properties"]["cheapestRoute"]["id"] in {r["id"] for r in routes}


def test_seed_data_points_are_sourced_and_valid(app):
    from plugins.maps.importer import validate_points

    records = json.loads(SEED_POINTS.read_text())
    with app.app_context():
        clean, errors = validate_points(records)
    assert not errors
    assert all(r["sources"] and r["last_verified"] for r in clean)
    assert {"GBR", "USA", "CAN"} <= {c for r in clean for c in r["serves"]}
