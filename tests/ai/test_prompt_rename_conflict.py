"""Renaming a prompt template onto another's name is a 409, never the unique index's 500."""

from __future__ import annotations


def test_renaming_a_template_onto_an_existing_name_is_409(client, make_user):
    _user_id, headers = make_user(email="prompts@example.com", is_admin=True)
    body = {"mode": "general", "tone": "helpful", "promptText": "Hello"}
    first = client.post(
        "/api/v1/admin/ai/prompts/", json={**body, "name": "first"}, headers=headers
    )
    second = client.post(
        "/api/v1/admin/ai/prompts/", json={**body, "name": "second"}, headers=headers
    )
    assert first.status_code == 201 and second.status_code == 201
    renamed = client.patch(
        f"/api/v1/admin/ai/prompts/{second.get_json()['id']}/",
        json={"name": "first"},
        headers=headers,
    )
    assert renamed.status_code == 409
    assert renamed.mimetype == "application/problem+json"
