"""Every error class is application/problem+json with the right status."""

import pytest

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"] and body["detail"]
    return body


def test_validation_error_names_the_fields(client):
    body = assert_problem(client.post("/api/v1/notes/", json={"text": ""}), 400)
    assert "text" in body["errors"]


def test_unknown_field_is_rejected(client):
    body = assert_problem(client.post("/api/v1/notes/", json={"text": "a", "evil": 1}), 400)
    assert "evil" in body["errors"]


def test_snake_case_alias_is_accepted(client):
    response = client.post("/api/v1/notes/", json={"text": "a", "country_code": "deu"})
    assert response.status_code == 201
    assert response.get_json()["countryCode"] == "DEU"


def test_country_code_checked_against_iso(client):
    body = assert_problem(
        client.post("/api/v1/notes/", json={"text": "a", "countryCode": "XXX"}), 400
    )
    assert "countryCode" in body["errors"]


@pytest.mark.parametrize("amount", [-1, "abc", 1e12, True, "NaN"])
def test_money_rejects_bad_amounts(client, amount):
    body = assert_problem(
        client.post("/api/v1/notes/", json={"text": "a", "amountUsd": amount}), 400
    )
    assert "amountUsd" in body["errors"]


def test_money_rounds_to_cents(client):
    response = client.post("/api/v1/notes/", json={"text": "a", "amountUsd": "10.005"})
    assert response.get_json()["amountUsd"] == 10.01


def test_malformed_json(client):
    response = client.post("/api/v1/notes/", data="{not json", content_type="application/json")
    body = assert_problem(response, 400)
    assert "JSON" in body["detail"]


def test_wrong_content_type(client):
    assert_problem(client.post("/api/v1/notes/", data="text=a", content_type="text/plain"), 415)


def test_action_endpoint_accepts_no_body(client):
    assert client.post("/api/v1/session/save/").status_code == 200


def test_bad_token_is_401(client):
    response = client.get("/api/v1/notes/", headers={"Authorization": "Bearer not.a.token"})
    assert_problem(response, 401)


def test_alg_none_token_is_401(client):
    import base64
    import json

    def b64(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64({'sub': '1', 'type': 'access'})}."
    assert_problem(client.get("/api/v1/notes/", headers={"Authorization": f"Bearer {token}"}), 401)


def test_unknown_route_is_404(client):
    assert_problem(client.get("/api/v1/nowhere"), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/api/v1/session/status/")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_oversized_body_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = client.post("/api/v1/notes/", json={"text": "x" * 500})
    assert_problem(response, 413)


def test_conflict_problem(client):
    assert_problem(client.get("/api/v1/notes/conflict"), 409)


def test_500_leaks_nothing(client):
    response = client.get("/api/v1/notes/boom")
    body = assert_problem(response, 500)
    assert "hunter2" not in response.get_data(as_text=True)
    assert "Traceback" not in body["detail"]


def test_huge_path_id_is_404_not_500(client):
    assert_problem(client.get("/api/v1/notes/99999999999999999999"), 404)
