"""Jobs: inline on the embedded default, on a real RQ worker with Redis; outcomes recorded."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from japaguide.extensions import db
from japaguide.jobs import enqueue
from japaguide.models import JobRun
from tests.host.sample_plugin import Note


def _note(client):
    return client.post("/api/v1/notes/", json={"text": "quiet"}).get_json()["id"]


def test_inline_job_runs_and_records_outcome(app, client):
    note_id = _note(client)
    with app.app_context():
        job_id = enqueue("notes.shout", note_id)
        run = db.session.scalar(select(JobRun).where(JobRun.job_id == job_id))
        assert run.status == "finished"
        assert run.result == {"noteId": note_id}
        assert db.session.get(Note, note_id).text == "QUIET"


def test_failed_job_is_recorded_and_loses_nothing(app, client):
    note_id = _note(client)
    with app.app_context():
        job_id = enqueue("notes.fail", note_id)
        run = db.session.scalar(select(JobRun).where(JobRun.job_id == job_id))
        assert run.status == "failed"
        assert "cannot process note" in run.error
        assert db.session.get(Note, note_id).text == "quiet"


def test_a_job_failed_for_good_fires_job_failed_once(app, client):
    """The host reports the failure (name, ids, job id, error) and knows no feature."""
    from japaguide.plugins import get_host, hookimpl

    calls = []

    class Recorder:
        @hookimpl
        def job_failed(self, name, args, job_id, error):
            calls.append((name, args, job_id, error))

    get_host(app).pm.register(Recorder())
    note_id = _note(client)
    with app.app_context():
        enqueue("notes.shout", note_id)
        job_id = enqueue("notes.fail", note_id)
    assert len(calls) == 1
    name, args, reported_id, error = calls[0]
    assert (name, args, reported_id) == ("notes.fail", [note_id], job_id)
    assert "cannot process note" in error


@pytest.mark.parametrize(("raw", "intervals"), [("10,60", [10, 60]), ("5", [5]), ("none", [])])
def test_retry_intervals_come_from_the_environment(app_config, monkeypatch, raw, intervals):
    from japaguide import create_app

    monkeypatch.setenv("JOBS_RETRY_INTERVALS", raw)
    assert create_app(app_config).config["JOBS_RETRY_INTERVALS"] == intervals


def test_unknown_job_is_refused(app):
    with app.app_context(), pytest.raises(KeyError):
        enqueue("nope")


@pytest.mark.skipif(
    not os.environ.get("JAPAGUIDE_TEST_REDIS_URL"), reason="needs real Redis (CI services run)"
)
def test_real_rq_worker_runs_a_queued_job(app, client, app_config, tmp_path):
    """A job enqueued by the web process runs in a separate `rq worker --burst` process."""
    app.config.update(JOBS_MODE="rq", JOBS_QUEUE="japaguide-test")
    note_id = _note(client)
    with app.app_context():
        job_id = enqueue("notes.shout", note_id)
        assert db.session.scalar(select(JobRun).where(JobRun.job_id == job_id)).status == "queued"
    # The worker process builds its own app from the environment, with the test plugin loaded.
    worker_env = {
        **os.environ,
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app_config["REDIS_URL"],
        "SECRET_KEY": app_config["SECRET_KEY"],
        "JAPAGUIDE_TESTING": "1",
        "JAPAGUIDE_EXTRA_PLUGINS": "tests.host.sample_plugin:notes_plugin",
    }
    result = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "rq"),
            "worker",
            "--burst",
            "--url",
            app_config["REDIS_URL"],
            "japaguide-test",
        ],
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=os.getcwd(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    with app.app_context():
        db.session.expire_all()
        run = db.session.scalar(select(JobRun).where(JobRun.job_id == job_id))
        assert run.status == "finished", run.error
        assert db.session.get(Note, note_id).text == "QUIET"
