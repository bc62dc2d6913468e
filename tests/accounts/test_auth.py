"""Optional accounts: register, login, refresh, logout, me, claim — and their failures."""

import pytest

from japaguide.extensions import db
from japaguide.models import User
from tests.host.sample_plugin import notes_plugin

PASSWORD = "correct horse battery"


@pytest.fixture
def japaguide_plugins():
    from japaguide.plugins import discover_plugins

    return [*discover_plugins(), notes_plugin]


def register(client, email="ada@example.com", password=PASSWORD):
    return client.post("/api/v1/auth/register/", json={"email": email, "password": password})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_register_returns_user_and_tokens(client):
    response = register(client, email="Ada@Example.com")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["user"]["email"] == "ada@example.com"
    assert body["accessToken"] and body["refreshToken"]
    me = client.get("/api/v1/auth/me/", headers=bearer(body["accessToken"])).get_json()
    assert me["email"] == "ada@example.com" and me["profile"]["numDependents"] == 0


def test_password_is_hashed_with_argon2id(client, app):
    register(client)
    with app.app_context():
        user = db.session.query(User).one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("password", "status"),
    [
        ("short", 400),  # the document states the length: a schema refusal
        ("aaaaaaaaaaaa", 422),  # guessability is a rule no schema states
        ("ada-is-my-password", 422),
    ],
)
def test_weak_passwords_are_refused_naming_the_field(client, app, password, status):
    response = register(client, password=password)
    assert response.status_code == status
    assert "password" in response.get_json()["errors"]
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_email_is_unique_case_insensitively(client):
    assert register(client).status_code == 201
    assert register(client, email="ADA@example.com").status_code == 409


def test_login_wrong_email_or_password_same_401(client):
    register(client)
    wrong_password = client.post(
        "/api/v1/auth/login/", json={"email": "ada@example.com", "password": "nope nope nope"}
    )
    wrong_email = client.post(
        "/api/v1/auth/login/", json={"email": "bob@example.com", "password": PASSWORD}
    )
    assert wrong_password.status_code == wrong_email.status_code == 401
    assert wrong_password.get_json()["detail"] == wrong_email.get_json()["detail"]


def test_login_refresh_logout_revokes(client):
    register(client)
    tokens = client.post(
        "/api/v1/auth/login/", json={"email": "ada@example.com", "password": PASSWORD}
    ).get_json()
    refreshed = client.post("/api/v1/auth/refresh/", json={"refreshToken": tokens["refreshToken"]})
    assert refreshed.status_code == 200 and refreshed.get_json()["accessToken"]
    out = client.post(
        "/api/v1/auth/logout/",
        json={"refreshToken": tokens["refreshToken"]},
        headers=bearer(tokens["accessToken"]),
    )
    assert out.status_code == 204
    assert client.get("/api/v1/auth/me/", headers=bearer(tokens["accessToken"])).status_code == 401
    again = client.post("/api/v1/auth/refresh/", json={"refreshToken": tokens["refreshToken"]})
    assert again.status_code == 401


def test_access_token_is_not_a_refresh_token(client):
    tokens = register(client).get_json()
    assert (
        client.post(
            "/api/v1/auth/refresh/", json={"refreshToken": tokens["accessToken"]}
        ).status_code
        == 401
    )


def test_expired_and_wrongly_signed_tokens_are_401(client, app):
    from datetime import timedelta

    import jwt as pyjwt
    from flask_jwt_extended import create_access_token

    user_id = register(client).get_json()["user"]["id"]
    with app.app_context():
        expired = create_access_token(identity=str(user_id), expires_delta=timedelta(seconds=-5))
    forged = pyjwt.encode(
        {"sub": str(user_id), "type": "access", "jti": "x", "fresh": False},
        "not-the-key-but-long-enough-for-hs256-okay",
        algorithm="HS256",
    )
    for token in (expired, forged):
        response = client.get("/api/v1/auth/me/", headers=bearer(token))
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"


