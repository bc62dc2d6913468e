"""With Redis unreachable: public reads are served, anonymous writes are refused before
anything is stored (their owner could never be found again), signed-in writes proceed, and no
limit becomes more generous than configured."""

import pytest
from sqlalchemy import func, select

from japaguide.extensions import db
from japaguide.models import AnonymousSession
from tests.host.sample_plugin import Note

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "REDIS_URL": DEAD_REDIS,
        "JOBS_MODE": "rq",
        "RATELIMIT_ANONYMOUS": "50/hour",
        "RATELIMIT_PER_ADDRESS": "4/hour",
    }


def rows(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def assert_refused_503(response):
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "Set-Cookie" not in response.headers


def test_health_reports_redis_down_but_serves(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["redis"]["status"] == "down"
    assert body["status"] == "degraded"


def test_public_reads_are_served(client, seeded):
    response = client.get("/api/v1/countries/")
    assert response.status_code == 200
    assert response.get_json()["count"] == 3


def test_anonymous_writes_are_refused_and_nothing_is_stored(app, client):
    for _ in range(3):
        assert_refused_503(client.post("/api/v1/notes/", json={"text": "x"}))
    assert rows(app, Note) == 0
    assert rows(app, AnonymousSession) == 0


def test_cookie_carrying_requests_are_not_500s(app, client):
    """The owner behind the cookie is unknown: not "no data" (a 200 with nothing), but a 503."""
    assert client.get("/api/v1/session/status/").status_code == 200  # no cookie: no session yet
    client.set_cookie("japaguide_session", "some-old-session-id")
    assert_refused_503(client.get("/api/v1/session/status/"))  # not "no session": unknown
    assert_refused_503(client.get("/api/v1/notes/"))
    assert_refused_503(client.post("/api/v1/session/save/"))
    assert_refused_503(client.post("/api/v1/notes/", json={"text": "x"}))
    assert rows(app, Note) == 0 and rows(app, AnonymousSession) == 0


def test_signed_in_writes_proceed_and_limits_fall_back_to_memory(client, make_user):
    """A JWT owner does not depend on the session store; the general limits still hold."""
    _, headers = make_user()
    statuses = [
        client.post("/api/v1/notes/", json={"text": "x"}, headers=headers).status_code
        for _ in range(6)
    ]
    assert statuses[:4] == [201] * 4
    assert statuses[4:] == [429, 429]


def test_jobs_run_inline_when_queue_is_down(app, client, make_user):
    from japaguide.jobs import enqueue

    _, headers = make_user()
    note_id = client.post("/api/v1/notes/", json={"text": "quiet"}, headers=headers).get_json()[
        "id"
    ]
    with app.app_context():
        enqueue("notes.shout", note_id)
    assert client.get(f"/api/v1/notes/{note_id}", headers=headers).get_json()["text"] == "QUIET"


def test_ai_calls_are_refused_while_limits_cannot_be_counted(app, client, make_user, seeded):
    """In-process AI counts would restart from zero in every process: refuse instead."""
    from plugins.ai.models import AIRequest

    _, headers = make_user()
    for _ in range(3):
        response = client.post(
            "/api/v1/ai/chat/", json={"message": "Germany work visa?"}, headers=headers
        )
        assert response.status_code == 503
        assert response.mimetype == "application/problem+json"
        assert 0 < int(response.headers["Retry-After"]) <= 60
    assert rows(app, AIRequest) == 0


def test_health_is_503_when_the_database_is_down(app_config):
    from japaguide import create_app

    app = create_app(
        {
            **app_config,
            "REDIS_URL": None,
            "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/nothing",
            "DATABASE_CONNECT_TIMEOUT": 1,
        }
    )
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.get_json()["database"]["status"] == "down"


class TestOnlyTheLimiterStorageIsDown:
    """Sessions in the database, limits on a Redis that is down."""

    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "REDIS_URL": None,
            "JOBS_MODE": "inline",
            "RATELIMIT_STORAGE_URI": DEAD_REDIS,
            "RATELIMIT_AI": "20/hour",
            "RATELIMIT_AI_PER_ADDRESS": "60/hour",
        }

    def test_anonymous_writes_proceed_but_ai_calls_are_refused(self, app, client, seeded):
        from plugins.ai.models import AIRequest

        assert client.post("/api/v1/notes/", json={"text": "x"}).status_code == 201
        response = client.post("/api/v1/ai/chat/", json={"message": "Germany work visa?"})
        assert response.status_code == 503
        assert 0 < int(response.headers["Retry-After"]) <= 60
        assert rows(app, AIRequest) == 0
