"""Japa stories: anonymous submission, moderation, public listing, ownership, safety, costs."""

import io
import threading

import pytest

STORIES = "/api/v1/stories/"
ADMIN = "/api/v1/admin/stories/"
PASSWORD = "correct horse battery staple zebra"
CONTENT = "We left Lagos in March. The **hardest** part was proof of funds."


def story(**extra):
    return {"title": "How we moved to Toronto", "content": CONTENT, "country": "CAN", **extra}


@pytest.fixture
def admin(make_user):
    return make_user("editor@example.com", is_admin=True)[1]


def approve(client, admin, story_id, **extra):
    response = client.patch(f"{ADMIN}{story_id}/", json={"approved": True, **extra}, headers=admin)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_anonymous_story_is_invisible_until_approved_then_listed(
    seeded, client, other_client, admin
):
    created = client.post(STORIES, json=story(authorName="Ada"))
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "pending" and body["approved"] is False
    assert client.get(STORIES).get_json()["count"] == 0
    assert other_client.get(f"{STORIES}{body['slug']}/").status_code == 404
    # The author still reads (and edits) it while it is pending.
    assert client.get(f"{STORIES}{body['slug']}/").status_code == 200
    assert client.get(f"{STORIES}mine/").get_json()["count"] == 1

    approve(client, admin, body["id"])
    listed = other_client.get(STORIES).get_json()
    assert [s["slug"] for s in listed["results"]] == [body["slug"]]
    assert other_client.get(f"{STORIES}{body['slug']}/").get_json()["authorName"] == "Ada"


def test_others_cannot_read_or_edit_a_pending_story(seeded, client, other_client):
    body = client.post(STORIES, json=story()).get_json()
    url = f"{STORIES}mine/{body['id']}/"
    assert other_client.get(url).status_code == 404
    assert other_client.patch(url, json={"title": "Hijacked title"}).status_code == 404
    assert client.patch(url, json={"title": "Our move to Toronto"}).get_json()["title"] == (
        "Our move to Toronto"
    )


def test_an_approved_story_is_frozen_for_its_author(seeded, client, admin):
    body = client.post(STORIES, json=story()).get_json()
    approve(client, admin, body["id"])
    response = client.patch(f"{STORIES}mine/{body['id']}/", json={"title": "Changed after"})
    assert response.status_code == 409


def test_a_repeated_title_gets_a_new_slug(seeded, client, other_client):
    first = client.post(STORIES, json=story()).get_json()
    second = other_client.post(STORIES, json=story()).get_json()
    third = client.post(STORIES, json=story()).get_json()
    assert first["slug"] == "how-we-moved-to-toronto"
    assert len({first["slug"], second["slug"], third["slug"]}) == 3


def test_concurrent_submissions_of_one_title_never_fail(seeded, app):
    statuses, slugs = [], []

    def submit():
        with app.test_client() as c:
            response = c.post(STORIES, json=story(title="Same title at once"))
            statuses.append(response.status_code)
            slugs.append((response.get_json() or {}).get("slug"))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 4
    assert len(set(slugs)) == 4


def test_a_lost_slug_race_retries_with_another_slug(seeded, client, monkeypatch):
    from plugins.stories import services

    client.post(STORIES, json=story())
    # As if another request took the slug between our look-up and our insert.
    monkeypatch.setattr(services, "_free_slug", lambda base: base)
    response = client.post(STORIES, json=story())
    assert response.status_code == 201
    assert response.get_json()["slug"].startswith("how-we-moved-to-toronto-")


def test_script_in_content_renders_without_it(seeded, client):
    content = (
        "Hello <script>alert('x')</script> and [click](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> **bold**'
    )
    body = client.post(STORIES, json=story(content=content)).get_json()
    html = body["contentHtml"]
    assert "<script" not in html and "<img" not in html
    assert "javascript:" not in html.split("href=")[-1] if "href=" in html else True
    assert "<strong>bold</strong>" in html
    assert body["content"] == content


