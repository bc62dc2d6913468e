"""Fixtures of the AI plugin's tests: the fake OpenAI-compatible server (a test double)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ai.fake_openai import FakeOpenAI


@pytest.fixture
def fake_openai(app: Any) -> Iterator[FakeOpenAI]:
    """A local OpenAI-compatible server; the app is switched to the openai provider."""
    with FakeOpenAI() as fake:
        app.config.update(
            OPENAI_API_KEY="sk-test-fake", OPENAI_BASE_URL=fake.base_url, OPENAI_TIMEOUT_SECONDS=1.5
        )
        yield fake
