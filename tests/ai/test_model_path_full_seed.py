"""The figure check on the shipped seed: a model that restates the facts it was given loses
none of them. Every country of ``seed_data/`` is asked about fees, money to show and time on
the model path (the fake OpenAI server in ``grounded`` mode), in every tone and streamed too."""

from __future__ import annotations

import json
from typing import Any

import pytest

from plugins.ai.schemas import TONES
from tests.roadmaps.test_full_seed_roadmaps import full_seed_app  # noqa: F401 - the fixture

QUESTIONS = (
    "How much are the visa fees for {name}?",
    "How much money do I need to show for {name}?",
    "How long does processing take for {name}?",
)


@pytest.fixture(scope="module")
def grounded(full_seed_app: Any):  # noqa: F811 - the imported fixture
    from tests.ai.fake_openai import FakeOpenAI

    with FakeOpenAI(mode="grounded") as fake:
        full_seed_app.config.update(
            OPENAI_API_KEY="sk-test-fake", OPENAI_BASE_URL=fake.base_url, OPENAI_TIMEOUT_SECONDS=5
        )
        yield full_seed_app, fake
    full_seed_app.config["OPENAI_API_KEY"] = None


def _countries(app: Any) -> list[str]:
    from sqlalchemy import select

    from japaguide.extensions import db
    from plugins.countries.models import Country

    with app.app_context():
        return list(db.session.scalars(select(Country.name).where(Country.has_playbook.is_(True))))


def test_restated_facts_are_never_dropped(grounded):
    app, fake = grounded
    names = _countries(app)
    assert len(names) >= 30
    dropped = []
    for number, name in enumerate(names):
        for question in QUESTIONS:
            tone = TONES[number % len(TONES)]
            body = (
                app.test_client()
                .post(
                    "/api/v1/ai/chat/", json={"message": question.format(name=name), "tone": tone}
                )
                .get_json()
            )
            assert body["aiProvider"] == "openai", body
            if body["unverifiedFigures"]:
                dropped.append((name, question, body["unverifiedFigures"]))
    assert dropped == []


def test_restated_facts_stream_whole(grounded):
    app, _ = grounded
    for name in _countries(app)[:8]:
        response = app.test_client().post(
            "/api/v1/ai/chat/",
            json={"message": f"How much are the visa fees for {name}?", "stream": True},
        )
        events = [b for b in response.get_data(as_text=True).split("\n\n") if "event: done" in b]
        done = json.loads(events[0].split("data: ", 1)[1])
        assert done["aiProvider"] == "openai" and done["unverifiedFigures"] == [], name
