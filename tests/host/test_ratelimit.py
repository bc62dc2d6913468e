"""Rate limits: per owner, first request counts, per-address cap behind the session."""

import time

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ANONYMOUS": "3/hour", "RATELIMIT_PER_ADDRESS": "5/hour"}


def test_anonymous_first_write_counts_against_session(client):
    for _ in range(3):
        assert client.post("/api/v1/notes/", json={"text": "a"}).status_code == 201
    response = client.post("/api/v1/notes/", json={"text": "a"})
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert "X-RateLimit-Limit" in response.headers


def test_dropping_cookies_does_not_reset_address_cap(app):
    statuses = []
    for _ in range(7):
        fresh = app.test_client()  # a new browser each time: no cookie
        statuses.append(fresh.post("/api/v1/notes/", json={"text": "a"}).status_code)
    assert statuses[:5] == [201] * 5
    assert statuses[5:] == [429, 429]


def test_health_is_not_limited(client):
    assert all(client.get("/api/v1/health").status_code == 200 for _ in range(8))


def test_spoofed_forwarded_for_gains_no_fresh_address_budget(app):
    """With no trusted proxy (the default) X-Forwarded-For is the client's word: ignored."""
    statuses = []
    for index in range(7):
        fresh = app.test_client()
        response = fresh.post(
            "/api/v1/notes/",
            json={"text": "a"},
            headers={"X-Forwarded-For": f"198.51.100.{index}"},
        )
        statuses.append(response.status_code)
    assert statuses[:5] == [201] * 5
    assert statuses[5:] == [429, 429]


def test_limit_headers_count_down_from_the_hit_alone(app, monkeypatch):
    """On Redis, a request's hit answers its window's count and TTL: the X-RateLimit-* figures
    are right and cost no second read (one script call per limit, nothing after the view)."""
    if not app.config.get("REDIS_URL"):
        pytest.skip("the one-trip window is Redis storage's")
    from redis.client import Pipeline

    client = app.test_client()
    pipelines: list[int] = []
    original = Pipeline.execute
    monkeypatch.setattr(
        Pipeline, "execute", lambda self, *a, **k: pipelines.append(1) or original(self, *a, **k)
    )
    seen = []
    for _ in range(3):
        response = client.post("/api/v1/notes/", json={"text": "a"})
        assert response.status_code == 201
        seen.append(response.headers)
    remaining = [int(h["X-RateLimit-Remaining"]) for h in seen]
    assert remaining == [2, 1, 0]  # the owner's 3/hour, the tightest limit, counts down
    resets = [int(h["X-RateLimit-Reset"]) for h in seen]
    assert all(0 < reset - time.time() <= 3600 + 1 for reset in resets)
    assert pipelines == []  # no window read again for the headers