def test_me_needs_auth_and_patch_only_touches_own_fields(client):
    assert client.get("/api/v1/auth/me/").status_code == 401
    token = register(client).get_json()["accessToken"]
    response = client.patch(
        "/api/v1/auth/me/",
        headers=bearer(token),
        json={
            "fullName": "Ada O.",
            "countryOfOrigin": "nga",
            "profile": {
                "educationLevel": "master",
                "numDependents": 2,
                "budgetUsd": 25000,
                "skills": ["python"],
                "targetMoveDate": "2027-09-01",
            },
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["fullName"] == "Ada O." and body["countryOfOrigin"] == "NGA"
    assert body["profile"]["hasDependents"] is True and body["profile"]["budgetUsd"] == 25000.0
    for forbidden in (
        {"email": "x@y.z"},
        {"isAdmin": True},
        {"planType": "pro"},
        {"aiCreditsRemaining": 999},
        {"profile": {"educationLevel": "wizard"}},
    ):
        assert (
            client.patch("/api/v1/auth/me/", headers=bearer(token), json=forbidden).status_code
            == 400
        )


def test_signup_claims_this_browsers_anonymous_data(client, other_client):
    client.post("/api/v1/notes/", json={"text": "draft 1"})
    client.post("/api/v1/notes/", json={"text": "draft 2"})
    other_client.post("/api/v1/notes/", json={"text": "not mine"})
    cookie_before = client.get_cookie("japaguide_session").value
    body = register(client).get_json()
    assert body["claimed"]["migratedNotes"] == 2
    assert body["claimed"]["migrated"]["notes"] == 2
    assert client.get_cookie("japaguide_session").value != cookie_before  # regenerated
    notes = client.get("/api/v1/notes/", headers=bearer(body["accessToken"])).get_json()
    assert sorted(n["text"] for n in notes) == ["draft 1", "draft 2"]
    assert [n["text"] for n in other_client.get("/api/v1/notes/").get_json()] == ["not mine"]


def test_login_claims_too(client, app):
    register(client, email="bob@example.com")
    browser = app.test_client()
    browser.post("/api/v1/notes/", json={"text": "on the bus"})
    body = browser.post(
        "/api/v1/auth/login/", json={"email": "bob@example.com", "password": PASSWORD}
    ).get_json()
    assert body["claimed"]["migratedNotes"] == 1


def test_claim_session_needs_token_and_possession(client, app):
    token = register(client).get_json()["accessToken"]
    # signed in, then creates anonymous data in another browser and claims it explicitly
    browser = app.test_client()
    browser.post("/api/v1/notes/", json={"text": "later"})
    assert browser.post("/api/v1/auth/claim-session/").status_code == 401  # no token
    stranger = app.test_client()
    empty = stranger.post("/api/v1/auth/claim-session/", headers=bearer(token))
    assert empty.status_code == 404  # no session to claim: a body id is never enough
    claimed = browser.post("/api/v1/auth/claim-session/", headers=bearer(token))
    assert claimed.status_code == 200 and claimed.get_json()["migratedNotes"] == 1


def test_email_link_restores_and_claims_on_another_device(client, app):
    client.post("/api/v1/notes/", json={"text": "plan"})
    sent = client.post("/api/v1/session/email/", json={"email": "me@example.com"})
    sent.close()  # the server sends the response, then runs the inline mail job
    body = sent.get_json()
    assert sent.status_code == 200 and body["expiresInDays"] == 30
    assert body["linkExpiresInHours"] == 24
    phone_link = newest_link(app)
    phone = app.test_client()
    preview = phone.get(f"/api/v1/session/restore/?token={phone_link}")
    assert preview.status_code == 200 and preview.get_json()["link"]["counts"]["notes"] == 1
    assert phone.get("/api/v1/notes/").get_json() == []  # a preview changes nothing
    restored = phone.post("/api/v1/session/restore/", json={"token": phone_link})
    assert restored.status_code == 200 and restored.get_json()["choice"] == "continue"
    assert restored.get_json()["session"]["counts"]["notes"] == 1
    assert [n["text"] for n in phone.get("/api/v1/notes/").get_json()] == ["plan"]
    # a second link claims the session into an account on a third device
    client.post("/api/v1/session/email/", json={"email": "me@example.com"}).close()
    laptop_link = newest_link(app)
    laptop = app.test_client()
    token = register(laptop, email="new@example.com").get_json()["accessToken"]
    claimed = laptop.post(
        "/api/v1/auth/claim-session/", json={"token": laptop_link}, headers=bearer(token)
    )
    assert claimed.status_code == 200 and claimed.get_json()["migratedNotes"] == 1
    # every link is single use, and the claimed session opens no more
    for used in (phone_link, laptop_link):
        assert phone.get(f"/api/v1/session/restore/?token={used}").status_code == 410


def newest_link(app):
    from email import message_from_bytes, policy
    from pathlib import Path

    newest = sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))[-1]
    message = message_from_bytes(newest.read_bytes(), policy=policy.default).get_content()
    return message.split("token=")[1].split()[0]


