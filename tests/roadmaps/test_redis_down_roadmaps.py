"""A roadmap generated while Redis is down: refused with 503 + Retry-After before anything is
written, never a saved roadmap ("expires in 30 days") whose owner the browser cannot keep.

Runs on the suite's database (PostgreSQL under ``make test-services``) with a Redis URL that
points at a closed port."""

import pytest
from sqlalchemy import func, select

from japaguide.extensions import db
from japaguide.models import AnonymousSession
from plugins.roadmaps.models import Roadmap

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REDIS_URL": DEAD_REDIS, "JOBS_MODE": "rq"}


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_generate_while_redis_is_down_is_refused_before_writing(app, client, seeded):
    response = client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "Set-Cookie" not in response.headers
    assert count(app, Roadmap) == 0
    assert count(app, AnonymousSession) == 0


def test_a_signed_in_owner_keeps_generating_while_redis_is_down(app, client, seeded, make_user):
    _user_id, headers = make_user()
    response = client.post(
        "/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"}, headers=headers
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert count(app, Roadmap) == 1
