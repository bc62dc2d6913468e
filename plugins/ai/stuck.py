"""Stuck enrichments: the deadline of an enrichment job, and what marks a roadmap ``failed``.

A roadmap is ``pending`` from ``roadmap_enrichment`` until its enrichment job writes ``done`` or
``fallback``. If that job fails for good (``job_failed``), or never finishes (a killed worker, a
flushed queue, a web process that died mid inline job), the roadmap is marked ``failed``: the
deterministic steps stay as they are and ``fallback_used`` is set in its AI metadata, so a
client stops waiting. Two paths, because either alone can miss:

* ``job_failed`` marks it at once (inline failure, the last RQ retry, a lost worker reaped);
* :func:`sweep_stuck_enrichments`, every minute, marks any roadmap still pending past
  :func:`enrichment_deadline` — the backstop for jobs that vanish with no callback.

A late success wins: the job still runs to completion if RQ retries it, and
``enrich_roadmap`` upgrades a ``failed`` roadmap to ``done``/``fallback`` (enrichment only adds
advice, so running it after a failure is safe). Only ``pending`` ever becomes ``failed``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from japaguide.database import utcnow
from japaguide.extensions import db

#: The ``ai_metadata`` key recording when enrichment was queued (ISO 8601, UTC).
QUEUED_AT_KEY = "enrichment_queued_at"
#: The ``ai_metadata`` key saying why a roadmap's enrichment failed.
FAILURE_KEY = "enrichment_failure"
JOB_NAME = "ai.enrich_roadmap"


def enrichment_job_timeout(config: Any) -> int:
    """RQ's per-attempt limit: the model call twice (the client retries once) plus 30 s of
    database and prompt work, so a slow but healthy model is never cut off."""
    return math.ceil(2 * float(config["OPENAI_TIMEOUT_SECONDS"])) + 30


def enrichment_deadline(config: Any) -> int:
    """Seconds after queueing past which a pending enrichment counts as dead.

    ``AI_ENRICHMENT_DEADLINE_SECONDS``, but never less than one attempt's timeout plus 30 s:
    a job still legitimately running is not declared dead.
    """
    configured = int(config.get("AI_ENRICHMENT_DEADLINE_SECONDS", 120))
    return max(configured, enrichment_job_timeout(config) + 30)


def enrichment_job_id(roadmap_id: int) -> str:
    """One job id per roadmap: a second enqueue of the same roadmap is the same job."""
    return f"{JOB_NAME}:{roadmap_id}"


def mark_enrichment_failed(roadmap_id: int, reason: str) -> bool:
    """Move a *pending* roadmap to ``failed``; True if this call did it.

    A conditional UPDATE, so a job that commits ``done`` at the same moment is never
    overwritten (the row is no longer pending and nothing changes). Steps are not touched.
    """
    from plugins.roadmaps.models import Roadmap

    roadmap = db.session.get(Roadmap, roadmap_id)
    if roadmap is None or roadmap.ai_enrichment_status != "pending":
        return False
    metadata = {**(roadmap.ai_metadata or {}), "fallback_used": True, FAILURE_KEY: reason}
    changed = db.session.execute(
        update(Roadmap)
        .where(Roadmap.id == roadmap_id, Roadmap.ai_enrichment_status == "pending")
        .values(ai_enrichment_status="failed", ai_metadata=metadata)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.expire_all()
    if changed:
        current_app.logger.warning("roadmap %s enrichment failed: %s", roadmap_id, reason)
    return bool(changed)


def sweep_stuck_enrichments() -> dict[str, Any]:
    """Periodic job (every minute): settle lost jobs, then fail pending roadmaps past the deadline.

    First RQ's started registry is cleaned now (``reap_abandoned_jobs``), so a job whose worker
    died is retried or failed — the latter reaches ``job_failed`` — instead of waiting for RQ's
    own cleanup. Then every roadmap still pending longer than the deadline is marked failed.
    Idempotent; a fresh pending roadmap is left alone.
    """
    from japaguide.jobs import reap_abandoned_jobs
    from plugins.roadmaps.models import Roadmap

    try:
        reaped = reap_abandoned_jobs().get("abandoned", 0)
    except Exception:  # noqa: BLE001 - Redis unreachable: the deadline below still applies
        current_app.logger.exception("could not clean RQ's started registry")
        reaped = None
    cutoff = utcnow() - timedelta(seconds=enrichment_deadline(current_app.config))
    rows = db.session.execute(
        select(Roadmap.id, Roadmap.ai_metadata, Roadmap.updated_at).where(
            Roadmap.ai_enrichment_status == "pending"
        )
    ).all()
    failed = [
        roadmap_id
        for roadmap_id, metadata, updated_at in rows
        if _queued_at(metadata, updated_at) < cutoff
        and mark_enrichment_failed(roadmap_id, "deadline_passed")
    ]
    return {"abandoned": reaped, "pending": len(rows), "failed": failed}


def _queued_at(metadata: dict[str, Any] | None, fallback: datetime) -> datetime:
    """When enrichment was queued; rows from before the key existed use ``updated_at``."""
    raw = (metadata or {}).get(QUEUED_AT_KEY)
    try:
        queued = datetime.fromisoformat(raw) if isinstance(raw, str) else fallback
    except ValueError:
        queued = fallback
    return queued if queued.tzinfo else queued.replace(tzinfo=UTC)
