"""Property-based fuzzing of every operation in our own OpenAPI document (schemathesis).

Whatever a client sends — generated from the document, valid or not — the API must never
answer 5xx, and what it answers must match the document: status codes, content types,
headers and response bodies. Bounded (a few examples per operation, derandomised) so the
suite stays fast and repeatable; raise ``JAPAGUIDE_FUZZ_EXAMPLES`` to dig deeper locally.
"""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")

from japaguide.contract_fuzz import fuzz_operations  # noqa: E402

EXAMPLES = int(os.environ.get("JAPAGUIDE_FUZZ_EXAMPLES", "12"))


def fuzz(app, headers: dict[str, str] | None = None) -> list[str]:
    """Run every operation in-process; return one line per failing operation."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return fuzz_operations(schema, lambda case: case.call(headers=headers), examples=EXAMPLES)


@pytest.fixture
def app_config(app_config):
    # Limits would turn later examples into 429s and hide what the handlers do.
    return {**app_config, "RATELIMIT_ENABLED": False}


def test_anonymous_clients_cannot_break_the_api_or_the_contract(app, seeded):
    assert fuzz(app) == []


def test_signed_in_clients_cannot_break_the_api_or_the_contract(app, seeded, make_user):
    _user_id, headers = make_user(email="fuzz@example.com")
    assert fuzz(app, headers) == []


def test_admins_cannot_break_the_api_or_the_contract(app, seeded, make_user):
    _user_id, headers = make_user(email="root@example.com", is_admin=True)
    assert fuzz(app, headers) == []
