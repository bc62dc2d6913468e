"""The cost calculator on the production stack: every seeded route, alone, with a family, and
in naira; saved estimates belong to their owner."""

from __future__ import annotations

VARIANTS = (
    {"numDependents": 0},
    {"numDependents": 3, "withPartner": True},
    {"numDependents": 0, "currency": "NGN"},
)


def test_estimate_for_every_route_alone_with_family_and_in_naira(new_client, catalog):
    client = new_client("calc")
    for code, routes in sorted(catalog.items()):
        for route in routes:
            for variant in VARIANTS:
                body = client.post(
                    "/calc/estimate/",
                    json={
                        "country": code,
                        "visaType": route["id"],
                        "durationMonths": 12,
                        **variant,
                    },
                    expect=(200, 201),
                ).json()
                assert body["totalEstimated"] > 0, (route["slug"], variant)
                if variant.get("currency") == "NGN":
                    assert body["converted"]["currency"] == "NGN"


def test_the_briefs_estimate_with_a_city(anon):
    body = anon.post(
        "/calc/estimate/",
        json={
            "country": "CAN",
            "city": "Toronto",
            "visaType": "student",
            "durationMonths": 12,
            "numDependents": 0,
            "inputs": {"flights": 1200, "tuitionYearly": 25000},
        },
        expect=(200, 201),
    ).json()
    assert body["totalEstimated"] > 25000


def test_saved_estimates_are_the_owners_only(anon, other_anon):
    saved = anon.post(
        "/calc/estimate/", json={"country": "DEU", "durationMonths": 6}, expect=(200, 201)
    ).json()
    listed = anon.get("/calc/estimates/", expect=200).json()
    assert saved["id"] in [e["id"] for e in listed["results"]]
    anon.get("/calc/estimates/{estimate_id}/", estimate_id=saved["id"], expect=200)
    other_anon.get("/calc/estimates/{estimate_id}/", estimate_id=saved["id"], expect=404)
    assert other_anon.get("/calc/estimates/", expect=200).json()["count"] == 0


def test_bad_input_is_a_problem_and_saves_nothing(anon):
    bad = anon.post("/calc/estimate/", json={"country": "ZZZ", "durationMonths": 0}, expect=400)
    assert bad.headers["Content-Type"].startswith("application/problem+json")
