"""No request or job holds a database connection while it waits on the model (PostgreSQL only).

A model answer takes seconds; a connection kept ``idle in transaction`` meanwhile is one the
pool cannot lend to ``/api/v1/health`` or anyone else. Each test starts an AI request in a
thread, waits until the fake model has received it, and then watches ``pg_stat_activity`` from a
separate connection for as long as the model keeps the request waiting (the writes after the
answer are short transactions and may be seen between their statements, so they are not sampled).
"""

import os
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

DATABASE_URL = os.environ.get("JAPAGUIDE_TEST_DATABASE_URL") or ""
MODEL_SECONDS = 1.0

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres"), reason="needs PostgreSQL (pg_stat_activity)"
)

IDLE_IN_TRANSACTION = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND state LIKE 'idle in transaction%'
"""


def _conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def idle_in_transaction_while(fake: Any, call: Callable[[], Any]) -> tuple[list[int], Any]:
    """Run ``call`` in a thread; sample idle-in-transaction connections while the model waits."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while not fake.waiting and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    samples: list[int] = []
    with psycopg.connect(_conninfo(DATABASE_URL), autocommit=True) as probe:
        while fake.waiting:  # only while the model keeps the request waiting
            count = probe.execute(IDLE_IN_TRANSACTION).fetchone()[0]
            if fake.waiting:  # the answer may have left during the query
                samples.append(count)
            time.sleep(0.05)
    thread.join(15)
    if "error" in outcome:
        raise outcome["error"]
    return samples, outcome.get("value")


@pytest.fixture
def slow_model(app, fake_openai):
    fake_openai.delay = MODEL_SECONDS
    app.config["OPENAI_TIMEOUT_SECONDS"] = MODEL_SECONDS * 5
    return fake_openai


def chat_body(**extra: Any) -> dict[str, Any]:
    return {"message": "How much is the EU Blue Card for Germany?", "tone": "helpful", **extra}


@pytest.mark.parametrize("stream", [False, True])
def test_chat_waiting_on_the_model_holds_no_connection(client, seeded, slow_model, stream):
    def chat_and_read() -> Any:
        response = client.post("/api/v1/ai/chat/", json=chat_body(stream=stream))
        response.get_data()  # a stream asks the model while its body is read
        return response

    samples, response = idle_in_transaction_while(slow_model, chat_and_read)
    assert response.status_code == 200, response.get_data(as_text=True)
    if not stream:
        assert response.get_json()["aiProvider"] == "openai"
    assert samples, "the model answered before any sample was taken"
    assert max(samples) == 0


def test_follow_up_in_a_conversation_holds_no_connection(client, seeded, slow_model):
    first = client.post("/api/v1/ai/chat/", json=chat_body()).get_json()
    slow_model.requests.clear()
    samples, response = idle_in_transaction_while(
        slow_model,
        lambda: client.post(
            "/api/v1/ai/chat/",
            json=chat_body(
                message="And the processing time?", conversationId=first["conversationId"]
            ),
        ),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["conversationId"] == first["conversationId"]
    assert samples and max(samples) == 0


def test_compare_waiting_on_the_model_holds_no_connection(client, seeded, slow_model):
    samples, response = idle_in_transaction_while(
        slow_model,
        lambda: client.post(
            "/api/v1/ai/compare/", json={"left": "CAN", "right": "DEU", "tone": "helpful"}
        ),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["aiProvider"] == "openai"
    assert samples and max(samples) == 0


def test_calculator_advice_holds_no_connection(client, seeded, slow_model):
    samples, response = idle_in_transaction_while(
        slow_model,
        lambda: client.post(
            "/api/v1/calc/estimate/",
            json={
                "country": "CAN",
                "durationMonths": 12,
                "includeAdvice": True,
                "profile": {"budgetUsd": 10000},
            },
        ),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["advice"]["provider"] == "openai"
    assert samples and max(samples) == 0


def test_roadmap_enrichment_job_holds_no_connection(app, client, seeded, slow_model):
    import json

    from japaguide.jobs import execute

    slow_model.reply = json.dumps({"enriched_steps": [{"order": 1, "advice": "Book IELTS."}]})
    response = client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    roadmap_id = response.get_json()["id"]
    # The inline job would run when the response closes; run it here, in a thread, instead.

    def run_job() -> dict[str, Any]:
        with app.app_context():
            return execute("ai.enrich_roadmap", roadmap_id)

    samples, result = idle_in_transaction_while(slow_model, run_job)
    assert result["status"] == "done" and result["provider"] == "openai"
    assert samples and max(samples) == 0
    response.close()


def test_the_index_is_built_on_the_requests_own_connection(app_config, seeded):
    """A stale retrieval index is rebuilt without a second pooled connection: with every
    gunicorn thread holding its one connection (pool size = threads), a builder that waited for
    another froze every chat of the worker for the pool timeout, then the next builder too."""
    from sqlalchemy import select

    from japaguide import create_app
    from japaguide.extensions import db
    from plugins.ai import retrieval

    one = {"DATABASE_POOL_SIZE": 1, "DATABASE_MAX_OVERFLOW": 0, "DATABASE_POOL_TIMEOUT": 2}
    app = create_app({**app_config, **one})
    with app.test_request_context("/api/v1/ai/chat/"):
        app.extensions.pop("japabot.index", None)  # stale: the data just changed
        db.session.execute(select(1))  # the request holds the pool's only connection
        index = retrieval.get_index()
        assert "CAN" in index.names
        db.session.remove()
    with app.app_context():
        db.engine.dispose()
