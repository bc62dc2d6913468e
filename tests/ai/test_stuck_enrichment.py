"""Stuck enrichments end ``failed`` (steps intact): a job failing every retry, a lost worker,
a job that never ran past its deadline. Inline always; on RQ with real Redis when available."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from japaguide.database import utcnow
from japaguide.extensions import db
from japaguide.jobs import execute, get_queue, rq_job_id
from japaguide.models import JobRun
from plugins.ai.stuck import (
    QUEUED_AT_KEY,
    enrichment_deadline,
    enrichment_job_id,
    enrichment_job_timeout,
)
from tests.ai.broken_model import FAILURE

needs_redis = pytest.mark.skipif(
    not os.environ.get("JAPAGUIDE_TEST_REDIS_URL"), reason="needs real Redis"
)


def _break_the_enrichment(monkeypatch):
    """Every run of the job in this process now raises (the model call fails)."""
    from plugins.ai import services
    from tests.ai.broken_model import break_completions

    monkeypatch.setattr(services, "complete", services.complete)  # restored after the test
    break_completions()


def _generate(client):
    """A roadmap whose enrichment is queued but not run yet (the inline job waits for close)."""
    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={"country": "CAN", "goal": "work", "visaTypeId": "express-entry-fsw"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["aiEnrichmentStatus"] == "pending"
    return response, body


def _backdate(app, roadmap_id, seconds):
    from plugins.roadmaps.models import Roadmap

    with app.app_context():
        roadmap = db.session.get(Roadmap, roadmap_id)
        queued = utcnow() - timedelta(seconds=seconds)
        roadmap.ai_metadata = {**roadmap.ai_metadata, QUEUED_AT_KEY: queued.isoformat()}
        db.session.commit()


def _assert_failed_with_steps_intact(client, generated):
    after = client.get(f"/api/v1/roadmaps/{generated['id']}/").get_json()
    assert after["aiEnrichmentStatus"] == "failed"
    assert after["aiMetadata"]["fallbackUsed"] is True
    assert [(s["order"], s["title"], s["description"]) for s in after["steps"]] == [
        (s["order"], s["title"], s["description"]) for s in generated["steps"]
    ]
    assert not any(s["aiEnhanced"] for s in after["steps"])
    return after


def test_deadline_covers_the_model_timeout(app):
    app.config.update(OPENAI_TIMEOUT_SECONDS=20, AI_ENRICHMENT_DEADLINE_SECONDS=120)
    assert enrichment_job_timeout(app.config) == 70  # two model attempts + 30 s
    assert enrichment_deadline(app.config) == 120
    app.config.update(OPENAI_TIMEOUT_SECONDS=60, AI_ENRICHMENT_DEADLINE_SECONDS=10)
    assert enrichment_deadline(app.config) == enrichment_job_timeout(app.config) + 30 == 180


def test_inline_job_that_raises_marks_the_roadmap_failed_at_once(app, client, seeded, monkeypatch):
    _break_the_enrichment(monkeypatch)
    response, generated = _generate(client)
    response.close()  # the inline job runs now, and raises
    after = _assert_failed_with_steps_intact(client, generated)
    assert after["aiMetadata"]["enrichmentFailure"] == "job_failed"
    with app.app_context():
        run = db.session.scalar(
            select(JobRun).where(JobRun.job_id == enrichment_job_id(generated["id"]))
        )
        assert run.status == "failed" and FAILURE in run.error


def test_sweeper_fails_a_pending_roadmap_past_its_deadline_and_spares_a_fresh_one(
    app, client, seeded
):
    stale_response, stale = _generate(client)  # its job never runs: a worker that died
    fresh_response, fresh = _generate(client)
    _backdate(app, stale["id"], enrichment_deadline(app.config) + 1)
    with app.app_context():
        result = execute("ai.sweep_stuck_enrichments")
    assert result["status"] == "finished" and result["failed"] == [stale["id"]]
    after = _assert_failed_with_steps_intact(client, stale)
    assert after["aiMetadata"]["enrichmentFailure"] == "deadline_passed"
    assert client.get(f"/api/v1/roadmaps/{fresh['id']}/").get_json()["aiEnrichmentStatus"] == (
        "pending"
    )
    with app.app_context():  # a second sweep changes nothing
        assert execute("ai.sweep_stuck_enrichments")["failed"] == []
    # A late run still enriches: failed is upgraded, the failure note is dropped.
    stale_response.close()
    fresh_response.close()
    late = client.get(f"/api/v1/roadmaps/{stale['id']}/").get_json()
    assert late["aiEnrichmentStatus"] == "done" and "enrichmentFailure" not in late["aiMetadata"]
    assert all(s["aiEnhanced"] for s in late["steps"])


def test_the_deadline_still_applies_when_redis_cannot_be_cleaned(app, client, seeded, monkeypatch):
    import japaguide.jobs

    def redis_down():
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(japaguide.jobs, "reap_abandoned_jobs", redis_down)
    response, stale = _generate(client)
    _backdate(app, stale["id"], enrichment_deadline(app.config) + 1)
    with app.app_context():
        result = execute("ai.sweep_stuck_enrichments")
    assert result["abandoned"] is None and result["failed"] == [stale["id"]]
    _assert_failed_with_steps_intact(client, stale)
    response.close()


def test_only_pending_roadmaps_are_marked(app, client, seeded):
    from plugins.ai.stuck import mark_enrichment_failed

    response, generated = _generate(client)
    response.close()  # enriched: done
    with app.app_context():
        assert mark_enrichment_failed(generated["id"], "deadline_passed") is False
    assert client.get(f"/api/v1/roadmaps/{generated['id']}/").get_json()["aiEnrichmentStatus"] == (
        "done"
    )


def test_the_sweeper_is_a_periodic_job_every_minute_and_a_command(app, runner):
    from japaguide.jobs import job_registry, periodic_jobs

    jobs = {j["job"]: j for j in periodic_jobs(app)}
    assert jobs["ai.sweep_stuck_enrichments"]["interval"] == 60
    assert jobs["jobs.reap_abandoned"]["interval"] == 60
    assert {"ai.sweep_stuck_enrichments", "jobs.reap_abandoned"} <= set(job_registry(app))
    result = runner.invoke(args=["sweep-stuck-enrichments"])
    assert result.exit_code == 0 and '"failed": []' in result.output


# ---------------------------------------------------------------- RQ with real Redis


def _rq_worker(app_config, queue_name):
    env = {
        **os.environ,
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app_config["REDIS_URL"],
        "SECRET_KEY": app_config["SECRET_KEY"],
        "JAPAGUIDE_TESTING": "1",
        # The worker's completions fail on every attempt.
        "JAPAGUIDE_EXTRA_PLUGINS": "tests.ai.broken_model:plugin",
    }
    return subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "rq"),
            "worker",
            "--burst",
            "--url",
            app_config["REDIS_URL"],
            queue_name,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@needs_redis
def test_rq_job_failing_every_retry_marks_the_roadmap_failed(app, client, seeded, app_config):
    # Immediate retries, so one burst worker runs all three attempts.
    app.config.update(
        JOBS_MODE="rq", JOBS_QUEUE="japaguide-stuck-test", JOBS_RETRY_INTERVALS=[0, 0]
    )
    response, generated = _generate(client)
    response.close()
    with app.app_context():
        job = get_queue(app).fetch_job(rq_job_id(enrichment_job_id(generated["id"])))
        assert job.timeout == enrichment_job_timeout(app.config) and job.retries_left == 2
    result = _rq_worker(app_config, "japaguide-stuck-test")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.count("exception raised while executing") == 3  # every attempt
    after = _assert_failed_with_steps_intact(client, generated)
    assert after["aiMetadata"]["enrichmentFailure"] == "job_failed"


def _simulate_a_dead_worker(queue, job_id):
    """The worker took the job and was killed: started, out of the queue, heartbeat lapsed."""
    from rq.executions import Execution
    from rq.job import JobStatus

    job = queue.fetch_job(job_id)
    queue.remove(job)
    with queue.connection.pipeline() as pipeline:
        job.set_status(JobStatus.STARTED, pipeline=pipeline)
        execution = Execution.create(job, ttl=90, pipeline=pipeline, worker_name="killed-worker")
        pipeline.execute()
    registry = queue.started_job_registry
    queue.connection.zadd(registry.key, {execution.composite_key: time.time() - 5})
    assert job.id in registry.get_expired_job_ids()


@needs_redis
def test_sweeper_fails_a_killed_workers_job_past_the_deadline(app, client, seeded):
    app.config.update(JOBS_MODE="rq", JOBS_QUEUE="japaguide-stuck-test")
    response, stale = _generate(client)
    response.close()
    response, fresh = _generate(client)
    response.close()
    with app.app_context():
        queue = get_queue(app)
        _simulate_a_dead_worker(queue, rq_job_id(enrichment_job_id(stale["id"])))
    _backdate(app, stale["id"], enrichment_deadline(app.config) + 1)
    with app.app_context():
        result = execute("ai.sweep_stuck_enrichments")
        assert result["abandoned"] == 1 and result["failed"] == [stale["id"]]
        # It has retries left, so RQ queued it again; a live worker would still upgrade it.
        assert queue.fetch_job(rq_job_id(enrichment_job_id(stale["id"]))).get_status() in {
            "queued",
            "scheduled",
        }
    _assert_failed_with_steps_intact(client, stale)
    assert client.get(f"/api/v1/roadmaps/{fresh['id']}/").get_json()["aiEnrichmentStatus"] == (
        "pending"
    )


@needs_redis
def test_a_lost_worker_with_no_retry_left_fails_the_roadmap_before_the_deadline(
    app, client, seeded
):
    app.config.update(JOBS_MODE="rq", JOBS_QUEUE="japaguide-stuck-test", JOBS_RETRY_INTERVALS=[])
    response, generated = _generate(client)
    response.close()
    with app.app_context():
        _simulate_a_dead_worker(get_queue(app), rq_job_id(enrichment_job_id(generated["id"])))
        result = execute("ai.sweep_stuck_enrichments")
        assert result["abandoned"] == 1 and result["failed"] == []  # not via the deadline
        run = db.session.scalar(
            select(JobRun).where(JobRun.job_id == enrichment_job_id(generated["id"]))
        )
        assert run.status == "failed" and "AbandonedJobError" in run.error
    after = _assert_failed_with_steps_intact(client, generated)
    assert after["aiMetadata"]["enrichmentFailure"] == "job_failed"