def test_claim_moves_a_pending_story_to_the_account(seeded, client):
    body = client.post(STORIES, json=story()).get_json()
    registered = client.post(
        "/api/v1/auth/register/", json={"email": "mover@example.com", "password": PASSWORD}
    )
    assert registered.status_code == 201, registered.get_json()
    token = registered.get_json()["accessToken"]
    mine = client.get(f"{STORIES}mine/", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [s["id"] for s in mine["results"]] == [body["id"]]
    assert mine["results"][0]["status"] == "pending"


def test_structured_facts_are_validated(seeded, client):
    for bad in (
        {"year": 3000},
        {"householdSize": 0},
        {"totalCost": 5000, "currency": "XYZ"},
        {"monthsTaken": -1},
        {"country": "XXX"},
        {"tags": ["x"] * 11},
    ):
        response = client.post(STORIES, json=story(**bad))
        assert response.status_code == 400, bad
    # Rules between fields or with today's date: 422s naming the field.
    from datetime import date

    for bad, field in (
        ({"totalCost": 5000}, "currency"),
        ({"year": date.today().year + 1}, "year"),
    ):
        response = client.post(STORIES, json=story(**bad))
        assert response.status_code == 422, bad
        assert field in response.get_json()["errors"]
    # A well-formed id of no route of the story's country: a rule of the data (422).
    unknown_route = client.post(STORIES, json=story(visaTypeId=999999))
    assert unknown_route.status_code == 422
    assert "visaTypeId" in unknown_route.get_json()["errors"]
    ok = client.post(
        STORIES,
        json=story(
            year=2024,
            householdSize=3,
            totalCost=12_000_000,
            currency="ngn",
            monthsTaken=9,
            route="Express Entry",
            tags=["Family", "family", "Express Entry"],
        ),
    )
    assert ok.status_code == 201
    body = ok.get_json()
    assert body["currency"] == "NGN" and body["tags"] == ["family", "express entry"]


def test_listing_filters(seeded, client, admin):
    a = client.post(STORIES, json=story(tags=["study"], route="Study permit")).get_json()
    b = client.post(STORIES, json=story(title="Berlin at last", country="DEU")).get_json()
    approve(client, admin, a["id"], featured=True)
    approve(client, admin, b["id"])
    assert [s["id"] for s in client.get(f"{STORIES}?country=DEU").get_json()["results"]] == [
        b["id"]
    ]
    assert [s["id"] for s in client.get(f"{STORIES}?tag=study").get_json()["results"]] == [a["id"]]
    assert [s["id"] for s in client.get(f"{STORIES}?featured=true").get_json()["results"]] == [
        a["id"]
    ]
    assert [s["id"] for s in client.get(f"{STORIES}?route=study").get_json()["results"]] == [
        a["id"]
    ]
    newest_first = [s["id"] for s in client.get(STORIES).get_json()["results"]]
    assert newest_first == [b["id"], a["id"]]


def test_admin_api_pending_first_reject_and_feature_rules(seeded, client, admin, make_user):
    first = client.post(STORIES, json=story()).get_json()
    second = client.post(STORIES, json=story(title="Second story here")).get_json()
    approve(client, admin, first["id"])
    queue = client.get(ADMIN, headers=admin).get_json()["results"]
    assert queue[0]["id"] == second["id"]

    featured_pending = client.patch(
        f"{ADMIN}{second['id']}/", json={"featured": True}, headers=admin
    )
    assert featured_pending.status_code == 422
    rejected = client.patch(
        f"{ADMIN}{first['id']}/", json={"rejectionReason": "Names a private person."}, headers=admin
    ).get_json()
    assert rejected["status"] == "rejected" and rejected["approved"] is False
    assert client.get(STORIES).get_json()["count"] == 0

    assert client.get(ADMIN).status_code == 401
    _, user = make_user("plain@example.com")
    assert client.get(ADMIN, headers=user).status_code == 403
    assert (
        client.patch(f"{ADMIN}{first['id']}/", json={"approved": True}, headers=user).status_code
        == 403
    )


def test_cover_image_is_sniffed_from_bytes(seeded, client, other_client):
    body = client.post(STORIES, json=story()).get_json()
    url = f"{STORIES}mine/{body['id']}/cover/"
    fake = {"cover": (io.BytesIO(b"<svg><script>alert(1)</script></svg>"), "cover.png")}
    assert client.post(url, data=fake, content_type="multipart/form-data").status_code == 422
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    other = {"cover": (io.BytesIO(png), "c.png")}
    assert other_client.post(url, data=other, content_type="multipart/form-data").status_code == 404
    ok = client.post(
        url, data={"cover": (io.BytesIO(png), "c.png")}, content_type="multipart/form-data"
    )
    assert ok.status_code == 200 and ok.get_json()["coverImage"]["url"].endswith(".png")


def test_approved_anonymous_story_survives_the_purge_of_its_session(seeded, client, admin, app):
    from datetime import timedelta

    from japaguide.database import utcnow
    from japaguide.extensions import db
    from japaguide.identity import purge_expired_sessions
    from japaguide.models import AnonymousSession

    kept = client.post(STORIES, json=story()).get_json()
    gone = client.post(STORIES, json=story(title="Never approved story")).get_json()
    approve(client, admin, kept["id"])
    with app.app_context():
        for record in db.session.query(AnonymousSession):
            record.expires_at = utcnow() - timedelta(days=1)
        db.session.commit()
        counts = purge_expired_sessions()
    assert counts["stories"] == 1
    assert client.get(f"{STORIES}{kept['slug']}/").status_code == 200
    assert client.get(f"{STORIES}{gone['slug']}/").status_code == 404


def test_approved_story_costs_feed_the_calculator_comparison(seeded, client, admin, app):
    def estimate():
        response = client.post(
            "/api/v1/calc/estimate/", json={"country": "CAN", "durationMonths": 12}
        )
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()["costComparison"]

    assert estimate()["storySampleSize"] == 0
    for cost in (9_000, 12_000, 15_000):
        body = client.post(
            STORIES,
            json=story(title=f"Cost {cost}", totalCost=cost, currency="USD", householdSize=1),
        ).get_json()
        approve(client, admin, body["id"])
    comparison = estimate()
    assert comparison["storySampleSize"] == 3
    stories = comparison["stories"]
    assert stories["sampleSize"] == 3
    assert stories["typicalLow"] == 10500 and stories["typicalHigh"] == 13500
    assert stories["percentile"] is not None


def test_too_few_stories_give_a_count_but_no_range(seeded, client, admin):
    body = client.post(STORIES, json=story(totalCost=9000, currency="USD")).get_json()
    approve(client, admin, body["id"])
    comparison = client.post(
        "/api/v1/calc/estimate/", json={"country": "CAN", "durationMonths": 12}
    ).get_json()["costComparison"]
    assert comparison["storySampleSize"] == 1
    assert comparison["stories"]["typicalRange"] is None


@pytest.mark.parametrize("route", ["99999999999999999999", "٣", "1", "study-permit"])
def test_route_filters_of_any_shape_never_fail(seeded, client, route):
    assert client.get(f"{STORIES}?route={route}").status_code == 200


def test_unknown_story_slug_is_a_404(app, client):
    assert client.get(f"{STORIES}no-such-story/").status_code == 404


class TestSubmissionLimits:
    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "RATELIMIT_STORIES": "2/hour",
            "RATELIMIT_STORIES_PER_ADDRESS": "3/hour",
        }

    def test_submissions_are_limited_per_owner_then_per_address(self, seeded, client, other_client):
        assert [client.post(STORIES, json=story()).status_code for _ in range(3)] == [201, 201, 429]
        # A new session from the same address gets its own owner budget, not a new address one.
        assert [other_client.post(STORIES, json=story()).status_code for _ in range(2)] == [
            201,
            429,
        ]
        assert client.get(f"{STORIES}mine/").get_json()["count"] == 2
