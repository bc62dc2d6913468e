"""Fuzz every operation of the OpenAPI document with schemathesis: the project's contract check.

One loop for every place that runs it — the in-process suite (``tests/test_openapi_fuzz.py``),
the end-to-end suite against the running gunicorn server (``e2e/test_openapi_fuzz.py``) and a
third-party plugin's own tests — so they cannot drift apart. Whatever a client sends, generated
from the document, must answer no 5xx, and what comes back must match the document (status,
content type, headers, body). Needs schemathesis (a development dependency).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
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
#: Fewer operations than this means the document lost its paths (a plugin failed to mount).
MIN_OPERATIONS = 20


def fuzz_operations(schema: Any, call: Callable[[Any], Any], *, examples: int) -> list[str]:
    """Run ``examples`` derandomised cases of every operation through ``call(case)``.

    Returns one line per failing operation (empty when the contract holds), so a test can
    assert ``== []`` and see every failure at once rather than the first.
    """
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > MIN_OPERATIONS, "the document lost its operations"
    for operation in operations:

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.validate_response(call(case), checks=CHECKS)

        try:
            check()
        except BaseException as exc:  # noqa: BLE001 - schemathesis raises exception groups
            if isinstance(exc, KeyboardInterrupt):
                raise
            parts = getattr(exc, "exceptions", [exc])
            detail = "; ".join(f"{type(p).__name__}: {str(p)[:300]}" for p in parts)
            failures.append(f"{operation.method.upper()} {operation.path}: {detail}")
    return failures
