"""Every answer of the link flow — previews, choices, 409/410/429 problems — matches the
OpenAPI document (the e2e suite's client holds the live server to the same document)."""

from __future__ import annotations

import pytest

from tests.session.links import RESTORE, mail_link

schemathesis = pytest.importorskip("schemathesis")


def test_the_link_flow_matches_the_openapi_document(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    def conforms(method: str, path: str, response) -> None:
        schema[f"/api/v1{path}"][method].validate_response(response)

    attacker, victim = app.test_client(), app.test_client()
    attacker.post("/api/v1/notes/", json={"text": "bait"})
    victim.post("/api/v1/notes/", json={"text": "mine"})
    token = mail_link(attacker, app)
    conforms("GET", "/session/restore/", victim.get(RESTORE, query_string={"token": token}))
    needs_choice = victim.post(RESTORE, json={"token": token})
    assert needs_choice.status_code == 409
    conforms("POST", "/session/restore/", needs_choice)
    merged = victim.post(RESTORE, json={"token": token, "choice": "merge"})
    assert merged.status_code == 200
    conforms("POST", "/session/restore/", merged)
    used = victim.post(RESTORE, json={"token": token, "choice": "merge"})
    assert used.status_code == 410
    conforms("POST", "/session/restore/", used)
    conforms("GET", "/session/restore/", victim.get(RESTORE, query_string={"token": token}))
    answers = [
        attacker.post("/api/v1/session/email/", json={"email": f"p{n}@example.com"})
        for n in range(5)
    ]
    assert answers[-1].status_code == 429
    for answer in answers:
        conforms("POST", "/session/email/", answer)
