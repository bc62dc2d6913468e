"""``POST /session/email/`` is limited per recipient, per sending session and per address.

One address received 250 links in about a minute (issue 12): a recipient gets at most
``RATELIMIT_SESSION_EMAIL_PER_RECIPIENT`` links an hour, whoever sends them, and the 429 says
nothing about the address.
"""

from __future__ import annotations

EMAIL = "/api/v1/session/email/"


def fresh_sender(app):
    browser = app.test_client()
    browser.post("/api/v1/notes/", json={"text": "plan"})
    return browser


def test_fourth_link_to_one_recipient_in_an_hour_is_429(app):
    statuses = [
        fresh_sender(app).post(EMAIL, json={"email": address}).status_code
        for address in ("victim@example.com", "VICTIM@example.com", "victim@Example.COM")
    ]
    assert statuses == [200, 200, 200]
    refused = fresh_sender(app).post(EMAIL, json={"email": "victim@example.com"})
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    assert "victim" not in refused.get_data(as_text=True)
    # other recipients are unaffected
    assert fresh_sender(app).post(EMAIL, json={"email": "other@example.com"}).status_code == 200


def test_recipients_with_and_without_accounts_look_the_same(app):
    app.test_client().post(
        "/api/v1/auth/register/",
        json={"email": "member@example.com", "password": "correct horse battery"},
    )
    for address in ("member@example.com", "nobody@example.com"):
        answers = [fresh_sender(app).post(EMAIL, json={"email": address}) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[0].get_json()["sent"] is True


def test_one_session_cannot_mail_many_recipients(app):
    sender = fresh_sender(app)
    statuses = [
        sender.post(EMAIL, json={"email": f"person{n}@example.com"}).status_code for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]


def test_a_signed_in_caller_cannot_email_a_session_and_nothing_is_sent(app, make_user):
    """Signed in there is no anonymous session to e-mail: the caller's state forbids it (409)."""
    from japaguide.extensions import db
    from plugins.session.models import SessionLink

    _, headers = make_user("member@example.com")
    response = app.test_client().post(EMAIL, json={"email": "me@example.com"}, headers=headers)
    assert response.status_code == 409
    assert response.get_json()["type"].endswith("/session-email-signed-in")
    with app.app_context():
        assert db.session.query(SessionLink).count() == 0
