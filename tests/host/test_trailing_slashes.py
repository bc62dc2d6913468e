"""A path answers the same with or without its trailing slash, for every verb, never a redirect.

A 308 is an HTML page to a JSON client, and a preflighted cross-origin POST cannot follow one.
"""

from __future__ import annotations

import pytest

ORIGIN = "http://localhost:3000"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CORS_ALLOWED_ORIGINS": [ORIGIN]}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/countries", "/api/v1/countries/CAN", "/api/v1/countries/CAN/visa-types"],
)
def test_get_without_the_slash_answers_directly(client, seeded, path):
    bare, slashed = client.get(path), client.get(path + "/")
    assert bare.status_code == slashed.status_code == 200
    assert bare.get_json() == slashed.get_json()


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/health/"])
def test_health_answers_with_and_without_the_slash(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.get_json()["status"] in {"ok", "degraded"}


def test_post_without_the_slash_creates(client, seeded):
    response = client.post("/api/v1/roadmaps/generate", json={"country": "CAN", "goal": "work"})
    assert response.status_code == 201
    roadmap_id = response.get_json()["id"]
    renamed = client.patch(f"/api/v1/roadmaps/{roadmap_id}", json={"title": "Mine"})
    assert renamed.status_code == 200 and renamed.get_json()["title"] == "Mine"


def test_a_preflighted_cross_origin_post_without_the_slash_is_answered(client, seeded):
    preflight = client.options(
        "/api/v1/calc/estimate",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    response = client.post(
        "/api/v1/calc/estimate",
        json={"country": "CAN", "durationMonths": 12},
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 201


def test_no_path_is_documented_twice(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    normalised = [path.rstrip("/") for path in paths]
    assert len(normalised) == len(set(normalised))
