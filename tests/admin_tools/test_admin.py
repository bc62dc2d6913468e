"""Editors and operators: admin sign-in (CSRF), views, analytics, admin JSON API, CLI."""

import re

import pytest

PASSWORD = "curate with care 42"


@pytest.fixture
def admin_user(app, runner):
    result = runner.invoke(args=["create-admin", "Editor@Example.com", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "created admin editor@example.com" in result.output
    return "editor@example.com"


def csrf(html):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def sign_in(client, email, password=PASSWORD):
    page = client.get("/admin/login/").get_data(as_text=True)
    return client.post(
        "/admin/login/", data={"email": email, "password": password, "csrf_token": csrf(page)}
    )


def test_admin_is_closed_until_sign_in(client, admin_user):
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/login/")
    assert client.get("/admin/country/").status_code == 302


def test_sign_in_needs_csrf_and_an_admin(client, app, admin_user, make_user):
    no_csrf = client.post("/admin/login/", data={"email": admin_user, "password": PASSWORD})
    assert no_csrf.status_code == 401
    assert sign_in(client, admin_user, "wrong password!").status_code == 401
    client.post(
        "/api/v1/auth/register/",
        json={"email": "user@example.com", "password": "a long pass phrase"},
    )
    assert sign_in(client, "user@example.com", "a long pass phrase").status_code == 401
    ok = sign_in(client, admin_user)
    assert ok.status_code == 302
    home = client.get("/admin/")
    assert home.status_code == 200 and "Sign out" in home.get_data(as_text=True)


def test_logout(client, admin_user):
    sign_in(client, admin_user)
    home = client.get("/admin/").get_data(as_text=True)
    client.post("/admin/logout/", data={"csrf_token": csrf(home)})
    assert client.get("/admin/").status_code == 302


def test_editing_a_country_invalidates_the_cache(client, seeded, admin_user):
    before = client.get("/api/v1/countries/CAN/").get_json()
    assert before["avgRentMonthlyUsd"] == 1200.0
    sign_in(client, admin_user)
    from japaguide.extensions import db
    from plugins.countries.models import Country

    with client.application.app_context():
        country_id = db.session.query(Country.id).filter_by(code="CAN").scalar()
    edit = client.get(f"/admin/country/edit/?id={country_id}").get_data(as_text=True)
    assert "Cost of living (USD)" in edit
    import json

    form = {
        "csrf_token": csrf(edit),
        "code": "CAN",
        "alpha2": "CA",
        "name": "Canada",
        "aliases": "Kanada",
        "region": "North America",
        "capital": "Ottawa",
        "currency": "CAD",
        "population": "41500000",
        "summary": "Canada test summary.",
        "difficulty_score": "6",
        "cost_of_living_index": "65.0",
        "avg_rent_monthly_usd": "1350",
        "avg_meal_cost_usd": "12",
        "healthcare_monthly_usd": "100",
        "playbook_metadata": json.dumps({"hidden_costs": ["Winter clothing ($300-500 initial)"]}),
        "sources": "Numbeo | https://www.numbeo.com/",
        "provenance": json.dumps({}),
        "last_verified": "2026-11-25",
        "confidence": "secondary",
        "has_playbook": "y",
    }
    saved = client.post(f"/admin/country/edit/?id={country_id}", data=form)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    assert client.get("/api/v1/countries/CAN/").get_json()["avgRentMonthlyUsd"] == 1350.0


def test_hostile_prompt_template_is_refused_in_admin(client, app, admin_user, runner):
    runner.invoke(args=["seed-prompts"])
    sign_in(client, admin_user)
    page = client.get("/admin/prompttemplate/new/").get_data(as_text=True)
    response = client.post(
        "/admin/prompttemplate/new/",
        data={
            "csrf_token": csrf(page),
            "name": "evil",
            "prompt_text": "{{ ''.__class__.__mro__ }}",
            "temperature": "0.7",
            "max_tokens": "100",
            "mode": "general",
            "tone": "helpful",
        },
    )
    assert "Template refused" in response.get_data(as_text=True)
    from japaguide.extensions import db
    from plugins.ai.models import PromptTemplate

    with app.app_context():
        assert db.session.query(PromptTemplate).filter_by(name="evil").count() == 0


def test_prompt_preview_reports_errors(client, admin_user):
    sign_in(client, admin_user)
    page = client.get("/admin/prompttemplate/").get_data(as_text=True)
    good = client.post(
        "/admin/prompttemplate/preview/",
        data={
            "csrf_token": csrf(page) if "csrf_token" in page else "",
            "prompt_text": "Hello {{ country }}",
        },
    )
    assert "Hello Germany" in good.get_data(as_text=True)
    bad = client.post("/admin/prompttemplate/preview/", data={"prompt_text": "{% if %}"})
    assert "Template error" in bad.get_data(as_text=True)


def test_ai_request_log_is_read_only(client, admin_user):
    sign_in(client, admin_user)
    assert client.get("/admin/airequest/").status_code == 200
    assert client.get("/admin/airequest/new/").status_code in (302, 403, 404)


def test_dashboard_shows_numbers_and_charts(client, seeded, admin_user):
    client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    client.post("/api/v1/ai/chat/", json={"message": "Germany work visa?"})
    sign_in(client, admin_user)
    page = client.get("/admin/dashboard/").get_data(as_text=True)
    assert "Conversion rate" in page and 'id="countries-chart"' in page
    assert "/admin-tools/static/vendor/chart.umd.min.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/admin-tools/static/vendor/chart.umd.min.js").status_code == 200


def test_analytics_api(client, seeded, make_user, admin_user):
    client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    client.post("/api/v1/calc/estimate/", json={"country": "DEU", "durationMonths": 6})
    client.post("/api/v1/ai/chat/", json={"message": "Germany work visa?"})
    client.post("/api/v1/ai/chat/", json={"message": "Germany work visa?"})
    client.post(
        "/api/v1/auth/register/",
        json={"email": "conv@example.com", "password": "a long pass phrase"},
    )
    assert client.get("/api/v1/admin/analytics/").status_code == 401
    _, user_headers = make_user("plain@example.com")
    assert client.get("/api/v1/admin/analytics/", headers=user_headers).status_code == 403
    _, admin_headers = make_user("boss@example.com", is_admin=True)
    body = client.get("/api/v1/admin/analytics/", headers=admin_headers).get_json()
    assert body["owners"]["anonymousSessions"] == 1 and body["owners"]["registeredUsers"] >= 1
    assert body["conversionRate"] == 100.0 and body["claimedSessions"] == 1
    assert body["popularCountries"]["roadmaps"] == {"CAN": 1}
    assert body["popularCountries"]["estimates"] == {"DEU": 1}
    assert body["popularCountries"]["chats"] == {"DEU": 2}
    assert body["ai"]["calls"] == 2 and body["ai"]["cacheHitRate"] == 50.0
    assert body["apiCalls"]["anonymous"] >= 5
    assert any(e["endpoint"] == "ai.chat" and e["calls"] == 2 for e in body["topEndpoints"])
    assert (
        client.get(
            "/api/v1/admin/analytics/?from=2027-01-10&to=2027-01-01", headers=admin_headers
        ).status_code
        == 422  # an order between two fields: a rule the document cannot state
    )


def test_prompt_admin_api(client, make_user, runner):
    runner.invoke(args=["seed-prompts"])
    assert client.get("/api/v1/admin/ai/prompts/").status_code == 401
    _, user_headers = make_user("plain@example.com")
    assert client.get("/api/v1/admin/ai/prompts/", headers=user_headers).status_code == 403
    _, headers = make_user("boss@example.com", is_admin=True)
    listed = client.get("/api/v1/admin/ai/prompts/", headers=headers).get_json()
    assert len(listed) == 6
    created = client.post(
        "/api/v1/admin/ai/prompts/",
        headers=headers,
        json={
            "name": "visa_faq",
            "promptText": "You are {{ personality_intro }} in {{ country }}.",
            "mode": "general",
        },
    )
    assert created.status_code == 201 and "in Germany" in created.get_json()["preview"]
    tid = created.get_json()["id"]
    hostile = client.patch(
        f"/api/v1/admin/ai/prompts/{tid}/",
        headers=headers,
        json={"promptText": "{{ 'x' * 99999999 }}"},
    )
    assert hostile.status_code == 400 and "promptText" in hostile.get_json()["errors"]
    ok = client.patch(
        f"/api/v1/admin/ai/prompts/{tid}/", headers=headers, json={"temperature": 0.2}
    )
    assert ok.get_json()["temperature"] == 0.2 and ok.get_json()["promptText"].startswith("You are")


def test_operator_commands_have_help(runner):
    for command in (
        "seed",
        "import-countries",
        "import-visa-types",
        "seed-prompts",
        "cleanup-expired-sessions",
        "create-admin",
        "plugins",
        "worker",
        "scheduler",
    ):
        result = runner.invoke(args=[command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, command


def test_create_admin_promotes_and_checks_password(runner):
    weak = runner.invoke(args=["create-admin", "x@example.com", "--password", "short"])
    assert weak.exit_code != 0 and "password" in weak.output.lower()


def test_money_items_are_edited_with_lists_not_free_text(client, seeded, admin_user):
    """kind, applies_to, paid_by and confidence decide how a fee is counted: the visa editor
    offers their values as lists, so a typo cannot count a fee wrongly."""
    sign_in(client, admin_user)
    from japaguide.extensions import db
    from plugins.visas.models import VisaType

    with client.application.app_context():
        visa_id = db.session.query(VisaType.id).filter_by(slug="express-entry-fsw").scalar()
    page = client.get(f"/admin/visatype/edit/?id={visa_id}").get_data(as_text=True)
    for name, value in (
        ("applies_to", "per_partner"),
        ("applies_to", "per_additional_member"),
        ("paid_by", "employer"),
        ("kind", "show"),
        ("confidence", "official"),
    ):
        assert re.search(rf'<select[^>]*name="money-0-{name}"', page), name
        assert re.search(rf'<option[^>]*value="{value}"', page), value


def test_admin_sign_in_locks_the_account_after_ten_failures(client, admin_user):
    for _ in range(9):
        assert sign_in(client, admin_user, "wrong password!").status_code == 401
    tenth = sign_in(client, admin_user, "wrong password!")
    assert tenth.status_code == 429
    locked = sign_in(client, admin_user)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "Too many failed sign-in attempts" in locked.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302  # not signed in


def test_admin_sign_in_limits_each_address(client, app, admin_user):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 5
    for n in range(5):
        sign_in(client, f"guess{n}@example.com", "wrong password!")
    assert sign_in(client, admin_user).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.9.8.7"
    assert sign_in(elsewhere, admin_user).status_code == 302


def test_admin_login_page_stores_no_session_for_a_visitor(client, app, admin_user):
    page = client.get("/admin/login/")
    assert page.status_code == 200
    assert client.get_cookie("japaguide_session") is None
    assert sign_in(client, admin_user, "wrong password!").status_code == 401
    assert client.get_cookie("japaguide_session") is None
    from japaguide.extensions import db
    from japaguide.models import ServerSession

    with app.app_context():
        assert db.session.query(ServerSession).count() == 0
    csrf_cookie = page.headers["Set-Cookie"]
    assert "Max-Age=3600" in csrf_cookie and "HttpOnly" in csrf_cookie
    assert sign_in(client, admin_user).status_code == 302  # the real sign-in makes one
    assert client.get_cookie("japaguide_session") is not None


def test_admin_login_token_of_another_browser_is_refused(client, app, admin_user):
    token = csrf(client.get("/admin/login/").get_data(as_text=True))
    other = app.test_client()
    other.get("/admin/login/")  # its own nonce cookie
    stolen = other.post(
        "/admin/login/", data={"email": admin_user, "password": PASSWORD, "csrf_token": token}
    )
    assert stolen.status_code == 401


def test_users_admin_never_shows_or_edits_password_hashes(client, app, admin_user):
    client.post(
        "/api/v1/auth/register/",
        json={"email": "user@example.com", "password": "a long pass phrase"},
    )
    from japaguide.extensions import db
    from japaguide.models import User

    with app.app_context():
        user = db.session.query(User).filter_by(email="user@example.com").one()
        user_id, original_hash = user.id, user.password_hash
    sign_in(client, admin_user)
    for url in (
        "/admin/user/",
        f"/admin/user/details/?id={user_id}",
        f"/admin/user/edit/?id={user_id}",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "user@example.com" in page or "Full Name" in page, url
        assert "$argon2" not in page and "password_hash" not in page, url
        assert "Password Hash" not in page, url
    edit = client.get(f"/admin/user/edit/?id={user_id}").get_data(as_text=True)
    saved = client.post(
        f"/admin/user/edit/?id={user_id}",
        data={
            "csrf_token": csrf(edit),
            "full_name": "Renamed",
            "is_active": "y",
            "plan_type": "free",
            "ai_credits_remaining": "10",
            "password_hash": "$argon2id$forged",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.full_name == "Renamed" and user.password_hash == original_hash
