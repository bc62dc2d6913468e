"""The hostile-input battery (issue 12) against the production stack: no input answers 5xx.

The security test that found 56 × 500 in 585 hostile requests ran against gunicorn +
PostgreSQL, where a NUL byte or a lone surrogate reaches the driver and a number past a
column's range reaches the database; SQLite accepts both, so only this stack proves the edge
holds. Every valid body below is mutated one field at a time (strings, numbers, dates, nested
profiles), every query parameter and path value gets the same treatment, and whole bodies are
malformed (deep nesting, huge, not UTF-8). Each answer must be a 4xx problem document or a
success — never a 5xx (the client fails on one at once, and the suite fails on any 5xx in
gunicorn's access log or a traceback in the worker's log).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from e2e.client import ApiClient

#: Text no column holds, text that tries the layers below, and text too long for anything.
HOSTILE_TEXT = [
    "a\x00b",
    "\ud800",  # a lone surrogate: json.dumps escapes it as \\ud800, valid JSON, invalid text
    "\udfff tail",
    "x" * 100_000,
    "' OR 1=1; --",
    "{{ 1/0 }}{% for x in range(10**9) %}{% endfor %}",
    "../../../../etc/passwd",
    "\u202egnp.exe",
    "%00%ff",
]
HOSTILE_NUMBERS: list[Any] = [-1, 0, 2**31, 2**63, 10**30, 1e308, -1e308, 0.5, True, "12", None]
HOSTILE_DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2026-02-30", "2026-13-01", "today"]
HOSTILE_SHAPES: list[Any] = [[], {}, [1, 2], {"$gt": ""}, "[]"]


def mutations(value: Any) -> Iterator[Any]:
    """What a field holding ``value`` is sent instead of it."""
    if isinstance(value, bool) or value is None:
        yield from HOSTILE_NUMBERS
        yield from HOSTILE_SHAPES
    elif isinstance(value, int | float):
        yield from HOSTILE_NUMBERS
        yield from HOSTILE_SHAPES[:2]
    elif isinstance(value, str) and len(value) == 10 and value[4] == "-":
        yield from HOSTILE_DATES
        yield from HOSTILE_TEXT[:3]
    elif isinstance(value, str):
        yield from HOSTILE_TEXT
        yield from HOSTILE_SHAPES[:2]
    elif isinstance(value, list):
        yield [HOSTILE_TEXT[0]] * 3
        yield ["x"] * 10_000
        yield [{}]
    elif isinstance(value, dict):
        yield {"\x00": 1}
        yield {"\ud800": "x"}
        yield []


def variants(body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``body`` with one field (at any depth) replaced by each of its mutations."""
    for key, value in body.items():
        for replacement in mutations(value):
            yield {**body, key: replacement}
        if isinstance(value, dict):
            for inner in variants(value):
                yield {**body, key: inner}
    yield {**body, "\x00extra": 1}


def send(client: ApiClient, method: str, template: str, **kwargs: Any) -> int:
    """One hostile call: never a 5xx (the client raises), a refusal is a problem document."""
    response = client.call(method, template, validate=False, **kwargs)
    # 413/414/431 may come from gunicorn itself, before the app (its own HTML page).
    if 400 <= response.status_code < 500 and response.status_code not in (404, 413, 414, 431):
        assert response.headers["Content-Type"].startswith("application/problem+json"), (
            f"{method} {template} → {response.status_code} {response.headers['Content-Type']}"
        )
    return response.status_code


def raw(client: ApiClient, method: str, template: str, data: bytes, **kwargs: Any) -> int:
    headers = {"Content-Type": "application/json"}
    return send(client, method, template, data=data, headers=headers, **kwargs)


PROFILE = {
    "educationLevel": "bachelor",
    "fieldOfStudy": "Computer science",
    "yearsExperience": 4,
    "budgetUsd": 20000,
    "targetMoveDate": "2027-09-01",
    "skills": ["python"],
    "languages": ["English"],
    "numDependents": 1,
}


@pytest.fixture
def owned(anon: ApiClient) -> dict[str, Any]:
    """A roadmap (with steps) and an estimate of ``anon``'s, for path values and bodies."""
    roadmap = anon.post(
        "/roadmaps/generate/", json={"country": "CAN", "goal": "work"}, expect=201
    ).json()
    estimate = anon.post(
        "/calc/estimate/", json={"country": "CAN", "durationMonths": 12}, expect=201
    ).json()
    return {"roadmap": roadmap, "step": roadmap["steps"][0], "estimate": estimate}


def test_no_body_field_answers_5xx(anon: ApiClient, owned: dict[str, Any]) -> None:
    rid, sid = owned["roadmap"]["id"], owned["step"]["id"]
    bodies: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
        (
            "POST",
            "/roadmaps/generate/",
            {
                "country": "CAN",
                "goal": "work",
                "visaTypeId": "",
                "aiTone": "bestie",
                "profile": PROFILE,
            },
            {},
        ),
        (
            "POST",
            "/calc/estimate/",
            {
                "country": "GBR",
                "city": "London",
                "visaType": "student",
                "durationMonths": 12,
                "numDependents": 1,
                "withPartner": True,
                "currency": "NGN",
                "inputs": {"tuitionYearly": 20000, "bufferPercentage": 10},
                "profile": PROFILE,
            },
            {},
        ),
        (
            "POST",
            "/ai/chat/",
            {
                "message": "How much do I need for Canada?",
                "tone": "uncle_japa",
                "context": {"countryCode": "CAN", "userProfile": PROFILE},
            },
            {},
        ),
        ("POST", "/ai/compare/", {"left": "CAN", "right": "DEU", "tone": "helpful"}, {}),
        (
            "POST",
            "/timeline/create/",
            {"roadmapId": rid, "startDate": "2027-01-04", "targetDate": "2028-01-03"},
            {},
        ),
        (
            "PATCH",
            "/roadmaps/{roadmap_id}/",
            {"title": "My plan", "status": "active"},
            {"roadmap_id": rid},
        ),
        (
            "POST",
            "/roadmaps/{roadmap_id}/steps/{step_id}/complete/",
            {"notes": "done"},
            {"roadmap_id": rid, "step_id": sid},
        ),
        (
            "POST",
            "/roadmaps/{roadmap_id}/steps/{step_id}/block/",
            {"reason": "waiting"},
            {"roadmap_id": rid, "step_id": sid},
        ),
        ("POST", "/auth/login/", {"email": "nobody@example.com", "password": "x" * 12}, {}),
        ("POST", "/session/restore/", {"token": "abc.def", "choice": "merge"}, {}),
    ]
    sent = 0
    for method, template, body, path in bodies:
        for variant in variants(body):
            send(anon, method, template, json=variant, **path)
            sent += 1
    assert sent > 400


