"""schemathesis against the running gunicorn + PostgreSQL + Redis server, not the in-process
app: whatever a client sends — generated from the document, valid or not — answers no 5xx
and what comes back matches the document. Runs last (see conftest): admin examples write
generated records, which must not shape the other tests. Bounded by ``E2E_FUZZ_EXAMPLES``.
"""

from __future__ import annotations

import os

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from e2e.conftest import register

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("E2E_FUZZ_EXAMPLES", "8"))
pytestmark = pytest.mark.fuzz


def fuzz(schema, base_url: str, headers: dict[str, str] | None = None) -> list[str]:
    """Run every operation against the live server; one line per failing operation."""
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20, "the document lost its operations"
    http = requests.Session()  # cookies kept, as a browser would
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:
            response = case.call(base_url=base_url, session=http, headers=headers, timeout=30)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except BaseException as exc:  # noqa: BLE001 - schemathesis raises exception groups
            if isinstance(exc, KeyboardInterrupt):
                raise
            parts = getattr(exc, "exceptions", [exc])
            detail = "; ".join(f"{type(p).__name__}: {str(p)[:300]}" for p in parts)
            failures.append(f"{operation.method.upper()} {operation.path}: {detail}")
    return failures


def test_anonymous_fuzz_cannot_break_the_server(stack, schema):
    assert fuzz(schema, stack.base_url) == []


def test_signed_in_fuzz_cannot_break_the_server(stack, schema, new_client):
    client = new_client("fuzz user")
    register(client)
    assert fuzz(schema, stack.base_url, {"Authorization": f"Bearer {client.token}"}) == []


def test_admin_fuzz_cannot_break_the_server(stack, schema, admin):
    assert fuzz(schema, stack.base_url, {"Authorization": f"Bearer {admin.token}"}) == []