def test_claim_by_link_works_once(client, app):
    client.post("/api/v1/notes/", json={"text": "plan"})
    client.post("/api/v1/session/email/", json={"email": "me@example.com"}).close()
    link = newest_link(app)
    laptop = app.test_client()
    token = register(laptop, email="new@example.com").get_json()["accessToken"]
    claim = {"json": {"token": link}, "headers": bearer(token)}
    assert laptop.post("/api/v1/auth/claim-session/", **claim).status_code == 200
    again = laptop.post("/api/v1/auth/claim-session/", **claim)
    assert again.status_code == 410 and again.mimetype == "application/problem+json"


def test_claim_by_expired_link_is_refused(client, app, monkeypatch):
    import time
    from datetime import timedelta

    from itsdangerous import TimestampSigner

    import japaguide.database

    client.post("/api/v1/notes/", json={"text": "plan"})
    client.post("/api/v1/session/email/", json={"email": "me@example.com"}).close()
    link = newest_link(app)
    laptop = app.test_client()
    token = register(laptop, email="new@example.com").get_json()["accessToken"]
    later = 25 * 3600
    now = japaguide.database.utcnow
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) + later)
    monkeypatch.setattr(japaguide.database, "utcnow", lambda: now() + timedelta(seconds=later))
    expired = laptop.post(
        "/api/v1/auth/claim-session/", json={"token": link}, headers=bearer(token)
    )
    assert expired.status_code == 410
    assert [n["text"] for n in client.get("/api/v1/notes/").get_json()] == ["plan"]


def test_signed_in_browser_merges_a_link_into_its_account(client, app):
    attacker = app.test_client()
    attacker.post("/api/v1/notes/", json={"text": "bait"})
    attacker.post("/api/v1/session/email/", json={"email": "ada@example.com"}).close()
    link = newest_link(app)
    token = register(client).get_json()["accessToken"]
    preview = client.get(f"/api/v1/session/restore/?token={link}", headers=bearer(token))
    assert preview.get_json()["choices"] == ["merge"]
    switch = {"token": link, "choice": "switch"}
    refused = client.post("/api/v1/session/restore/", json=switch, headers=bearer(token))
    assert refused.status_code == 409
    merge = {"token": link, "choice": "merge"}
    merged = client.post("/api/v1/session/restore/", json=merge, headers=bearer(token))
    assert merged.status_code == 200 and merged.get_json()["moved"]["notes"] == 1
    assert [n["text"] for n in client.get("/api/v1/notes/", headers=bearer(token)).get_json()] == [
        "bait"
    ]
    assert attacker.get("/api/v1/notes/").get_json() == []


def test_tampered_link_is_refused(client):
    assert client.get("/api/v1/session/restore/?token=abc.def").status_code == 404


def login(client, email="ada@example.com", password=PASSWORD, **kwargs):
    return client.post("/api/v1/auth/login/", json={"email": email, "password": password}, **kwargs)


def refresh(client, refresh_token):
    return client.post("/api/v1/auth/refresh/", json={"refreshToken": refresh_token})


@pytest.mark.parametrize("password", ["password12", "iloveyou12", "qwertyuiop1", "nigeria2024"])
def test_common_and_breached_passwords_are_refused_with_a_reason(client, password):
    response = register(client, password=password)
    assert response.status_code == 422
    reasons = response.get_json()["errors"]["password"]
    assert reasons and all(len(reason) > 20 for reason in reasons)  # a sentence, not a code


