"""HTTP caching of public pages: ETags (weak and strong), Cache-Control, Vary, free 304s.

Cached public GETs are stored as ready bytes: a hit runs no SQL and answers the same bytes and
ETag as the miss that stored it; ``If-None-Match`` with the tag, weak (``W/"…"``) or strong,
answers 304 without spending the caller's rate limit; ``Retry-After`` appears only on 429/503.
"""

import pytest

CACHED_PAGES = (
    "/api/v1/countries/",
    "/api/v1/countries/?region=europe",
    "/api/v1/countries/CAN/",
    "/api/v1/countries/CAN/visa-types/",
)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ANONYMOUS": "5/hour", "RATELIMIT_PER_ADDRESS": "50/hour"}


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_cache_hit_is_the_stored_page_with_no_sql(client, seeded, count_queries, path):
    miss = client.get(path)
    assert miss.status_code == 200
    with count_queries() as q:
        hit = client.get(path)
    assert q.count == 0
    assert hit.status_code == 200
    assert hit.get_data() == miss.get_data()
    assert hit.headers["ETag"] == miss.headers["ETag"]
    assert hit.mimetype == "application/json"
    for response in (miss, hit):
        assert response.headers["Cache-Control"].startswith("public, max-age=")
        assert "Origin" in response.headers["Vary"]


@pytest.mark.parametrize("weak", [False, True])
@pytest.mark.parametrize("path", CACHED_PAGES)
def test_strong_and_weak_if_none_match_answer_304(client, seeded, path, weak):
    etag = client.get(path).headers["ETag"]
    sent = f"W/{etag}" if weak else etag
    response = client.get(path, headers={"If-None-Match": sent})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag
    assert "Cache-Control" in response.headers
    other = client.get(path, headers={"If-None-Match": '"not-the-tag"'})
    assert other.status_code == 200


def test_a_weak_tag_matches_when_the_page_is_built_again(client, seeded, app):
    etag = client.get("/api/v1/countries/CAN/").headers["ETag"]
    with app.app_context():
        from japaguide.extensions import cache

        cache.clear()  # the next answer is built, not read: smorest's ETag check answers
    weak = client.get("/api/v1/countries/CAN/", headers={"If-None-Match": f"W/{etag}"})
    assert weak.status_code == 304
    assert weak.headers["ETag"] == etag


def test_revalidations_do_not_spend_the_rate_limit(client, seeded):
    path = "/api/v1/countries/CAN/visa-types/"
    etag = client.get(path).headers["ETag"]  # 1 of the owner's 5
    for _ in range(10):
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    statuses = [client.get(path).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_an_import_retires_the_stored_pages(client, seeded, app):
    path = "/api/v1/countries/CAN/visa-types/"
    before = client.get(path)
    with app.app_context():
        from plugins.countries.services import invalidate_country_caches

        invalidate_country_caches()
    stale = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert stale.status_code == 304  # same data rebuilt: the same tag
    assert client.get(path).get_data() == before.get_data()


def test_retry_after_only_on_429_and_503(client, seeded):
    ok = client.get("/api/v1/countries/")
    assert ok.status_code == 200
    assert "Retry-After" not in ok.headers
    assert "X-RateLimit-Remaining" in ok.headers
    missing = client.get("/api/v1/countries/ZZZ/")
    assert missing.status_code in (400, 404)
    assert "Retry-After" not in missing.headers
    statuses = [client.get("/api/v1/countries/CAN/").status_code for _ in range(5)]
    assert statuses[-1] == 429
    limited = client.get("/api/v1/countries/CAN/")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
