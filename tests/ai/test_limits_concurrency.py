"""The AI limits take their slot before the model is called: N concurrent chats can never
exceed them (they used to be checked first and counted after the answer)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from japaguide.extensions import db
from plugins.ai.models import AIRequest

CONCURRENT = 12
LIMIT = 5


def race(calls):
    """Run ``calls`` at the same moment on threads; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def chat(client, index):
    # distinct questions: no call may be a (free) cached answer
    return client.post("/api/v1/ai/chat/", json={"message": f"Germany work visa, case {index}?"})


def paid_calls(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(AIRequest).where(AIRequest.cache_hit.is_(False))
        )


@pytest.fixture
def slow_model(fake_openai):
    """Each model call takes a while, so every request is in flight at once."""
    fake_openai.delay = 0.4
    return fake_openai


class TestPerOwner:
    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "RATELIMIT_AI": f"{LIMIT}/hour",
            "RATELIMIT_AI_PER_ADDRESS": "1000/hour",
        }

    def test_concurrent_chats_on_one_session_pass_exactly_the_limit(
        self, app, client, seeded, slow_model
    ):
        assert client.post("/api/v1/session/save/").status_code == 200  # the session exists
        cookie = client.get_cookie("japaguide_session").value
        tabs = []
        for _ in range(CONCURRENT):
            tab = app.test_client()
            tab.set_cookie("japaguide_session", cookie)
            tabs.append(tab)
        responses = race([lambda t=t, i=i: chat(t, i) for i, t in enumerate(tabs)])
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * LIMIT + [429] * (CONCURRENT - LIMIT)
        assert paid_calls(app) == LIMIT
        assert all(int(r.headers["Retry-After"]) > 0 for r in responses if r.status_code == 429)

    def test_a_cached_answer_gives_its_slot_back(self, client, seeded):
        first = chat(client, 0)
        assert first.status_code == 200 and first.get_json()["cached"] is False
        for _ in range(LIMIT + 2):  # cache hits are free
            again = chat(client, 0)
            assert again.status_code == 200 and again.get_json()["cached"] is True
        statuses = [chat(client, i).status_code for i in range(1, LIMIT + 1)]
        assert statuses == [200] * (LIMIT - 1) + [429]


class TestPerAddress:
    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "RATELIMIT_AI": "1000/hour",
            "RATELIMIT_AI_PER_ADDRESS": f"{LIMIT}/hour",
        }

    def test_concurrent_cookieless_chats_pass_exactly_the_address_cap(
        self, app, seeded, slow_model
    ):
        browsers = [app.test_client() for _ in range(CONCURRENT)]  # a new session each
        responses = race([lambda b=b, i=i: chat(b, i) for i, b in enumerate(browsers)])
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * LIMIT + [429] * (CONCURRENT - LIMIT)
        assert paid_calls(app) == LIMIT