def test_common_password_reason_says_it_is_common(client):
    reasons = register(client, password="password12").get_json()["errors"]["password"]
    assert any("common" in reason.lower() for reason in reasons)


def test_refresh_rotates_and_the_old_refresh_token_is_spent(client):
    first = register(client).get_json()
    rotated = refresh(client, first["refreshToken"])
    assert rotated.status_code == 200
    body = rotated.get_json()
    assert body["accessToken"] and body["refreshToken"]
    assert body["refreshToken"] != first["refreshToken"]
    assert client.get("/api/v1/auth/me/", headers=bearer(body["accessToken"])).status_code == 200
    again = refresh(client, body["refreshToken"])
    assert again.status_code == 200 and again.get_json()["refreshToken"] != body["refreshToken"]


def test_reusing_a_spent_refresh_token_revokes_the_whole_login(client):
    first = register(client).get_json()
    second = refresh(client, first["refreshToken"]).get_json()
    third = refresh(client, second["refreshToken"]).get_json()
    replay = refresh(client, first["refreshToken"])  # a copied token comes back
    assert replay.status_code == 401 and "already used" in replay.get_json()["detail"]
    assert refresh(client, third["refreshToken"]).status_code == 401
    for access in (first["accessToken"], second["accessToken"], third["accessToken"]):
        assert client.get("/api/v1/auth/me/", headers=bearer(access)).status_code == 401
    other_login = login(client).get_json()  # a new sign-in is a new family
    assert (
        client.get("/api/v1/auth/me/", headers=bearer(other_login["accessToken"])).status_code
        == 200
    )


def test_a_sign_in_ends_after_its_maximum_age_however_often_it_is_refreshed(client, app):
    from datetime import timedelta

    from plugins.accounts.tokens import decode

    first = register(client).get_json()
    second = refresh(client, first["refreshToken"]).get_json()
    with app.app_context():
        started = decode(first["refreshToken"], "refresh")["fst"]
        # rotation carries the sign-in's start, it does not restart the clock
        assert decode(second["refreshToken"], "refresh")["fst"] == started
    app.config["JWT_REFRESH_FAMILY_MAX_AGE"] = timedelta(seconds=0)
    try:
        too_old = refresh(client, second["refreshToken"])
    finally:
        app.config["JWT_REFRESH_FAMILY_MAX_AGE"] = timedelta(days=90)
    assert too_old.status_code == 401 and "sign in again" in too_old.get_json()["detail"]
    # the refused token was not spent: nothing changed, and a fresh login works
    assert refresh(client, second["refreshToken"]).status_code == 200
    assert login(client).status_code == 200


def test_logout_without_refresh_token_revokes_the_logins_refresh_tokens(client):
    tokens = register(client).get_json()
    elsewhere = login(client).get_json()  # another device, another family
    rotated = refresh(client, tokens["refreshToken"]).get_json()
    out = client.post("/api/v1/auth/logout/", json={}, headers=bearer(rotated["accessToken"]))
    assert out.status_code == 204
    assert refresh(client, rotated["refreshToken"]).status_code == 401
    assert client.get("/api/v1/auth/me/", headers=bearer(tokens["accessToken"])).status_code == 401
    assert (
        client.get("/api/v1/auth/me/", headers=bearer(elsewhere["accessToken"])).status_code == 200
    )
    assert refresh(client, elsewhere["refreshToken"]).status_code == 200


def test_logout_with_refresh_token_revokes_its_family(client):
    tokens = register(client).get_json()
    rotated = refresh(client, tokens["refreshToken"]).get_json()
    out = client.post(
        "/api/v1/auth/logout/",
        json={"refreshToken": rotated["refreshToken"]},
        headers=bearer(rotated["accessToken"]),
    )
    assert out.status_code == 204
    assert refresh(client, rotated["refreshToken"]).status_code == 401
    assert client.get("/api/v1/auth/me/", headers=bearer(tokens["accessToken"])).status_code == 401


