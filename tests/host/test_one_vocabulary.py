"""One vocabulary: a name another resource uses is accepted, and answers carry both names.

The contract is frozen, so nothing is renamed: ``visaTypeId``/``visaType``, ``aiTone``/``tone``,
``pitfalls``/``commonPitfalls``, ``profile``/``userProfile`` are each accepted wherever either
is, and answers add the other name beside the old one.
"""

from __future__ import annotations

import pytest

GENERATE = "/api/v1/roadmaps/generate/"


def test_generate_takes_the_calculators_names(client, seeded):
    body = {"country": "CAN", "goal": "study", "visaType": "study-permit", "tone": "bestie"}
    roadmap = client.post(GENERATE, json=body).get_json()
    assert roadmap["visaType"]["slug"] == "study-permit"
    assert roadmap["aiTone"] == roadmap["tone"] == "bestie"


def test_generate_takes_the_briefs_profile_words(client, seeded):
    body = {
        "country": "CAN",
        "goal": "work",
        "userProfile": {"education": "master", "budget": 9000},
    }
    roadmap = client.post(GENERATE, json=body).get_json()
    assert roadmap["profileSnapshot"]["educationLevel"] == "master"
    assert roadmap["profileSnapshot"]["budgetUsd"] == 9000


@pytest.mark.parametrize("tone", ["therapist", "bestie"])
def test_both_names_of_one_field_are_refused(client, seeded, tone):
    """The document says "one of the two" (``not: required both``), and so does the server."""
    body = {"country": "CAN", "goal": "work", "aiTone": "bestie", "tone": tone}
    response = client.post(GENERATE, json=body)
    assert response.status_code == 400
    assert "tone" in response.get_json()["errors"]


def test_an_alias_is_validated_like_its_name(client, seeded):
    response = client.post(GENERATE, json={"country": "CAN", "goal": "work", "tone": "rude"})
    assert response.status_code == 400


def test_roadmap_steps_answer_common_pitfalls_beside_pitfalls(client, seeded):
    body = {"country": "CAN", "goal": "study", "visaTypeId": "study-permit"}
    steps = client.post(GENERATE, json=body).get_json()["steps"]
    assert steps and all(step["commonPitfalls"] == step["pitfalls"] for step in steps)


def test_visa_steps_answer_pitfalls_beside_common_pitfalls(client, seeded):
    visa_types = client.get("/api/v1/countries/CAN/visa-types/").get_json()
    steps = [step for visa in visa_types for step in visa["steps"]]
    assert steps and all(step["pitfalls"] == step["commonPitfalls"] for step in steps)


def test_the_calculator_takes_the_roadmaps_names(client, seeded):
    body = {"country": "CAN", "visaTypeId": "study-permit", "durationMonths": 12, "tone": "bestie"}
    response = client.post("/api/v1/calc/estimate/", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["visaType"]["slug"] == "study-permit"


@pytest.mark.parametrize("name", ["tone", "aiTone"])
def test_chat_takes_either_tone_name(client, seeded, name):
    response = client.post("/api/v1/ai/chat/", json={"message": "Hello", name: "hype_man"})
    assert response.status_code == 200, response.get_json()


def test_compare_takes_profile_as_well_as_user_profile(client, seeded):
    body = {"left": "CAN", "right": "DEU", "profile": {"educationLevel": "bachelor"}}
    assert client.post("/api/v1/ai/compare/", json=body).status_code == 200


def test_claimed_kinds_are_camel_case_beside_the_stored_names(client, seeded):
    client.post(GENERATE, json={"country": "CAN", "goal": "work"})
    client.post("/api/v1/ai/chat/", json={"message": "Hello"})
    body = client.post(
        "/api/v1/auth/register/",
        json={"email": "vocab@example.com", "password": "correct-horse-battery-staple"},
    ).get_json()
    migrated = body["claimed"]["migrated"]
    assert migrated["roadmaps"] == 1
    assert migrated["aiRequests"] == migrated["ai_requests"] >= 1
    snake = [key for key in migrated if "_" in key]
    assert all(
        key.split("_")[0] + "".join(p.title() for p in key.split("_")[1:]) in migrated
        for key in snake
    )


def test_aliases_are_documented_beside_their_names(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    generate = schemas["Generate"]["properties"]
    assert {"visaTypeId", "visaType", "aiTone", "tone", "profile", "userProfile"} <= set(generate)
    assert "Alias of `aiTone`" in generate["tone"]["description"]
    assert {"required": ["tone", "aiTone"]} in schemas["Generate"]["not"]["anyOf"]
    assert "commonPitfalls" in schemas["RoadmapStep"]["properties"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/countries/CAN/visa-types/",
        "/api/v1/maps/countries/",
        "/api/v1/session/status/",
        "/api/v1/health",
        "/api/v1/countries/",
        "/api/v1/roadmaps/",
    ],
)
def test_unknown_query_parameters_are_refused_everywhere(client, seeded, path):
    response = client.get(path, query_string={"colour": "blue"})
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"colour": ["Unknown field."]}


def test_declared_query_parameters_still_work_where_unknown_ones_are_refused(client, seeded):
    page = client.get("/api/v1/countries/", query_string={"pageSize": 1, "region": "Europe"})
    assert page.status_code == 200 and page.get_json()["pageSize"] == 1
    assert client.get("/api/v1/roadmaps/", query_string={"page": 1}).status_code == 200
