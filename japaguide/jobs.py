"""Background jobs: an RQ queue when Redis is configured, inline otherwise.

Plugins register jobs by name (``register_jobs`` hook) and enqueue them with plain ids:
``enqueue("ai.enrich_roadmap", roadmap_id)``. Whatever runs a job — the web process inline, a
``flask worker`` or a bare ``rq worker`` (through ``japaguide.worker``, which builds the app) —
goes through :func:`execute`, which records the outcome in ``job_runs`` and never lets a
failure escape into a request.
Jobs run at least once, so they must be idempotent.

A job that has failed for good — inline at once; on RQ after its last retry, or when the worker
running it died (its heartbeat expired and :func:`reap_abandoned_jobs` found it) — fires the
``job_failed`` hook, so the plugin that owns the job can settle whatever waits on it. The host
knows no feature: it only passes the job's name, arguments, id and error.
"""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, after_this_request, current_app, has_app_context, has_request_context
from rq import Callback, Queue, Retry

from japaguide.database import utcnow
from japaguide.extensions import db
from japaguide.models import JobRun
from japaguide.plugins import get_host
from japaguide.sessions import redis_client
from japaguide.usage import flush_usage

log = logging.getLogger(__name__)


def job_registry(app: Flask) -> dict[str, Callable[..., Any]]:
    registry = app.extensions.get("japaguide.jobs")
    if registry is None:
        registry = {"usage.flush": flush_usage, "jobs.reap_abandoned": reap_abandoned_jobs}
        for contribution in get_host(app).hook.register_jobs():
            registry.update(contribution or {})
        app.extensions["japaguide.jobs"] = registry
    return registry


#: The queue a person waits on (a mail they asked for) is ``JOBS_QUEUE`` + this; a worker takes
#: from it first, so a backlog of background work (AI enrichment after a burst of roadmaps)
#: never holds a session-link e-mail back.
URGENT_QUEUE_SUFFIX = "-urgent"


def get_queue(app: Flask, *, urgent: bool = False) -> Queue | None:
    """The RQ queue (the urgent one if asked), or None when jobs run inline."""

    if app.config.get("JOBS_MODE") != "rq":
        return None
    client = redis_client(app)
    if client is None:
        return None
    name = app.config["JOBS_QUEUE"] + (URGENT_QUEUE_SUFFIX if urgent else "")
    return Queue(name, connection=client)


def worker_queues(app: Flask) -> list[Queue]:
    """What ``flask worker`` serves, in the order it takes jobs: urgent first."""
    queues = [get_queue(app, urgent=True), get_queue(app)]
    return [queue for queue in queues if queue is not None]


#: What RQ calls, by dotted path: the worker module builds the app a bare ``rq worker`` needs,
#: so it sits above the factory and this module never imports it.
WORKER_ENTRY_POINT = "japaguide.worker.run"
WORKER_FAILURE_CALLBACK = "japaguide.worker.on_failure"

#: RQ's per-attempt limit when the caller gives none.
DEFAULT_JOB_TIMEOUT = 300


def enqueue(
    name: str,
    *args: Any,
    job_id: str | None = None,
    job_timeout: int | None = None,
    urgent: bool = False,
) -> str:
    """Run job ``name`` with ``args`` on the queue (or inline); returns the job id.

    ``urgent`` is for a job someone is waiting on (an e-mail they asked for): it goes on the
    queue workers take from first.

    ``job_timeout`` bounds one attempt on RQ (seconds; the work horse is stopped past it), so a
    job whose owner knows its worst case (e.g. a model call's timeout) can say so. Retries
    follow ``JOBS_RETRY_INTERVALS``. If the queue cannot be reached the job runs inline rather
    than being lost.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if name not in job_registry(app):
        raise KeyError(f"unknown job {name!r}")
    # A job id made here is new: no earlier record of it to look up.
    new = job_id is None
    job_id = job_id or f"{name}:{uuid.uuid4().hex[:12]}"
    queue = get_queue(app, urgent=urgent)
    if queue is not None:
        try:
            _record(job_id, name, args, status="queued", mode="rq", new=new)
            intervals = [int(i) for i in app.config.get("JOBS_RETRY_INTERVALS", [10, 60])]
            queue.enqueue(
                WORKER_ENTRY_POINT,
                name,
                *args,
                job_id=rq_job_id(job_id),
                retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
                job_timeout=job_timeout or DEFAULT_JOB_TIMEOUT,
                on_failure=Callback(WORKER_FAILURE_CALLBACK),
                meta={"japaguide_job_id": job_id},
            )
            return job_id
        except Exception as exc:  # noqa: BLE001 - Redis down: run it here instead
            log.warning("queue unavailable (%s); running %s inline", exc, name)
            new = False  # its record may exist by now
    _record(job_id, name, args, status="queued", mode="inline", new=new)
    if has_request_context():
        # Inline jobs never hold up the response: they run once it has been sent.
        @after_this_request
        def _defer(response: Any) -> Any:
            response.call_on_close(lambda: _run_detached(app, name, args, job_id))
            return response
    else:
        execute(name, *args, job_id=job_id)
    return job_id


def rq_job_id(job_id: str) -> str:
    """The RQ id of a job (RQ allows letters, digits, ``-`` and ``_`` only)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", job_id)


def _run_detached(app: Flask, name: str, args: tuple, job_id: str) -> None:
    with app.app_context():
        execute(name, *args, job_id=job_id)


def execute(name: str, *args: Any, job_id: str | None = None) -> dict[str, Any]:
    """Run a registered job inside the current app context and record its outcome.

    A bare ``rq worker`` has no app: it calls :func:`japaguide.worker.run`, which builds one.
    """
    if not has_app_context():
        raise RuntimeError("jobs run in an app context: RQ calls japaguide.worker.run")
    return _run(name, args, job_id)


