"""Is this host's RQ worker or cron scheduler alive? (``flask health --component …``)

Container health checks run inside the container, so "alive" means *registered from this
host*: a worker elsewhere on the same Redis must not make a dead one here look healthy. Both
processes keep a heartbeat in Redis (a worker's key expires ``worker_ttl`` + 60 s after its
last beat, the scheduler's hash after ``DEFAULT_CRON_SCHEDULER_TTL``), so a stuck or killed
process stops counting on its own.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask

from japaguide.jobs import get_queue

#: ``flask scheduler`` registers under this name, so the check can find it.
SCHEDULER_NAME = "japaguide"
#: The scheduler beats at least once a minute (RQ caps its sleep at 60 s); allow two misses.
SCHEDULER_HEARTBEAT_GRACE = timedelta(seconds=150)


@dataclass(frozen=True)
class Liveness:
    alive: bool
    detail: str


def worker_liveness(app: Flask, hostname: str | None = None) -> Liveness:
    """Whether an RQ worker on ``hostname`` (default: this host) serves the app's queue."""
    from rq import Worker

    queue = get_queue(app)
    if queue is None:
        return Liveness(False, "no job queue (REDIS_URL unset or JOBS_MODE=inline)")
    hostname = hostname or socket.gethostname()
    try:
        workers = Worker.all(queue=queue)
    except Exception as exc:  # noqa: BLE001 - Redis down is "not alive", not a traceback
        return Liveness(False, f"Redis unreachable ({type(exc).__name__})")
    mine = [worker for worker in workers if worker.hostname == hostname]
    if not mine:
        return Liveness(False, f"no worker for queue {queue.name!r} registered from {hostname}")
    names = ", ".join(sorted(worker.name for worker in mine))
    return Liveness(True, f"worker(s) {names} serve queue {queue.name!r}")


def scheduler_liveness(
    app: Flask, hostname: str | None = None, now: datetime | None = None
) -> Liveness:
    """Whether ``flask scheduler`` on ``hostname`` (default: this host) beat recently."""
    from rq.cron import CronScheduler
    from rq.exceptions import SchedulerNotFound

    queue = get_queue(app)
    if queue is None:
        return Liveness(False, "no job queue (REDIS_URL unset or JOBS_MODE=inline)")
    hostname = hostname or socket.gethostname()
    try:
        scheduler = CronScheduler.fetch(SCHEDULER_NAME, connection=queue.connection)
        last_beat = scheduler.last_heartbeat
    except SchedulerNotFound:
        return Liveness(False, f"scheduler {SCHEDULER_NAME!r} is not registered")
    except Exception as exc:  # noqa: BLE001
        return Liveness(False, f"Redis unreachable ({type(exc).__name__})")
    if scheduler.hostname != hostname:
        return Liveness(False, f"scheduler {SCHEDULER_NAME!r} runs on {scheduler.hostname}")
    now = now or datetime.now(UTC)
    if last_beat is None or now - last_beat > SCHEDULER_HEARTBEAT_GRACE:
        return Liveness(False, f"scheduler {SCHEDULER_NAME!r} missed its heartbeat")
    return Liveness(True, f"scheduler {SCHEDULER_NAME!r} beat at {last_beat.isoformat()}")
