"""The journal through the HTTP API: ownership, the roadmap hook, the CLI group, disabling."""

from japaguide import create_app


def test_an_anonymous_owner_writes_and_reads_entries(client, other_client):
    made = client.post("/api/v1/journal/", json={"text": "Booked my IELTS."})
    assert made.status_code == 201, made.get_data(as_text=True)
    entry = made.get_json()
    assert entry["text"] == "Booked my IELTS." and entry["isAnonymous"] is True
    assert [e["id"] for e in client.get("/api/v1/journal/").get_json()] == [entry["id"]]
    # Another browser sees nothing of it, and cannot read or delete it.
    assert other_client.get("/api/v1/journal/").get_json() == []
    assert other_client.get(f"/api/v1/journal/{entry['id']}/").status_code == 404
    assert other_client.delete(f"/api/v1/journal/{entry['id']}/").status_code == 404
    assert client.delete(f"/api/v1/journal/{entry['id']}/").status_code == 204
    assert client.get("/api/v1/journal/").get_json() == []


def test_bad_input_is_a_problem_and_changes_nothing(client):
    response = client.post("/api/v1/journal/", json={"text": ""})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert client.get("/api/v1/journal/").get_json() == []


def test_a_signed_in_owner_keeps_entries_apart(client, make_user):
    _user_id, headers = make_user(email="chidi@example.com")
    client.post("/api/v1/journal/", json={"text": "anonymous note"})
    client.post("/api/v1/journal/", json={"text": "account note"}, headers=headers)
    mine = client.get("/api/v1/journal/", headers=headers).get_json()
    assert [e["text"] for e in mine] == ["account note"]
    assert mine[0]["isAnonymous"] is False


def test_a_full_journal_is_a_conflict(app, client):
    app.config["JAPA_JOURNAL_MAX_ENTRIES"] = 1
    assert client.post("/api/v1/journal/", json={"text": "one"}).status_code == 201
    response = client.post("/api/v1/journal/", json={"text": "two"})
    assert response.status_code == 409
    assert len(client.get("/api/v1/journal/").get_json()) == 1


def test_a_generated_roadmap_writes_an_entry(client, seeded):
    made = client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    assert made.status_code == 201, made.get_data(as_text=True)
    roadmap_id = made.get_json()["id"]
    entries = client.get("/api/v1/journal/").get_json()
    assert [(e["roadmapId"], e["text"]) for e in entries] == [
        (roadmap_id, f"Generated roadmap #{roadmap_id}.")
    ]


def test_health_reports_the_journal(client):
    body = client.get("/api/v1/health").get_json()
    assert body["japaJournal"] == {"status": "ok"}
    plugin = next(p for p in body["plugins"] if p["name"] == "japa_journal")
    assert plugin["status"] == "ok" and plugin["hookFailures"] == {}


def test_commands_live_under_the_plugin_group(runner, client):
    client.post("/api/v1/journal/", json={"text": "x"})
    result = runner.invoke(args=["japa-journal", "stats"])
    assert result.exit_code == 0, result.output
    assert '"entries": 1' in result.output
    # cli_top_level=False: no bare `flask stats`.
    assert runner.invoke(args=["stats"]).exit_code != 0


def test_disabled_the_app_runs_without_it(app_config, japaguide_plugins):
    app = create_app(
        {**app_config, "JAPAGUIDE_DISABLED_PLUGINS": ["japa_journal"]}, plugins=japaguide_plugins
    )
    browser = app.test_client()
    assert browser.get("/api/v1/journal/").status_code == 404
    health = browser.get("/api/v1/health")
    assert health.status_code == 200
    assert "japa_journal" not in [p["name"] for p in health.get_json()["plugins"]]
