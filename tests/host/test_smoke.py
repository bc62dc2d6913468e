def test_health_reports_database_and_plugins(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"]["status"] == "ok"
    assert any(p["name"] == "session" for p in body["plugins"])


def test_session_status_and_save(client):
    status = client.get("/api/v1/session/status/").get_json()
    assert status["sessionStarted"] is False
    saved = client.post("/api/v1/session/save/")
    assert saved.status_code == 200, saved.get_data(as_text=True)
    body = saved.get_json()
    assert body["isAnonymous"] is True
    assert body["expiresInDays"] == 30
    again = client.get("/api/v1/session/status/").get_json()
    assert again["sessionStarted"] is True
    assert again["createdAt"] == body["createdAt"]
