"""Owners, ownership, claim and purge — through the HTTP API and the identity service."""

from datetime import timedelta

from sqlalchemy import select

from japaguide.database import utcnow
from japaguide.extensions import db
from japaguide.identity import claim_session, purge_expired_sessions
from japaguide.models import AnonymousSession
from tests.host.sample_plugin import Note, NoteTag


def anon_id_of(client):
    with client.session_transaction() as sess:
        return sess.get("anon_id")


def test_first_write_creates_anonymous_owner(client):
    response = client.post("/api/v1/notes/", json={"text": "hello"})
    assert response.status_code == 201
    assert response.get_json()["isAnonymous"] is True
    assert anon_id_of(client)


def test_plain_read_creates_no_session(client, app):
    assert client.get("/api/v1/notes/").status_code == 200
    assert "japaguide_session" not in {c.key for c in client._cookies.values()}
    with app.app_context():
        assert db.session.scalar(select(AnonymousSession)) is None


def test_a_first_write_that_fails_hands_out_no_session(client, app):
    assert client.post("/api/v1/notes/", json={"text": ""}).status_code == 400
    assert client.post("/api/v1/notes/boom").status_code == 500
    assert "japaguide_session" not in {c.key for c in client._cookies.values()}
    with app.app_context():
        assert db.session.scalar(select(AnonymousSession)) is None
    assert client.post("/api/v1/notes/", json={"text": "now it works"}).status_code == 201
    assert anon_id_of(client)


def test_a_failure_keeps_an_existing_session(client):
    client.post("/api/v1/notes/", json={"text": "first"})
    before = anon_id_of(client)
    assert client.post("/api/v1/notes/", json={"text": ""}).status_code == 400
    assert anon_id_of(client) == before
    assert [n["text"] for n in client.get("/api/v1/notes/").get_json()] == ["first"]


def test_other_session_cannot_read_note(client, other_client):
    note_id = client.post("/api/v1/notes/", json={"text": "mine"}).get_json()["id"]
    assert client.get(f"/api/v1/notes/{note_id}").status_code == 200
    response = other_client.get(f"/api/v1/notes/{note_id}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    other_client.post("/api/v1/notes/", json={"text": "theirs"})
    assert [n["text"] for n in other_client.get("/api/v1/notes/").get_json()] == ["theirs"]
    assert [n["text"] for n in client.get("/api/v1/notes/").get_json()] == ["mine"]


def test_user_cannot_read_anonymous_rows_until_claimed(client, app, make_user):
    note_id = client.post("/api/v1/notes/", json={"text": "draft"}).get_json()["id"]
    _, headers = make_user()
    assert client.get(f"/api/v1/notes/{note_id}", headers=headers).status_code == 404


def test_claim_moves_every_owned_kind_in_one_go(client, app, make_user):
    client.post("/api/v1/notes/", json={"text": "one", "tagName": "a"})
    client.post("/api/v1/notes/", json={"text": "two", "tagName": "b"})
    client.post("/api/v1/notes/", json={"text": "three"})
    user_id, headers = make_user()
    anon = anon_id_of(client)
    with app.app_context():
        counts = claim_session(anon, user_id)
        assert counts["notes"] == 3 and counts["note_tags"] == 2
        assert set(counts.values()) == {3, 2, 0}  # other plugins' kinds move nothing here
        record = db.session.get(AnonymousSession, anon)
        assert record.claimed_by_user_id == user_id
        assert all(not n.is_anonymous for n in db.session.scalars(select(Note)))
    texts = sorted(n["text"] for n in client.get("/api/v1/notes/", headers=headers).get_json())
    assert texts == ["one", "three", "two"]
    # the anonymous view of the same browser no longer holds them
    assert client.get("/api/v1/notes/").get_json() == []


def test_claim_is_all_or_nothing(client, app, make_user, monkeypatch):
    client.post("/api/v1/notes/", json={"text": "one", "tagName": "a"})
    user_id, _ = make_user()
    anon = anon_id_of(client)
    import japaguide.identity as identity

    real = identity.owned_models

    def failing_models():
        models = real()
        return [*models, object()]  # the last "model" blows up mid-transaction

    monkeypatch.setattr(identity, "owned_models", failing_models)
    with app.app_context():
        try:
            claim_session(anon, user_id)
        except Exception:
            pass
        else:
            raise AssertionError("claim should have failed")
        assert db.session.scalar(select(Note)).user_id is None
        assert db.session.scalar(select(NoteTag)).user_id is None


def test_purge_deletes_only_expired_unclaimed_sessions(app, make_user):
    from japaguide.identity import Owner

    now = utcnow()
    with app.app_context():
        for anon, expires in (
            ("old", now - timedelta(days=1)),
            ("fresh", now + timedelta(days=5)),
            ("claimed", now - timedelta(days=2)),
        ):
            db.session.add(AnonymousSession(id=anon, expires_at=expires))
            note = Note(text=anon)
            note.assign_owner(Owner(anon_id=anon))
            db.session.add(note)
            db.session.flush()
            tag = NoteTag(note_id=note.id, tag=anon)
            tag.assign_owner(Owner(anon_id=anon))
            db.session.add(tag)
        db.session.commit()
    user_id, _ = make_user()
    with app.app_context():
        claim_session("claimed", user_id)
        counts = purge_expired_sessions()
        assert (counts["notes"], counts["note_tags"], counts["sessions"]) == (1, 1, 1)
        assert sorted(n.text for n in db.session.scalars(select(Note))) == ["claimed", "fresh"]
        assert db.session.get(AnonymousSession, "old").purged_at is not None
        # running it again is harmless
        assert set(purge_expired_sessions().values()) == {0}


def test_cleanup_command_purges(app, runner):
    from japaguide.identity import Owner

    with app.app_context():
        db.session.add(AnonymousSession(id="gone", expires_at=utcnow() - timedelta(hours=1)))
        note = Note(text="x")
        note.assign_owner(Owner(anon_id="gone"))
        db.session.add(note)
        db.session.commit()
    result = runner.invoke(args=["cleanup-expired-sessions"])
    assert result.exit_code == 0, result.output
    assert '"notes": 1' in result.output


def test_session_survives_regeneration(client, app):
    """The anonymous id lives inside the session, so a new session id keeps the data."""
    note_id = client.post("/api/v1/notes/", json={"text": "keep"}).get_json()["id"]
    before = client.get_cookie("japaguide_session").value
    client.post("/api/v1/notes/regenerate")
    after = client.get_cookie("japaguide_session").value
    assert after != before
    assert client.get(f"/api/v1/notes/{note_id}").status_code == 200