def test_api_login_locks_an_account_after_ten_failures(client):
    register(client)
    for _ in range(9):
        assert login(client, password="wrong password 1").status_code == 401
    tenth = login(client, password="wrong password 1")
    assert tenth.status_code == 429
    locked = login(client)  # the right password no longer helps
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert "try again" in locked.get_json()["detail"]
    register(client, email="bob@example.com")
    assert login(client, email="bob@example.com").status_code == 200  # others are not locked


def test_lockout_does_not_reveal_whether_an_account_exists(client):
    register(client)
    answers = {}
    for email in ("ada@example.com", "nobody@example.com"):
        for _ in range(10):
            login(client, email=email, password="wrong password 1")
        answer = login(client, email=email, password=PASSWORD)
        answers[email] = (answer.status_code, answer.get_json()["detail"])
    assert answers["ada@example.com"] == answers["nobody@example.com"]
    assert answers["ada@example.com"][0] == 429


def test_api_login_limits_failures_per_address(client, app):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 5
    register(client)
    for n in range(5):
        login(client, email=f"guess{n}@example.com", password="wrong password 1")
    assert login(client).status_code == 429
    other_address = {"environ_base": {"REMOTE_ADDR": "10.9.8.7"}}
    assert login(client, **other_address).status_code == 200


def test_lockout_still_holds_when_its_redis_is_down(client, app):
    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app.config["REDIS_SOCKET_TIMEOUT"] = 0.2
    register(client)
    for _ in range(10):
        assert login(client, password="wrong password 1").status_code in (401, 429)
    assert login(client).status_code == 429  # counted in-process: never no limit, never a 500


def test_revocation_records_are_purged_once_their_tokens_expire_anyway(client, app, runner):
    """Every refresh and logout writes a row; past its token's expiry it protects nothing."""
    from datetime import timedelta

    from japaguide.database import utcnow
    from japaguide.models import RevokedToken, RevokedTokenFamily
    from plugins.accounts.tokens import purge_expired_revocations

    register(client)
    first = login(client).get_json()
    rotated = refresh(client, first["refreshToken"]).get_json()  # spends the first refresh jti
    client.post("/api/v1/auth/logout/", json={}, headers=bearer(rotated["accessToken"]))
    with app.app_context():
        assert db.session.query(RevokedToken).count() >= 1
        assert db.session.query(RevokedTokenFamily).count() == 1
        # While the tokens could still be presented, the records stay, and they still refuse.
        assert purge_expired_revocations() == {"revoked_tokens": 0, "revoked_token_families": 0}
    assert refresh(client, rotated["refreshToken"]).status_code == 401
    with app.app_context():
        later = utcnow() + app.config["JWT_REFRESH_TOKEN_EXPIRES"] + timedelta(minutes=1)
        purged = purge_expired_revocations(now=later)
        assert purged["revoked_tokens"] >= 1 and purged["revoked_token_families"] == 1
        assert db.session.query(RevokedToken).count() == 0
        assert db.session.query(RevokedTokenFamily).count() == 0
    result = runner.invoke(args=["purge-revoked-tokens"])
    assert result.exit_code == 0 and '"revoked_tokens": 0' in result.output


def test_the_purge_runs_daily_under_the_scheduler(app):
    from japaguide.plugins import get_host

    periodic = [job for jobs in get_host(app).hook.register_periodic_jobs() for job in jobs]
    assert {"job": "accounts.purge_expired_revocations", "cron": "45 3 * * *"} in periodic
    registered = {name for jobs in get_host(app).hook.register_jobs() for name in jobs}
    assert "accounts.purge_expired_revocations" in registered


@pytest.mark.parametrize("length", [73, 128])
def test_passwords_longer_than_the_scorer_reads_are_judged_not_a_500(client, length):
    """zxcvbn scores at most 72 characters; the schema allows 128."""
    strong = ("lagos-maple-harbour-violin-" * 5)[:length]
    assert register(client, password=strong).status_code == 201
    weak = "a" * length
    assert register(client, email="weak@example.com", password=weak).status_code == 422
