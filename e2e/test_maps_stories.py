"""Maps and Japa stories on the production stack: the done-when journey of issue 17.

The UK's visa centres in Lagos and Abuja with their sources, as JSON and as GeoJSON; an
anonymous story invisible until an editor approves it; a repeated title; a script that does not
survive; a claim that moves a pending story to the new account; bad coordinates refused.
"""

from __future__ import annotations

import os

from e2e.conftest import register

UK_CENTRES = {"country": "NGA", "type": "visa_centre", "serves": "GBR"}


def test_uk_visa_centres_in_lagos_and_abuja_as_json_and_geojson(anon):
    page = anon.get("/maps/points/", params=UK_CENTRES, expect=200).json()
    assert {p["cityName"] for p in page["results"]} == {"Lagos", "Abuja"}
    assert all(p["sources"] and "GBR" in p["serves"] for p in page["results"])
    geo = anon.get("/maps/points/", params={**UK_CENTRES, "format": "geojson"}, expect=200)
    assert geo.headers["Content-Type"].startswith("application/geo+json")
    collection = geo.json()
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in collection["features"]] == [
        p["name"] for p in page["results"]
    ]
    for feature in collection["features"]:
        lng, lat = feature["geometry"]["coordinates"]
        assert -180 <= lng <= 180 and -90 <= lat <= 90
    by_accept = anon.get(
        "/maps/points/", params=UK_CENTRES, headers={"Accept": "application/geo+json"}, expect=200
    )
    assert by_accept.json() == collection


def test_country_layer_places_every_destination(anon, catalog):
    layer = anon.get("/maps/countries/", expect=200).json()
    placed = {f["id"] for f in layer["features"]}
    assert placed == set(catalog)


def test_bad_coordinates_are_400_problems(anon):
    for params in ({"near": "91,3"}, {"near": "6,200"}, {"bbox": "10,0,5,1"}, {"bbox": "x"}):
        response = anon.get("/maps/points/", params=params, expect=400)
        assert response.headers["Content-Type"].startswith("application/problem+json")


def test_anonymous_story_journey(new_client, admin):
    author, reader = new_client("story author"), new_client("story reader")
    title = f"From Lagos to Manchester {os.getpid()}"
    body = {
        "title": title,
        "authorName": "Tolu",
        "content": "We moved in **2025**. <script>alert('x')</script> Start the TB test early.",
        "country": "GBR",
        "totalCost": 9500,
        "currency": "GBP",
        "householdSize": 2,
    }
    story = author.post("/stories/", json=body, expect=201).json()
    duplicate = reader.post("/stories/", json=body, expect=201).json()
    assert duplicate["slug"] != story["slug"]
    assert "<script" not in story["contentHtml"]
    assert "<strong>2025</strong>" in story["contentHtml"]

    reader.get("/stories/{slug}/", slug=story["slug"], expect=404)
    listed = reader.get("/stories/", params={"country": "GBR", "pageSize": 100}, expect=200).json()
    assert story["id"] not in {s["id"] for s in listed["results"]}

    queue = admin.get("/admin/stories/", params={"status": "pending"}, expect=200).json()
    assert story["id"] in {s["id"] for s in queue["results"]}
    admin.patch(
        "/admin/stories/{story_id}/", story_id=story["id"], json={"approved": True}, expect=200
    )
    listed = reader.get("/stories/", params={"country": "GBR", "pageSize": 100}, expect=200).json()
    assert story["id"] in {s["id"] for s in listed["results"]}
    assert reader.get("/stories/{slug}/", slug=story["slug"], expect=200).json()["title"] == title


def test_claim_moves_a_pending_story_to_the_account(new_client, anon):
    story = anon.post(
        "/stories/",
        json={
            "title": "Pending then claimed",
            "content": "A story long enough to keep.",
            "country": "CAN",
        },
        expect=201,
    ).json()
    register(anon)
    mine = anon.get("/stories/mine/", expect=200).json()
    assert [s["id"] for s in mine["results"]] == [story["id"]]
    stranger = new_client("stranger")
    stranger.get("/stories/mine/{story_id}/", story_id=story["id"], expect=404)


def test_only_admins_moderate(anon, user):
    anon.get("/admin/stories/", expect=401)
    user.get("/admin/stories/", expect=403)
