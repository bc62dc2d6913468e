"""Races on one row, run with threads against PostgreSQL (SQLite serialises every write, so
there is nothing to race there): step actions and claims are serialised on the row."""

from __future__ import annotations

import threading

import pytest
from flask_jwt_extended import create_access_token

from japaguide.extensions import db
from japaguide.models import AnonymousSession, User

TRIALS = 8


@pytest.fixture
def postgres_only(app):
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect != "postgresql":
        pytest.skip("races need a database that runs transactions concurrently")


def race(*calls):
    """Run ``calls`` at the same moment on threads; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_complete_and_block_racing_leave_one_state(app, client, seeded, postgres_only):
    roadmap = client.post(
        "/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"}
    ).get_json()
    cookie = client.get_cookie("japaguide_session").value
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        tab.set_cookie("japaguide_session", cookie)
    base = f"/api/v1/roadmaps/{roadmap['id']}/steps"
    for step in roadmap["steps"][:TRIALS]:
        race(
            lambda step=step: tabs[0].post(f"{base}/{step['id']}/complete/"),
            lambda step=step: tabs[1].post(f"{base}/{step['id']}/block/", json={"reason": "x"}),
        )
    steps = client.get(f"/api/v1/roadmaps/{roadmap['id']}/").get_json()["steps"]
    both = [s["order"] for s in steps if s["status"]["completed"] and s["status"]["blocked"]]
    assert both == []


def test_concurrent_claims_record_the_user_who_got_the_data(app, postgres_only):
    from japaguide.identity import claim_session

    for trial in range(TRIALS):
        client = app.test_client()
        client.post("/api/v1/notes/", json={"text": f"plan {trial}"})
        with client.session_transaction() as sess:
            anon_id = sess["anon_id"]
        with app.app_context():
            users = [User(email=f"claimer{trial}-{i}@example.com") for i in range(2)]
            db.session.add_all(users)
            db.session.commit()
            ids = [u.id for u in users]

        def claim(user_id, anon_id=anon_id):
            with app.app_context():
                return user_id, claim_session(anon_id, user_id)["notes"]

        results = race(*[lambda user_id=user_id: claim(user_id) for user_id in ids])
        winners = [user_id for user_id, moved in results if moved]
        assert len(winners) == 1
        with app.app_context():
            assert db.session.get(AnonymousSession, anon_id).claimed_by_user_id == winners[0]


@pytest.mark.parametrize("trial", range(4))
def test_claim_over_http_moves_data_once(app, postgres_only, trial):
    client = app.test_client()
    client.post("/api/v1/notes/", json={"text": "only once"})
    with app.app_context():
        users = [User(email=f"http{i}@example.com") for i in range(2)]
        db.session.add_all(users)
        db.session.commit()
        tokens = [create_access_token(identity=str(u.id)) for u in users]
        user_ids = [u.id for u in users]
    with client.session_transaction() as sess:
        anon_id = sess["anon_id"]
    cookie = client.get_cookie("japaguide_session").value
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        tab.set_cookie("japaguide_session", cookie)
    responses = race(
        *[
            lambda tab=tab, token=token: tab.post(
                "/api/v1/auth/claim-session/", headers={"Authorization": f"Bearer {token}"}
            )
            for tab, token in zip(tabs, tokens)
        ]
    )
    # The loser either waited and moved nothing (200) or came after the winner had regenerated
    # the shared session, and found nothing to claim (404): both are right.
    assert sorted(r.status_code for r in responses) in ([200, 200], [200, 404])
    moved = [r.get_json()["migratedNotes"] if r.status_code == 200 else 0 for r in responses]
    assert sorted(moved) == [0, 1]
    winner = user_ids[moved.index(1)]
    with app.app_context():
        record = db.session.get(AnonymousSession, anon_id)
        assert record.claimed_by_user_id == winner
