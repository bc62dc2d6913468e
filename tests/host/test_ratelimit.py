"""Rate limits: per owner, first request counts, per-address cap behind the session."""

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
