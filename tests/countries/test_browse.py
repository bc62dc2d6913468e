"""Browsing countries: filters, search, sorting, pagination, 404s, cache, ETags, query counts."""

import pytest


def codes(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return [c["code"] for c in response.get_json()["results"]]


def test_list_has_cost_data_and_pagination(client, seeded):
    body = client.get("/api/v1/countries/").get_json()
    assert body["count"] == 3 and body["pages"] == 1 and body["pageSize"] == 20
    canada = next(c for c in body["results"] if c["code"] == "CAN")
    assert canada["avgRentMonthlyUsd"] == 1200.0
    assert canada["difficultyScore"] == 6
    assert canada["stale"] is False


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=europe", ["DEU", "GBR"]),
        ("region=EUROPE", ["DEU", "GBR"]),
        ("region=western%20europe", ["DEU"]),
        ("difficultyMin=6", ["CAN", "GBR"]),
        ("difficultyMax=5", ["DEU"]),
        ("difficulty=7", ["GBR"]),
        ("search=deutschland", ["DEU"]),
        ("search=uk", ["GBR"]),
        ("search=britain", ["GBR"]),
        ("search=can", ["CAN"]),
        ("search=KANADA", ["CAN"]),
        ("rentMax=1200", ["CAN", "DEU"]),
        ("costIndexMin=64", ["CAN", "GBR"]),
        ("sort=-difficulty", ["GBR", "CAN", "DEU"]),
        ("sort=rent", ["DEU", "CAN", "GBR"]),
    ],
)
def test_filters_and_sorting(client, seeded, query, expected):
    result = codes(client.get(f"/api/v1/countries/?{query}"))
    if "sort" in query:
        assert result == expected
    else:
        assert sorted(result) == expected


def test_search_is_accent_insensitive(client, seeded, app):
    from japaguide.extensions import db
    from plugins.countries.models import Country
    from plugins.countries.services import build_search_text, invalidate_country_caches

    with app.app_context():
        germany = db.session.query(Country).filter_by(code="DEU").one()
        germany.aliases = ["Allemagne", "Ålemania"]
        germany.search_text = build_search_text("DEU", "DE", germany.name, germany.aliases)
        db.session.commit()
        invalidate_country_caches()
    assert codes(client.get("/api/v1/countries/?search=alemania")) == ["DEU"]


def test_pagination(client, seeded):
    body = client.get("/api/v1/countries/?pageSize=2&page=2").get_json()
    assert body["count"] == 3 and body["pages"] == 2
    assert [c["code"] for c in body["results"]] == ["GBR"]


@pytest.mark.parametrize(
    "query",
    [
        "difficultyMin=0",
        "difficultyMin=abc",
        "sort=bogus",
        "pageSize=1000",
        "rentMax=-5",
        "colour=blue",
    ],
)
def test_bad_filters_are_400(client, seeded, query):
    response = client.get(f"/api/v1/countries/?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_a_min_above_its_max_is_a_rule_error_naming_the_field(client, seeded):
    response = client.get("/api/v1/countries/?difficultyMin=8&difficultyMax=2")
    assert response.status_code == 422
    assert "difficultyMin" in response.get_json()["errors"]


def test_detail_has_costs_metadata_provenance_and_visa_summary(client, seeded):
    body = client.get("/api/v1/countries/can/").get_json()
    assert body["code"] == "CAN" and body["currency"] == "CAD"
    assert "Winter clothing ($300-500 initial)" in body["metadata"]["hiddenCosts"]
    assert body["provenance"]["avgRentMonthlyUsd"]["source"]["title"] == "Numbeo"
    assert body["visaSummary"]["count"] == 2
    assert body["visaSummary"]["cheapest"]["slug"] == "study-permit"
    assert body["visaSummary"]["fastest"]["slug"] == "study-permit"
    assert body["flag"] == {"url": None, "thumbnailUrl": None, "heroUrl": None}


def test_old_facts_are_flagged_stale(client, seeded):
    assert client.get("/api/v1/countries/DEU/").get_json()["stale"] is True


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/countries/XXX/",
        "/api/v1/countries/ZZZ/visa-types/",
        "/api/v1/visas/999999/",
        "/api/v1/countries/toolong/",
    ],
)
def test_unknown_is_404(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_etag_gives_304(client, seeded):
    first = client.get("/api/v1/countries/")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/countries/", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_list_is_cached_and_invalidated_by_import(
    client, seeded, runner, app, count_queries, tmp_path
):
    client.get("/api/v1/countries/?region=europe")
    with count_queries() as q:
        client.get("/api/v1/countries/?region=europe")
    assert q.count == 0  # served from cache
    updated = tmp_path / "countries.json"
    import json

    from tests.conftest import FIXTURE_SEED

    records = json.loads((FIXTURE_SEED / "countries.json").read_text())
    records[1]["avg_rent_monthly_usd"] = 1111
    updated.write_text(json.dumps(records))
    result = runner.invoke(args=["import-countries", str(updated)])
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    body = client.get("/api/v1/countries/?region=europe").get_json()
    assert next(c for c in body["results"] if c["code"] == "DEU")["avgRentMonthlyUsd"] == 1111.0


def test_query_counts_are_constant(client, seeded, count_queries, app):
    from japaguide.extensions import cache

    def measure(path):
        with app.app_context():
            cache.clear()
        with count_queries() as q:
            assert client.get(path).status_code == 200
        return q.count

    list_queries = measure("/api/v1/countries/")
    detail_queries = measure("/api/v1/countries/CAN/")
    visas_queries = measure("/api/v1/countries/CAN/visa-types/")
    # add more countries and visas: the counts must not move
    import json

    from tests.conftest import FIXTURE_SEED

    records = json.loads((FIXTURE_SEED / "countries.json").read_text())
    extra = []
    for code, name in (("FRA", "France"), ("ITA", "Italy"), ("ESP", "Spain"), ("PRT", "Portugal")):
        extra.append({**records[1], "code": code, "name": name, "aliases": []})
    with app.app_context():
        from plugins.countries.importer import import_countries

        assert import_countries(extra).ok
    assert measure("/api/v1/countries/") == list_queries
    assert measure("/api/v1/countries/CAN/") == detail_queries
    assert measure("/api/v1/countries/CAN/visa-types/") == visas_queries
    assert list_queries <= 3 and detail_queries <= 4 and visas_queries <= 6
