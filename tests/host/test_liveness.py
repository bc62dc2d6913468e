"""`flask health --component …`: the container health checks of web, worker and scheduler."""

import json
import os
import socket
from datetime import UTC, datetime, timedelta

import pytest

from japaguide.liveness import SCHEDULER_NAME, scheduler_liveness, worker_liveness

needs_redis = pytest.mark.skipif(
    not os.environ.get("JAPAGUIDE_TEST_REDIS_URL"), reason="needs real Redis (CI services run)"
)


def health(runner, component):
    return runner.invoke(args=["health", "--component", component])


def test_app_health_reports_the_database(runner):
    result = health(runner, "app")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["database"]["status"] == "ok"


@pytest.mark.parametrize("component", ["worker", "scheduler"])
def test_worker_and_scheduler_are_down_without_a_queue(app, runner, component):
    app.config["JOBS_MODE"] = "inline"
    result = health(runner, component)
    assert result.exit_code == 1
    assert "no job queue" in result.output


@pytest.mark.parametrize("component", ["worker", "scheduler"])
def test_worker_and_scheduler_are_down_when_redis_is(app, runner, component):
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0", JOBS_MODE="rq")
    app.extensions.pop("japaguide.redis", None)
    result = health(runner, component)
    assert result.exit_code == 1
    assert "Redis unreachable" in result.output


@needs_redis
def test_worker_is_alive_once_registered_from_this_host(app, runner):
    from rq import Worker

    from japaguide.jobs import get_queue

    app.config.update(JOBS_MODE="rq", JOBS_QUEUE="japaguide-liveness")
    assert health(runner, "worker").exit_code == 1
    queue = get_queue(app)
    worker = Worker([queue], connection=queue.connection)
    worker.register_birth()
    try:
        result = health(runner, "worker")
        assert result.exit_code == 0, result.output
        assert not worker_liveness(app, hostname="another-container").alive
    finally:
        worker.register_death()
    assert health(runner, "worker").exit_code == 1


@needs_redis
def test_scheduler_is_alive_while_it_beats(app, runner):
    from rq.cron import CronScheduler

    from japaguide.jobs import get_queue

    app.config["JOBS_MODE"] = "rq"
    assert health(runner, "scheduler").exit_code == 1
    queue = get_queue(app)
    scheduler = CronScheduler(connection=queue.connection, name=SCHEDULER_NAME)
    scheduler.register_birth()
    scheduler.heartbeat()
    try:
        result = health(runner, "scheduler")
        assert result.exit_code == 0, result.output
        later = datetime.now(UTC) + timedelta(minutes=10)
        assert not scheduler_liveness(app, now=later).alive
        assert not scheduler_liveness(app, hostname="another-container").alive
        assert scheduler_liveness(app, hostname=socket.gethostname()).alive
    finally:
        scheduler.register_death()
    assert health(runner, "scheduler").exit_code == 1


@needs_redis
def test_a_job_someone_waits_on_is_taken_before_a_backlog(app):
    """A session-link mail queued behind a burst of background work is still taken first."""
    from rq import Worker

    from japaguide.jobs import enqueue, get_queue, worker_queues

    app.config.update(JOBS_MODE="rq", JOBS_QUEUE="japaguide-priority", JOBS_RETRY_INTERVALS=[])
    with app.app_context():
        for queue in worker_queues(app):
            queue.empty()
        for _ in range(3):
            enqueue("usage.flush")
        urgent = enqueue("usage.flush", urgent=True)
        queues = worker_queues(app)
        assert [q.name for q in queues] == ["japaguide-priority-urgent", "japaguide-priority"]
        assert get_queue(app).count == 3 and get_queue(app, urgent=True).count == 1
        # the worker's order: it dequeues the urgent job although it was queued last
        job, queue = Worker(queues, connection=queues[0].connection).dequeue_job_and_maintain_ttl(
            timeout=1
        )
        assert queue.name.endswith("-urgent") and job.meta["japaguide_job_id"] == urgent
        for queue in queues:
            queue.empty()