def _current_rq_job_id() -> str | None:
    try:
        from rq import get_current_job

        job = get_current_job()
    except Exception:  # noqa: BLE001
        return None
    if job is None:
        return None
    return job.meta.get("japaguide_job_id") or job.id


def _run(name: str, args: tuple, job_id: str | None) -> dict[str, Any]:

    job_id = job_id or _current_rq_job_id() or f"{name}:{uuid.uuid4().hex[:12]}"
    function = job_registry(current_app)[name]
    run = _record(job_id, name, args, status="started")
    try:
        result = function(*args) or {}
    except Exception as exc:  # noqa: BLE001 - recorded, then re-raised for RQ's retry
        db.session.rollback()
        run = _reloaded(run)
        run.status = "failed"
        run.error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
        run.finished_at = utcnow()
        db.session.commit()
        log.exception("job %s (%s) failed", name, job_id)
        if _current_rq_job_id() is not None:
            raise  # RQ retries it; its failure callback reports the last attempt
        _failed_for_good(name, args, job_id, run.error)
        return {"status": "failed", "error": run.error}
    run = _reloaded(run)
    run.status = "finished"
    run.result = result if isinstance(result, dict) else {"value": result}
    run.finished_at = utcnow()
    db.session.commit()
    return {"status": "finished", **run.result}


def _reloaded(run: JobRun) -> JobRun:
    """``run`` as the database has it now (after a rollback, or a job's own commits)."""
    fresh = db.session.get(JobRun, run.id)
    if fresh is None:
        raise RuntimeError(f"job run {run.id} vanished while its job ran")
    return fresh


def _record(
    job_id: str,
    name: str,
    args: tuple,
    *,
    status: str,
    mode: str | None = None,
    new: bool = False,
) -> JobRun:
    """The job's run record with ``status`` (created unless one exists; ``new``: none can)."""
    from sqlalchemy import select

    run = None
    if not new:
        run = db.session.scalar(
            select(JobRun).where(JobRun.job_id == job_id).order_by(JobRun.id.desc()).limit(1)
        )
    if run is None:
        run = JobRun(job_id=job_id, name=name, args={"args": list(args)}, mode=mode or "inline")
        db.session.add(run)
    run.status = status
    if status == "started":
        run.started_at = utcnow()
        run.error = ""
    db.session.commit()
    return run


def on_rq_failure(job: Any, exc_type: Any, exc: Any) -> None:
    """RQ's failure callback (through :func:`japaguide.worker.on_failure`), in an app context.

    Called for every failed attempt and every job whose worker was lost. RQ calls it before
    deciding on a retry, so only an attempt with no retries left is final. It runs in the work
    horse, in a worker's registry cleanup or in :func:`reap_abandoned_jobs`. It never raises
    into RQ.
    """
    if job.retries_left:
        return
    name, *args = job.args or ("?",)
    job_id = job.meta.get("japaguide_job_id") or job.id
    error = "".join(traceback.format_exception_only(exc_type, exc)).strip()[:2000]
    if exc_type is not None and exc_type.__name__ == "AbandonedJobError":
        error = "AbandonedJobError: the worker running the job was lost (heartbeat expired)"
    try:
        _settle_failure(name, tuple(args), job_id, error)
        _close_pooled_connections()
    except Exception:  # noqa: BLE001 - a callback must not break RQ's bookkeeping
        log.exception("failure callback of job %s (%s) failed", name, job_id)


def _close_pooled_connections() -> None:
    """Outside a job (a worker's own registry cleanup), close what the callback opened.

    The worker forks a work horse per job: a pooled connection left here would be shared by
    parent and child. Inside a job (the horse, or the sweeper) the pool is the job's own.
    """
    from rq import get_current_job

    if get_current_job() is None:
        db.engine.dispose()


def _settle_failure(name: str, args: tuple, job_id: str, error: str) -> None:
    """Record the final failure (the run may still say "started": its worker died) and report it."""
    run = _record(job_id, name, args, status="failed", mode="rq")
    if not run.error:
        run.error = error
    run.finished_at = run.finished_at or utcnow()
    db.session.commit()
    _failed_for_good(name, args, job_id, run.error)


def _failed_for_good(name: str, args: tuple, job_id: str, error: str) -> None:
    """Fire ``job_failed``; a failing implementation is logged, never raised."""

    try:
        hook = get_host(current_app).hook
        hook.job_failed(name=name, args=list(args), job_id=job_id, error=error)
    except Exception:  # noqa: BLE001
        db.session.rollback()
        log.exception("job_failed hook for %s (%s) failed", name, job_id)


def reap_abandoned_jobs() -> dict[str, Any]:
    """Handle jobs whose worker died now, not at RQ's next registry cleanup (every 10 minutes).

    A killed worker leaves its job "started"; once the job's heartbeat lapses (about 90 s) RQ's
    started-registry cleanup retries it or fails it, calling the failure callback. Run every
    minute (a periodic job), so a lost job is settled within about 2½ minutes. Inline: nothing.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queues = worker_queues(app)
    if not queues:
        return {"abandoned": 0, "mode": "inline"}
    abandoned = 0
    for queue in queues:
        registry = queue.started_job_registry
        abandoned += len(registry.get_expired_job_ids())
        registry.cleanup()
    return {"abandoned": abandoned}


def periodic_jobs(app: Flask) -> list[dict[str, Any]]:

    jobs: list[dict[str, Any]] = [
        {"job": "usage.flush", "interval": 300},
        {"job": "jobs.reap_abandoned", "interval": 60},
    ]
    for contribution in get_host(app).hook.register_periodic_jobs():
        jobs.extend(contribution or [])
    return jobs
