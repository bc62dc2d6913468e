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

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("JAPAGUIDE_FUZZ_EXAMPLES", "12"))


def fuzz(app, headers: dict[str, str] | None = None) -> list[str]:
    """Run every operation; return one line per failing operation."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20, "the document lost its operations"
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
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except BaseException as exc:  # noqa: BLE001 — schemathesis raises exception groups
            if isinstance(exc, KeyboardInterrupt):
                raise
            parts = getattr(exc, "exceptions", [exc])
            detail = "; ".join(f"{type(p).__name__}: {str(p)[:300]}" for p in parts)
            failures.append(f"{operation.method.upper()} {operation.path}: {detail}")
    return failures


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
