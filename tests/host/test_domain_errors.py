"""Services speak the domain; the error layer alone speaks HTTP.

A service raises ``NotFound``, ``InvalidField("snake_case_field", …)``, ``Conflict`` …; the
error layer answers the problem document the API has always sent, field names camelCased.
"""

from __future__ import annotations

from typing import Any

import pytest

from japaguide import create_app
from japaguide.api import Blueprint
from japaguide.errors import (
    Conflict,
    DomainError,
    Gone,
    InvalidField,
    NotFound,
    RuleViolation,
    TooManyAttempts,
)
from japaguide.plugins import Plugin, discover_plugins
from tests.host.import_scan import imports_of, python_files

RAISED = {
    "invalid": InvalidField("visa_type_id", "Not one of this country's visa routes."),
    "explained": InvalidField("difficulty_min", "Too high.", detail="difficultyMin is high."),
    "rule": RuleViolation("target_date", "Must be after startDate."),
    "conflict": Conflict("Taken.", fields={"email": "Already registered."}, extra={"x": 1}),
    "gone": Gone("Used.", title="Link no longer usable", problem="link-used"),
    "slow_down": TooManyAttempts("Wait.", retry_after_seconds=90),
    "missing": NotFound("No such thing."),
}


@pytest.fixture
def probe_app(app_config: dict[str, Any]) -> Any:
    def blueprints() -> list[tuple[Blueprint, str]]:
        bp = Blueprint("domain_probe", __name__)

        @bp.route("/<name>/", methods=["GET"])
        def raise_it(name: str) -> Any:
            raise RAISED[name]

        return [(bp, "/domain-probe")]

    probe = Plugin(name="domain_probe", version="1", blueprints=blueprints)
    return create_app(app_config, plugins=[*discover_plugins(), probe])


def _get(app: Any, name: str) -> tuple[int, dict[str, Any], Any]:
    response = app.test_client().get(f"/api/v1/domain-probe/{name}/")
    assert response.mimetype == "application/problem+json"
    return response.status_code, response.get_json(), response.headers


def test_invalid_field_is_the_validation_problem_with_a_camelcase_field(probe_app):
    status, body, _ = _get(probe_app, "invalid")
    assert status == 400
    assert body == {
        "type": "https://japaguide.dev/problems/validation-error",
        "title": "Validation failed",
        "status": 400,
        "detail": "Invalid input in: visaTypeId.",
        "instance": "/api/v1/domain-probe/invalid/",
        "errors": {"visaTypeId": ["Not one of this country's visa routes."]},
    }


def test_an_explained_refusal_keeps_the_plain_bad_request_problem(probe_app):
    status, body, _ = _get(probe_app, "explained")
    assert (status, body["type"], body["title"]) == (
        400,
        "https://japaguide.dev/problems/bad-request",
        "Bad Request",
    )
    assert body["detail"] == "difficultyMin is high."
    assert body["errors"] == {"difficultyMin": ["Too high."]}


def test_each_domain_error_has_its_status_and_shape(probe_app):
    status, body, _ = _get(probe_app, "rule")
    assert status == 422 and body["type"].endswith("/rule-violation")
    assert body["errors"] == {"targetDate": ["Must be after startDate."]}
    assert body["detail"] == "Not possible as asked: targetDate."
    status, body, _ = _get(probe_app, "conflict")
    assert status == 409 and body["type"].endswith("/conflict") and body["x"] == 1
    assert body["errors"] == {"email": ["Already registered."]}
    status, body, _ = _get(probe_app, "gone")
    assert (status, body["title"], body["type"]) == (
        410,
        "Link no longer usable",
        "https://japaguide.dev/problems/link-used",
    )
    status, body, headers = _get(probe_app, "slow_down")
    assert status == 429 and headers["Retry-After"] == "90"
    status, body, _ = _get(probe_app, "missing")
    assert status == 404 and body["detail"] == "No such thing." and "errors" not in body


def test_services_raise_domain_errors_without_a_request(app):
    """A CLI command or a job calls a service and catches what it means, no HTTP involved."""
    from plugins.countries.services import get_country

    with app.app_context():
        with pytest.raises(NotFound) as missing:
            get_country("ZZZ")
        assert missing.value.status == 404 and "ZZZ" in missing.value.detail
        assert isinstance(missing.value, DomainError)
        assert not hasattr(missing.value, "code")  # not a werkzeug HTTPException


HTTP_NAMES = {
    "flask": {"request", "session", "abort", "make_response", "jsonify"},
    "japaguide.errors": {"APIError", "validation_error", "rule_error", "problem_response"},
    "werkzeug.exceptions": None,  # anything
}


def test_plugin_services_import_nothing_of_http():
    found = []
    for path in python_files("plugins", "examples"):
        if path.name != "services.py":
            continue
        for imp in imports_of(path):
            banned = HTTP_NAMES.get(imp.module, set())
            names = set(imp.names) if banned is not None else {imp.module}
            hit = names if banned is None else names & banned
            if hit:
                found.append(f"{imp.where()}: {imp.module} {sorted(hit)}")
    assert not found, "services speak the domain, not HTTP:\n" + "\n".join(found)
