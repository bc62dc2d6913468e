"""Background jobs: an RQ queue when Redis is configured, inline otherwise.

Plugins register jobs by name (``register_jobs`` hook) and enqueue them with plain ids:
``enqueue("ai.enrich_roadmap", roadmap_id)``. Whatever runs a job — the web process inline, a
``flask worker`` or a bare ``rq worker`` — goes through :func:`execute`, which pushes an app
context, records the outcome in ``job_runs`` and never lets a failure escape into a request.
Jobs run at least once, so they must be idempotent.
"""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, after_this_request, current_app, has_app_context, has_request_context
from rq import Queue, Retry

from japaguide.database import utcnow
from japaguide.extensions import db

log = logging.getLogger(__name__)

_worker_app: Flask | None = None


def job_registry(app: Flask) -> dict[str, Callable[..., Any]]:
    registry = app.extensions.get("japaguide.jobs")
    if registry is None:
        from japaguide.plugins import get_host
        from japaguide.usage import flush_usage

        registry = {"usage.flush": flush_usage}
        for contribution in get_host(app).hook.register_jobs():
            registry.update(contribution or {})
        app.extensions["japaguide.jobs"] = registry
    return registry


def get_queue(app: Flask) -> Queue | None:
    """The RQ queue, or None when jobs run inline."""
    from japaguide.sessions import redis_client

    if app.config.get("JOBS_MODE") != "rq":
        return None
    client = redis_client(app)
    if client is None:
        return None
    return Queue(app.config["JOBS_QUEUE"], connection=client)


def enqueue(name: str, *args: Any, job_id: str | None = None) -> str:
    """Run job ``name`` with ``args`` on the queue (or inline); returns the job id.

    If the queue cannot be reached the job runs inline rather than being lost.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if name not in job_registry(app):
        raise KeyError(f"unknown job {name!r}")
    job_id = job_id or f"{name}:{uuid.uuid4().hex[:12]}"
    queue = get_queue(app)
    if queue is not None:
        try:
            _record(job_id, name, args, status="queued", mode="rq")
            queue.enqueue(
                execute,
                name,
                *args,
                job_id=re.sub(r"[^A-Za-z0-9_-]", "-", job_id),
                retry=Retry(max=2, interval=[10, 60]),
                job_timeout=300,
                meta={"japaguide_job_id": job_id},
            )
            return job_id
        except Exception as exc:  # noqa: BLE001 - Redis down: run it here instead
            log.warning("queue unavailable (%s); running %s inline", exc, name)
    _record(job_id, name, args, status="queued", mode="inline")
    if has_request_context():
        # Inline jobs never hold up the response: they run once it has been sent.
        @after_this_request
        def _defer(response: Any) -> Any:
            response.call_on_close(lambda: _run_detached(app, name, args, job_id))
            return response
    else:
        execute(name, *args, job_id=job_id)
    return job_id


def _run_detached(app: Flask, name: str, args: tuple, job_id: str) -> None:
    with app.app_context():
        execute(name, *args, job_id=job_id)


def execute(name: str, *args: Any, job_id: str | None = None) -> dict[str, Any]:
    """Run a registered job inside an app context and record its outcome."""
    if has_app_context():
        return _run(name, args, job_id)
    app = _get_worker_app()
    with app.app_context():
        return _run(name, args, job_id)


def _get_worker_app() -> Flask:
    """The app a bare ``rq worker`` process runs jobs in (built once per process)."""
    global _worker_app
    if _worker_app is None:
        from japaguide import create_app

        _worker_app = create_app()
    return _worker_app


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
    from japaguide.models import JobRun

    job_id = job_id or _current_rq_job_id() or f"{name}:{uuid.uuid4().hex[:12]}"
    function = job_registry(current_app)[name]
    run = _record(job_id, name, args, status="started")
    try:
        result = function(*args) or {}
    except Exception as exc:  # noqa: BLE001 - recorded, then re-raised for RQ's retry
        db.session.rollback()
        run = db.session.get(JobRun, run.id)
        run.status = "failed"
        run.error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
        run.finished_at = utcnow()
        db.session.commit()
        log.exception("job %s (%s) failed", name, job_id)
        if _current_rq_job_id() is not None:
            raise
        return {"status": "failed", "error": run.error}
    run = db.session.get(JobRun, run.id)
    run.status = "finished"
    run.result = result if isinstance(result, dict) else {"value": result}
    run.finished_at = utcnow()
    db.session.commit()
    return {"status": "finished", **run.result}


def _record(job_id: str, name: str, args: tuple, *, status: str, mode: str | None = None) -> Any:
    from sqlalchemy import select

    from japaguide.models import JobRun

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


def periodic_jobs(app: Flask) -> list[dict[str, Any]]:
    from japaguide.plugins import get_host

    jobs: list[dict[str, Any]] = [{"job": "usage.flush", "interval": 300}]
    for contribution in get_host(app).hook.register_periodic_jobs():
        jobs.extend(contribution or [])
    return jobs