def test_no_account_or_admin_field_answers_5xx(user: ApiClient, admin: ApiClient) -> None:
    me = {
        "fullName": "Ada",
        "bio": "Nurse in Lagos",
        "countryOfOrigin": "NGA",
        "currentCountry": "NGA",
        "profile": PROFILE,
    }
    for variant in variants(me):
        send(user, "PATCH", "/auth/me/", json=variant)
    template = {
        "name": "e2e hostile",
        "description": "battery",
        "promptText": "Answer kindly.",
        "temperature": 0.5,
        "maxTokens": 500,
        "isActive": False,
    }
    for variant in variants(template):
        send(admin, "POST", "/admin/ai/prompts/", json=variant)
    for attack in (
        "{{ 1/0 }}",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "{{ 'a'.ljust(300000000) }}",
        "{{ '%999999999s' % 'a' }}",
        "{% for i in range(10**8) %}{{ i }}{% endfor %}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    ):
        status = send(admin, "POST", "/admin/ai/prompts/", json={**template, "promptText": attack})
        assert status in (400, 422), attack
    for records in ([{"code": "C\x00N"}], [{"code": "CAN", "name": "x" * 100_000}], [[]], [1]):
        send(admin, "POST", "/admin/import/countries/", json=records)
        send(admin, "POST", "/admin/import/visa-types/", json=records, params={"country": "CAN"})


def test_no_query_or_path_value_answers_5xx(anon: ApiClient, admin: ApiClient) -> None:
    # A URL carries bytes, not code points: a lone surrogate cannot be put in one (its
    # percent-encoded UTF-8 form, %ED%A0%80, is among the path values below).
    url_text = [text for text in HOSTILE_TEXT if not any(0xD800 <= ord(c) <= 0xDFFF for c in text)]
    for parameter in ("region", "search", "sort", "difficulty", "rentMin", "page", "pageSize"):
        for value in [*url_text, "-1", "1e309", "99999999999999999999", ""]:
            send(anon, "GET", "/countries/", params={parameter: value})
    for value in [*url_text, "", "%ED%A0%80"]:
        send(anon, "GET", "/session/restore/", params={"token": value})
        send(anon, "GET", "/countries/", params={value: "1"})
    for date in HOSTILE_DATES:
        send(admin, "GET", "/admin/analytics/", params={"from": date})
    for value in ("%00", "%ED%A0%80", "C%00N", "x" * 5000, "..%2F..", "-1"):
        send(anon, "GET", f"/countries/{value}/")
        send(anon, "GET", f"/countries/{value}/visa-types/")
    for value in ("0", "-1", "99999999999999999999", "1%00", "1.5"):
        send(anon, "GET", f"/roadmaps/{value}/")
        send(anon, "GET", f"/visas/{value}/")
        send(anon, "GET", f"/calc/estimates/{value}/")
        send(anon, "GET", f"/timeline/{value}/")


def test_no_malformed_body_answers_5xx(anon: ApiClient) -> None:
    deep = ("[" * 5000 + "]" * 5000).encode()
    deep_object = ('{"a":' * 2000 + "1" + "}" * 2000).encode()
    bodies = [
        deep,
        deep_object,
        b"\xff\xfe not utf-8",
        b'\xef\xbb\xbf{"country": "CAN", "goal": "work"}',
        b'{"country": "CAN", "country": "DEU", "goal": "work"}',
        b'{"country": NaN, "goal": Infinity}',
        b"",
        b"null",
        b'"just text"',
        json.dumps(
            {"country": "CAN", "goal": "work", "profile": {"skills": ["x"] * 100_000}}
        ).encode(),
    ]
    for data in bodies:
        for template in ("/roadmaps/generate/", "/calc/estimate/", "/ai/chat/"):
            raw(anon, "POST", template, data)
    # Past MAX_CONTENT_LENGTH (2 MB) the server may answer 413 before reading the body and
    # close the connection while the client is still sending: either is a refusal, not a 5xx
    # (which the access log would show).
    # On a connection of its own: one the server closed early must not be reused by the client.
    huge = b'{"country": "CAN", "goal": "work"' + b" " * 3_000_000 + b"}"
    try:
        status = requests.post(
            f"{anon.base_url}/api/v1/roadmaps/generate/",
            data=huge,
            headers={"Content-Type": "application/json"},
            timeout=60,
        ).status_code
    except requests.ConnectionError:
        status = 413
    assert status == 413
    assert send(anon, "POST", "/ai/chat/", data=b"{}", headers={"Content-Type": "text/plain"}) in (
        400,
        415,
    )
