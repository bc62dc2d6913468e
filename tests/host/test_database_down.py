"""With the database unreachable the API says "try again shortly" (503 + Retry-After), the way
health already does, instead of a 500 that reads as a bug. No server needed: the test points
the app at a closed port."""

from __future__ import annotations

import pytest

from japaguide import create_app


@pytest.fixture
def unreachable_app(app_config):
    return create_app(
        {
            **app_config,
            "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/nowhere",
            "DATABASE_CONNECT_TIMEOUT": 1,
            "REDIS_URL": None,
            "JOBS_MODE": "inline",
        }
    )


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/api/v1/countries/", None),
        ("GET", "/api/v1/countries/CAN/visa-types/", None),
        ("POST", "/api/v1/roadmaps/generate/", {"country": "CAN", "goal": "work"}),
        ("POST", "/api/v1/calc/estimate/", {"country": "CAN", "durationMonths": 12}),
    ],
)
def test_requests_answer_503_with_retry_after_when_the_database_is_down(
    unreachable_app, method, url, body
):
    response = unreachable_app.test_client().open(url, method=method, json=body)
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert "nowhere" not in response.get_data(as_text=True)  # no internals


def test_health_says_the_database_is_down(unreachable_app):
    response = unreachable_app.test_client().get("/api/v1/health")
    assert response.status_code == 503
