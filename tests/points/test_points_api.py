"""The points API around the scoring: validation (400 naming the field), the scheme list,
the saved profile filling gaps, "make this my plan", and the admins' benchmark rows."""

from __future__ import annotations

from datetime import date

import pytest

from plugins.points.schemas import EXAMPLES

IELTS = {"test": "IELTS_GENERAL", "speaking": 7.0, "listening": 8.0, "reading": 7.0, "writing": 7.0}


def test_scheme_list(client):
    data = client.get("/api/v1/points/").json
    ids = [s["id"] for s in data["schemes"]]
    assert ids == ["crs", "fsw", "australia", "opportunity-card", "uk-skilled-worker"]
    crs = data["schemes"][0]
    assert crs["country"] == "CAN" and crs["latestCutoff"]["source"].startswith(
        "https://www.canada.ca/"
    )
    assert crs["latestCutoff"]["date"] and crs["effectiveDate"] == "2025-03-25"
    for scheme in data["schemes"][1:]:
        assert scheme["passMark"]["score"] > 0 and scheme["source"].startswith("https://")


@pytest.mark.parametrize(
    ("scheme", "body", "field"),
    [
        ("crs", {"age": 12, "language": IELTS}, "age"),
        ("crs", {"age": 30, "language": {**IELTS, "test": "TOEFL"}}, "language"),
        ("crs", {"age": 30, "language": {**IELTS, "speaking": 9.5}}, "language"),
        ("crs", {"age": 30, "language": {**IELTS, "reading": 6.3}}, "language"),
        (
            "crs",
            {
                "age": 30,
                "language": {
                    "test": "TCF",
                    "speaking": 21,
                    "listening": 500,
                    "reading": 500,
                    "writing": 10,
                },
            },
            "language",
        ),
        ("crs", {"age": 30}, "language"),
        ("crs", {"age": 30, "language": IELTS, "education": "diploma"}, "education"),
        (
            "fsw",
            {
                "age": 30,
                "language": {
                    "test": "PTE_CORE",
                    "speaking": 95,
                    "listening": 60,
                    "reading": 60,
                    "writing": 60,
                },
            },
            "language",
        ),
        ("australia", {"age": 45}, "age"),
        (
            "australia",
            {
                "age": 30,
                "english": {
                    "test": "PTE_CORE",
                    "speaking": 60,
                    "listening": 60,
                    "reading": 60,
                    "writing": 60,
                },
            },
            "english",
        ),
        ("opportunity-card", {"age": 30, "germanLevel": "B3"}, "germanLevel"),
        ("uk-skilled-worker", {**EXAMPLES["uk-skilled-worker"], "salary": -5}, "salary"),
        ("crs", {"age": 30, "language": IELTS, "unknownField": 1}, "unknownField"),
    ],
)
def test_bad_profiles_are_400s_naming_the_field(client, scheme, body, field):
    response = client.post(f"/api/v1/points/{scheme}/", json=body)
    assert response.status_code == 400, response.json
    assert response.content_type.startswith("application/problem+json")
    assert field in str(response.json), response.json


def test_unknown_scheme_is_404(client):
    assert client.post("/api/v1/points/nope/", json={}).status_code == 404


def test_scoring_mints_no_session(client):
    response = client.post("/api/v1/points/crs/", json=EXAMPLES["crs"])
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_saved_profile_fills_missing_fields(client, make_user):
    _, headers = make_user(email="points@example.com")
    updated = client.patch(
        "/api/v1/auth/me/",
        json={"profile": {"educationLevel": "master", "yearsExperience": 4}},
        headers=headers,
    )
    assert updated.status_code == 200, updated.json
    body = {"age": 30, "language": IELTS}
    data = client.post("/api/v1/points/fsw/", json=body, headers=headers).json
    assert sorted(data["filledFromProfile"]) == ["education", "experience_years"]
    # Master's 23 + CLB 9 24 + 4 yrs 13 + age 12 = 72, as if the fields had been sent.
    assert data["total"] == 72
    # What the body says wins over the saved profile.
    data = client.post(
        "/api/v1/points/fsw/", json={**body, "education": "bachelor"}, headers=headers
    ).json
    assert data["filledFromProfile"] == ["experience_years"] and data["total"] == 70
    # Someone else (anonymous) gets nothing of it.
    other = client.post("/api/v1/points/fsw/", json=body).json
    assert other["filledFromProfile"] == [] and other["total"] == 36


def test_make_this_my_plan(seeded, client, other_client):
    response = client.post(
        "/api/v1/points/opportunity-card/plan/", json=EXAMPLES["opportunity-card"]
    )
    assert response.status_code == 201, response.json
    roadmap = response.json
    assert roadmap["visaType"]["slug"] == "opportunity-card"
    assert roadmap["goal"] == "work"
    mine = client.get("/api/v1/roadmaps/").json
    assert roadmap["id"] in [r["id"] for r in mine["results"]]
    assert client.get(f"/api/v1/roadmaps/{roadmap['id']}/").status_code == 200
    assert other_client.get(f"/api/v1/roadmaps/{roadmap['id']}/").status_code == 404


def test_plan_for_crs_uses_a_canadian_work_route(seeded, client):
    response = client.post("/api/v1/points/crs/plan/", json=EXAMPLES["crs"])
    assert response.status_code == 201, response.json
    assert "Canada" in response.json["title"]


def test_plan_with_a_bad_profile_creates_nothing(seeded, client):
    response = client.post("/api/v1/points/crs/plan/", json={"age": 5})
    assert response.status_code == 400
    assert client.get("/api/v1/roadmaps/").json["results"] == []


def test_admin_edited_cutoff_is_served(app, client):
    from japaguide.extensions import db
    from plugins.points.models import PointsBenchmark

    with app.app_context():
        db.session.add(
            PointsBenchmark(
                scheme="crs",
                kind="latest_cutoff",
                score=499,
                date=date(2026, 11, 20),
                label="test round",
                source="https://www.canada.ca/rounds",
                last_verified=date(2026, 11, 21),
            )
        )
        db.session.commit()
    data = client.post("/api/v1/points/crs/", json=EXAMPLES["crs"]).json
    assert data["latestCutoff"] == {
        "score": 499,
        "date": "2026-11-20",
        "source": "https://www.canada.ca/rounds",
        "label": "test round",
        "lastVerified": "2026-11-21",
    }
    assert data["pointsNeeded"] == 499 - data["total"]
