"""What a bare ``rq worker`` process calls: it has no app, so this module builds one.

RQ imports the functions named in ``japaguide.jobs.WORKER_ENTRY_POINT`` and
``WORKER_FAILURE_CALLBACK`` by their dotted path. Building an app needs the factory, which wires
``japaguide.jobs`` in; keeping the entry points here, above the factory, is what lets
``jobs`` stay free of a deferred ``create_app`` import (no import circle in the host).
Under ``flask worker`` an app context is already active and is used as it is.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, has_app_context

from japaguide import jobs
from japaguide.factory import create_app

_worker_app: Flask | None = None


def worker_app() -> Flask:
    """The app this worker process runs jobs in (built once per process)."""
    global _worker_app
    if _worker_app is None:
        _worker_app = create_app()
    return _worker_app


def run(name: str, *args: Any, job_id: str | None = None) -> dict[str, Any]:
    """RQ's job function: run the registered job ``name`` in an app context."""
    if has_app_context():
        return jobs.execute(name, *args, job_id=job_id)
    with worker_app().app_context():
        return jobs.execute(name, *args, job_id=job_id)


def on_failure(job: Any, connection: Any, exc_type: Any, exc: Any, tb: Any) -> None:
    """RQ's failure callback: settle the job in an app context (see ``jobs.on_rq_failure``)."""
    if has_app_context():
        jobs.on_rq_failure(job, exc_type, exc)
        return
    with worker_app().app_context():
        jobs.on_rq_failure(job, exc_type, exc)
