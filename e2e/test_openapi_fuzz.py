"""schemathesis against the running gunicorn + PostgreSQL + Redis server, not the in-process
app: whatever a client sends — generated from the document, valid or not — answers no 5xx
and what comes back matches the document. Runs last (see conftest): admin examples write
generated records, which must not shape the other tests. Bounded by ``E2E_FUZZ_EXAMPLES``.

The strict run (``test_openapi_contract.py``, ``--checks all``) covers every check made here
with many more examples, so this quick pass runs only when the strict run is switched off
(``E2E_CONTRACT=0``, a quick local run): in CI the same stack is not fuzzed twice.
"""

from __future__ import annotations

import os

import pytest
import requests

from e2e.conftest import register
from japaguide.contract_fuzz import fuzz_operations

EXAMPLES = int(os.environ.get("E2E_FUZZ_EXAMPLES", "8"))
pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(
        os.environ.get("E2E_CONTRACT") != "0",
        reason="the strict contract run (test_openapi_contract.py) covers these checks",
    ),
]


def fuzz(schema, base_url: str, headers: dict[str, str] | None = None) -> list[str]:
    """Run every operation against the live server; one line per failing operation."""
    http = requests.Session()  # cookies kept, as a browser would

    def call(case):
        return case.call(base_url=base_url, session=http, headers=headers, timeout=30)

    return fuzz_operations(schema, call, examples=EXAMPLES)


def test_anonymous_fuzz_cannot_break_the_server(stack, schema):
    assert fuzz(schema, stack.base_url) == []


def test_signed_in_fuzz_cannot_break_the_server(stack, schema, new_client):
    client = new_client("fuzz user")
    register(client)
    assert fuzz(schema, stack.base_url, {"Authorization": f"Bearer {client.token}"}) == []


def test_admin_fuzz_cannot_break_the_server(stack, schema, admin):
    assert fuzz(schema, stack.base_url, {"Authorization": f"Bearer {admin.token}"}) == []
