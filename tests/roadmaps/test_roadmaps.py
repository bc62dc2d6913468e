"""Roadmaps: generation, ownership, progress, status transitions and step actions."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from japaguide.extensions import db
from plugins.countries.models import Country


def generate(client, **body):
    payload = {"country": "CAN", "goal": "work", **body}
    return client.post("/api/v1/roadmaps/generate/", json=payload)


def test_brief_quickstart_curl_works_anonymously(client, seeded):
    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={
            "country": "CAN",
            "goal": "work",
            "profile": {"education_level": "bachelor"},
            "ai_tone": "uncle_japa",
        },
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["roadmapId"] == body["id"]
    assert body["title"] == "Work in Canada"
    assert body["status"] == "draft"
    assert body["isAnonymous"] is True and body["sessionExpiresInDays"] == 30
    assert body["aiTone"] == "uncle_japa"
    assert body["profileSnapshot"] == {"educationLevel": "bachelor"}  # camelCase out
    assert body["aiEnrichmentStatus"] in {"not_available", "pending", "done", "fallback"}
    assert [s["order"] for s in body["steps"]] == list(range(1, len(body["steps"]) + 1))


def test_steps_copied_from_visa_and_costed(client, seeded):
    body = generate(client, visaTypeId="express-entry-fsw").get_json()
    assert body["title"] == "Work in Canada — Express Entry – Federal Skilled Worker"
    steps = body["steps"]
    assert [s["title"] for s in steps[:4]] == [
        "Take IELTS",
        "Get an ECA",
        "Apply for PR",
        "Biometrics",
    ]
    visa = client.get("/api/v1/countries/CAN/visa-types/").get_json()
    fsw = next(v for v in visa if v["slug"] == "express-entry-fsw")
    assert [s["estimatedCostUsd"] for s in steps[:4]] == [
        s["estimatedCostUsd"] for s in fsw["steps"]
    ]
    assert steps[2]["processingMaxDays"] == 28 * 7  # the application step carries processing time
    assert steps[2]["fundsHoldingDays"] == 180
    settle = steps[-1]
    assert settle["title"] == "Arrive and settle in Canada"
    assert settle["estimatedCostUsd"] == 2 * 1200 + 60 * 12 + 100  # deposit + meals + healthcare
    assert "Winter clothing ($300-500 initial)" in settle["tips"]


def test_generic_steps_when_no_visa(client, seeded):
    body = generate(client, goal="study").get_json()
    titles = [s["title"] for s in body["steps"]]
    assert titles[0] == "Shortlist programmes and schools"
    assert titles[-1] == "Arrive and settle in Canada"
    # unknown costs are null, never invented
    assert body["steps"][0]["estimatedCostUsd"] is None


def test_visa_by_category_word(client, seeded):
    body = generate(client, goal="study", visaTypeId="student").get_json()
    assert body["title"].endswith("Study permit")


@pytest.mark.parametrize(
    "body,field",
    [
        ({"country": "XXX"}, "country"),
        ({"goal": "tourism"}, "goal"),
        ({"aiTone": "pirate"}, "aiTone"),
        ({"profile": {"numDependents": -1}}, "profile"),
    ],
)
def test_bad_generate_input_is_400(client, seeded, body, field):
    response = generate(client, **body)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize("ref", ["h1b", "0", "99999999999"])
def test_a_route_the_country_does_not_have_is_a_rule_error(client, seeded, ref):
    response = generate(client, visaTypeId=ref)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "visaTypeId" in response.get_json()["errors"]
    assert client.get("/api/v1/roadmaps/").get_json()["count"] == 0


def test_another_countrys_route_is_a_rule_error(client, app, seeded):
    from plugins.visas.models import VisaType

    with app.app_context():
        foreign = db.session.scalars(
            select(VisaType).join(VisaType.country).where(Country.code != "CAN")
        ).first()
        assert foreign is not None
        foreign_id = foreign.id
    response = generate(client, country="CAN", visaTypeId=foreign_id)
    assert response.status_code == 422, response.get_data(as_text=True)


def test_a_blank_route_means_a_generic_plan(client, seeded):
    response = generate(client, visaTypeId="")
    assert response.status_code == 201, response.get_data(as_text=True)


def test_unknown_but_valid_country_is_404(client, seeded):
    assert generate(client, country="FRA").status_code == 404


def test_list_is_owners_newest_first_and_paginated(client, other_client, seeded):
    first = generate(client).get_json()["id"]
    second = generate(client, goal="study").get_json()["id"]
    generate(other_client)
    body = client.get("/api/v1/roadmaps/?pageSize=1").get_json()
    assert body["count"] == 2 and body["pages"] == 2
    assert [r["id"] for r in body["results"]] == [second]
    assert [
        r["id"] for r in client.get("/api/v1/roadmaps/?page=2&pageSize=1").get_json()["results"]
    ] == [first]


def test_someone_elses_roadmap_is_404_for_every_verb(client, other_client, seeded):
    body = generate(client).get_json()
    rid, sid = body["id"], body["steps"][0]["id"]
    assert other_client.get(f"/api/v1/roadmaps/{rid}/").status_code == 404
    assert (
        other_client.patch(f"/api/v1/roadmaps/{rid}/", json={"title": "mine now"}).status_code
        == 404
    )
    for action in ("complete", "uncomplete", "unblock"):
        assert other_client.post(f"/api/v1/roadmaps/{rid}/steps/{sid}/{action}/").status_code == 404
    assert (
        other_client.post(
            f"/api/v1/roadmaps/{rid}/steps/{sid}/block/", json={"reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/roadmaps/{rid}/").get_json()["title"] == "Work in Canada"
    assert (
        client.get(f"/api/v1/roadmaps/{rid}/").get_json()["steps"][0]["status"]["completed"]
        is False
    )


def test_progress_and_step_actions_are_idempotent(client, seeded):
    body = generate(client, visaTypeId="express-entry-fsw").get_json()
    rid, steps = body["id"], body["steps"]
    assert body["progress"]["done"] == 0 and body["progress"]["total"] == 5
    url = f"/api/v1/roadmaps/{rid}/steps/{steps[0]['id']}"
    for _ in range(2):
        done = client.post(f"{url}/complete/")
        assert done.status_code == 200
    body = done.get_json()
    assert body["status"] == "active"  # starting work activates a draft
    progress = body["progress"]
    assert progress["done"] == 1 and progress["percent"] == 20
    expected_remaining = sum(Decimal(str(s["estimatedCostUsd"])) for s in steps[1:])
    assert Decimal(str(progress["remainingCostUsd"])) == expected_remaining
    assert progress["remainingDays"] == sum(s["estimatedTimeDays"] for s in steps[1:])
    blocked = client.post(
        f"/api/v1/roadmaps/{rid}/steps/{steps[1]['id']}/block/", json={"reason": "WES delay"}
    )
    assert blocked.get_json()["progress"]["blocked"] == 1
    status = blocked.get_json()["steps"][1]["status"]
    assert status["blocked"] is True and status["blockerReason"] == "WES delay"
    client.post(f"/api/v1/roadmaps/{rid}/steps/{steps[1]['id']}/unblock/")
    reopened = client.post(f"{url}/uncomplete/").get_json()
    assert reopened["progress"]["done"] == 0 and reopened["progress"]["blocked"] == 0


def test_block_needs_a_reason_and_complete_needs_no_body(client, seeded):
    body = generate(client).get_json()
    url = f"/api/v1/roadmaps/{body['id']}/steps/{body['steps'][0]['id']}"
    assert client.post(f"{url}/block/").status_code == 400
    assert client.post(f"{url}/block/", json={"reason": ""}).status_code == 400
    assert client.post(f"{url}/complete/").status_code == 200
    assert client.post(f"{url}/block/", json={"reason": "x"}).status_code == 409


def test_step_of_another_roadmap_is_404(client, seeded):
    one = generate(client).get_json()
    two = generate(client).get_json()
    response = client.post(f"/api/v1/roadmaps/{one['id']}/steps/{two['steps'][0]['id']}/complete/")
    assert response.status_code == 404


def test_patch_title_and_status_transitions(client, seeded):
    rid = generate(client).get_json()["id"]
    url = f"/api/v1/roadmaps/{rid}/"
    assert (
        client.patch(url, json={"title": "My Canada plan"}).get_json()["title"] == "My Canada plan"
    )
    refused = client.patch(url, json={"status": "completed"})  # draft → completed
    assert refused.status_code == 409, refused.get_json()
    assert refused.get_json()["errors"]["status"] == ["From draft: active, archived."]
    assert client.get(url).get_json()["status"] == "draft"
    assert client.patch(url, json={"status": "active"}).get_json()["status"] == "active"
    assert client.patch(url, json={"status": "completed"}).get_json()["status"] == "completed"
    assert client.patch(url, json={"status": "archived"}).get_json()["status"] == "archived"
    for forbidden in (
        {"goal": "study"},
        {"isAnonymous": False},
        {"userId": 1},
        {"status": "deleted"},
    ):
        assert client.patch(url, json=forbidden).status_code == 400
    body = client.get(url).get_json()
    assert body["goal"] == "work" and body["isAnonymous"] is True


def test_anonymous_roadmap_survives_signup(client, seeded):
    rid = generate(client).get_json()["id"]
    reg = client.post(
        "/api/v1/auth/register/", json={"email": "z@example.com", "password": "a long pass phrase"}
    )
    body = reg.get_json()
    assert body["claimed"]["migratedRoadmaps"] == 1
    headers = {"Authorization": f"Bearer {body['accessToken']}"}
    mine = client.get(f"/api/v1/roadmaps/{rid}/", headers=headers).get_json()
    assert mine["isAnonymous"] is False and mine["sessionExpiresInDays"] is None


def test_session_status_counts_roadmaps(client, seeded):
    generate(client)
    assert client.get("/api/v1/session/status/").get_json()["counts"]["roadmaps"] == 1


def test_roadmap_says_which_routes_are_closed_to_nigerians(client, seeded):
    """A generic plan must not read as one that works: the routes behind it come with their
    status for a Nigerian passport and a warning for each that is not open."""
    study = generate(client, country="CAN", goal="study").get_json()
    assert [r["slug"] for r in study["routes"]] == ["study-permit"]
    assert study["routes"][0]["nigeriaStatus"]["status"] == "restricted"
    assert len(study["routeWarnings"]) == 1
    assert study["routeWarnings"][0].startswith("Study permit")
    assert "restricted for Nigerian passport holders" in study["routeWarnings"][0]

    work = generate(client, country="DEU", goal="work").get_json()
    assert {r["slug"] for r in work["routes"]} == {"eu-blue-card", "opportunity-card"}
    assert work["routeWarnings"] == []

    family = generate(client, country="DEU", goal="family").get_json()
    assert family["routes"] == []
    assert "We list no family route for Germany" in family["routeWarnings"][0]

    detail = client.get(f"/api/v1/roadmaps/{study['roadmapId']}/").get_json()
    assert detail["routeWarnings"] == study["routeWarnings"]
