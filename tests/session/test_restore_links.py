"""E-mailed session links cannot hijack whoever opens them.

The attack (issue 12): an attacker mails *their own* session link to a victim; the victim opens
it. Opening must never silently move the victim into the attacker's session: a GET only
previews, a POST performs what the victim chose, and ``merge`` keeps the victim in their own
session. Links work once and for ``SESSION_LINK_TTL_HOURS``.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner

from tests.session.links import RESTORE, cookie, mail_link, note_texts

LATER_SECONDS = 25 * 3600  # past the default 24-hour link lifetime


@pytest.fixture
def attacker(app):
    browser = app.test_client()
    browser.post("/api/v1/notes/", json={"text": "attacker bait"})
    return browser


@pytest.fixture
def victim(app):
    browser = app.test_client()
    browser.post("/api/v1/notes/", json={"text": "victim plan"})
    return browser


def test_opening_a_link_with_get_changes_nothing(app, attacker, victim):
    token = mail_link(attacker, app)
    before = cookie(victim)
    preview = victim.get(RESTORE, query_string={"token": token})
    assert preview.status_code == 200
    body = preview.get_json()
    assert body["link"]["counts"]["notes"] == 1 and body["link"]["expiresAt"]
    assert body["holdsData"] is True and body["current"]["counts"]["notes"] == 1
    assert body["choices"] == ["merge", "switch"] and body["defaultChoice"] is None
    # the victim is still in their own session, and what they do next stays theirs
    assert cookie(victim) == before
    assert note_texts(victim) == ["victim plan"]
    victim.post("/api/v1/notes/", json={"text": "victim secret"})
    assert note_texts(attacker) == ["attacker bait"]


def test_get_preview_never_starts_a_session(app, attacker):
    token = mail_link(attacker, app)
    stranger = app.test_client()
    body = stranger.get(RESTORE, query_string={"token": token}).get_json()
    assert body["current"]["sessionStarted"] is False and body["defaultChoice"] == "continue"
    assert cookie(stranger) is None
    # and previewing does not spend the link
    assert stranger.get(RESTORE, query_string={"token": token}).status_code == 200


def test_merge_keeps_the_victim_in_their_own_session_with_both_data_sets(app, attacker, victim):
    token = mail_link(attacker, app)
    before = cookie(victim)
    merged = victim.post(RESTORE, json={"token": token, "choice": "merge"})
    assert merged.status_code == 200, merged.get_json()
    body = merged.get_json()
    assert body["choice"] == "merge" and body["moved"]["notes"] == 1
    assert body["session"]["counts"]["notes"] == 2
    assert cookie(victim) == before
    assert note_texts(victim) == ["attacker bait", "victim plan"]
    # the attacker lost the rows and cannot read anything the victim does next
    victim.post("/api/v1/notes/", json={"text": "victim secret"})
    assert note_texts(attacker) == []
    assert attacker.get("/api/v1/session/status/").get_json()["counts"]["notes"] == 0


def test_merge_spends_every_other_link_of_that_session(app, attacker, victim):
    first = mail_link(attacker, app)
    second = mail_link(attacker, app, "someone@example.com")
    assert victim.post(RESTORE, json={"token": first, "choice": "merge"}).status_code == 200
    assert app.test_client().post(RESTORE, json={"token": second}).status_code == 410


def test_a_browser_with_data_must_choose(app, attacker, victim):
    token = mail_link(attacker, app)
    response = victim.post(RESTORE, json={"token": token})
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["choices"] == ["merge", "switch"]
    refused = victim.post(RESTORE, json={"token": token, "choice": "continue"})
    assert refused.status_code == 409
    assert note_texts(victim) == ["victim plan"]
    # nothing was spent by the refusals
    assert victim.get(RESTORE, query_string={"token": token}).status_code == 200


def test_switch_happens_only_when_chosen(app, attacker, victim):
    token = mail_link(attacker, app)
    before = cookie(victim)
    switched = victim.post(RESTORE, json={"token": token, "choice": "switch"})
    assert switched.status_code == 200 and switched.get_json()["choice"] == "switch"
    assert cookie(victim) != before  # regenerated with the switch
    assert note_texts(victim) == ["attacker bait"]


def test_an_empty_browser_continues_the_link_by_default(app, victim):
    token = mail_link(victim, app, "me@example.com")
    phone = app.test_client()
    opened = phone.post(RESTORE, json={"token": token})
    assert opened.status_code == 200 and opened.get_json()["choice"] == "continue"
    assert note_texts(phone) == ["victim plan"]


def test_a_link_works_once(app, attacker, victim):
    token = mail_link(attacker, app)
    assert victim.post(RESTORE, json={"token": token, "choice": "merge"}).status_code == 200
    for response in (
        victim.post(RESTORE, json={"token": token, "choice": "merge"}),
        app.test_client().post(RESTORE, json={"token": token}),
        app.test_client().get(RESTORE, query_string={"token": token}),
    ):
        assert response.status_code == 410
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["type"].endswith("session-link-used")


@pytest.fixture
def a_day_later(monkeypatch):
    """Move the clocks the link checks (signature age and record expiry) 25 hours ahead."""
    import japaguide.database
    from japaguide.database import utcnow

    def advance() -> None:
        monkeypatch.setattr(
            TimestampSigner, "get_timestamp", lambda self: int(time.time()) + LATER_SECONDS
        )
        monkeypatch.setattr(
            japaguide.database,
            "utcnow",
            lambda: utcnow() + timedelta(seconds=LATER_SECONDS),
        )

    return advance


def test_an_expired_link_is_refused(app, attacker, victim, a_day_later):
    token = mail_link(attacker, app)
    a_day_later()
    for response in (
        victim.get(RESTORE, query_string={"token": token}),
        victim.post(RESTORE, json={"token": token, "choice": "merge"}),
    ):
        assert response.status_code == 410
        assert response.get_json()["type"].endswith("session-link-expired")
    assert note_texts(victim) == ["victim plan"]


def test_links_from_before_single_use_are_refused(app, attacker, victim):
    """Old tokens (no server-side record) were reusable for 30 days: they no longer open."""
    from itsdangerous import URLSafeTimedSerializer

    from japaguide.extensions import db
    from japaguide.models import AnonymousSession
    from plugins.session.links import SESSION_LINK_SALT

    with app.app_context():
        anon_id = db.session.query(AnonymousSession.id).first()[0]
        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=SESSION_LINK_SALT)
        old_token = serializer.dumps({"anon": anon_id})
    assert victim.get(RESTORE, query_string={"token": old_token}).status_code == 410
    assert victim.post(RESTORE, json={"token": old_token, "choice": "switch"}).status_code == 410


def test_forged_links_name_no_link(client):
    """A token we did not sign is well-formed text naming nothing: 404, not a form error."""
    for response in (
        client.get(RESTORE, query_string={"token": "abc.def"}),
        client.post(RESTORE, json={"token": "abc.def"}),
    ):
        assert response.status_code == 404, response.get_data(as_text=True)
        assert response.get_json()["type"].endswith("/session-link-invalid")
    # A choice outside the documented enum is still the schema's 400.
    assert client.post(RESTORE, json={"token": "abc.def", "choice": "steal"}).status_code == 400


def test_cleanup_drops_expired_link_records(app, attacker, runner, a_day_later):
    mail_link(attacker, app)
    a_day_later()
    result = runner.invoke(args=["cleanup-expired-sessions"])
    assert result.exit_code == 0 and '"session_links": 1' in result.output
