"""Input no column or parser can hold is a 400 problem naming the field, on every endpoint
(PostgreSQL refuses NUL and lone surrogates; deep JSON exhausts the parser): never a 500."""

from __future__ import annotations

import pytest

NUL_REASON = "NUL byte or an unpaired UTF-16 surrogate"


def problem_fields(response):
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()["errors"]


@pytest.mark.parametrize(
    "url", ["/api/v1/countries/?search=%00", "/api/v1/countries/?region=a%00b"]
)
def test_nul_in_a_query_parameter_is_refused(client, url):
    errors = problem_fields(client.get(url))
    assert NUL_REASON in next(iter(errors.values()))[0]


def test_nul_in_the_login_email_is_refused(client):
    response = client.post("/api/v1/auth/login/", json={"email": "a\x00@b.c", "password": "x"})
    assert "email" in problem_fields(response)


def test_lone_surrogate_in_a_chat_message_is_refused(client):
    response = client.post(
        "/api/v1/ai/chat/", data='{"message": "hi \\ud800"}', content_type="application/json"
    )
    assert "message" in problem_fields(response)


def test_nul_deep_in_a_profile_is_refused_and_changes_nothing(client, seeded):
    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={"country": "CAN", "goal": "work", "profile": {"skills": ["python", "sql\x00"]}},
    )
    assert "profile.skills.1" in problem_fields(response)
    assert client.get("/api/v1/roadmaps/").get_json()["count"] == 0
    assert client.get_cookie("japaguide_session") is None


def test_json_nested_thousands_deep_is_refused(client):
    deep = "[" * 5000 + "]" * 5000
    response = client.post("/api/v1/ai/chat/", data=deep, content_type="application/json")
    assert "_body" in problem_fields(response)
    nested = '{"message": "hi", "x": ' + "[" * 40 + "]" * 40 + "}"
    response = client.post("/api/v1/ai/chat/", data=nested, content_type="application/json")
    assert "_body" in problem_fields(response)


@pytest.mark.parametrize("target", ["9999-12-31", "0001-01-01"])
def test_timeline_dates_outside_the_documented_range_are_refused(client, seeded, target):
    roadmap = client.post(
        "/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"}
    ).get_json()
    response = client.post(
        "/api/v1/timeline/create/", json={"roadmapId": roadmap["id"], "targetDate": target}
    )
    assert "targetDate" in problem_fields(response)


def test_analytics_dates_outside_the_range_are_refused(client, make_user):
    _, headers = make_user(email="root@example.com", is_admin=True)
    response = client.get("/api/v1/admin/analytics/?from=0001-01-01", headers=headers)
    assert "from" in problem_fields(response)


def test_profile_lists_are_capped_below_what_prompts_hold(client, seeded):
    response = client.post(
        "/api/v1/ai/chat/",
        json={"message": "Canada?", "context": {"userProfile": {"skills": ["x" * 100] * 51}}},
    )
    assert "context" in problem_fields(response)


def test_the_largest_profile_allowed_still_works_everywhere(client, seeded):
    profile = {
        "educationLevel": "master",
        "fieldOfStudy": "f" * 200,
        "currentJobTitle": "j" * 200,
        "skills": [f"{i:03d}" + "s" * 97 for i in range(50)],
        "languages": [f"{i:02d}" + "l" * 58 for i in range(20)],
        "preferredClimate": "c" * 40,
    }
    chat = client.post(
        "/api/v1/ai/chat/", json={"message": "Canada work?", "context": {"userProfile": profile}}
    )
    assert chat.status_code == 200, chat.get_data(as_text=True)
    compare = client.post(
        "/api/v1/ai/compare/", json={"left": "CAN", "right": "DEU", "userProfile": profile}
    )
    assert compare.status_code == 200, compare.get_data(as_text=True)
    roadmap = client.post(
        "/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work", "profile": profile}
    )
    assert roadmap.status_code == 201, roadmap.get_data(as_text=True)
    roadmap.close()  # the inline enrichment job runs once the response is sent
    shown = client.get(f"/api/v1/roadmaps/{roadmap.get_json()['id']}/").get_json()
    assert shown["aiEnrichmentStatus"] in {"done", "fallback"}


def test_a_nameless_multipart_part_is_not_a_500(client, make_user):
    _, headers = make_user(email="root@example.com", is_admin=True)
    body = (
        b"--b\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n"
        b'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\na\x00b\r\n--b--\r\n'
    )
    response = client.post(
        "/api/v1/admin/countries/CAN/images/",
        data=body,
        headers={**headers, "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 400, response.get_data(as_text=True)
