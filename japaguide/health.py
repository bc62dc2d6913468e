"""``GET /api/v1/health``: the state of the database, Redis, the queue and the plugins.

200 while the database answers (Redis being down degrades, it does not fail the app);
503 when the database is down, so load balancers stop sending traffic.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy import text

from japaguide.api import Blueprint
from japaguide.extensions import db
from japaguide.jobs import get_queue
from japaguide.plugins import get_host
from japaguide.sessions import redis_client

blueprint_name = "health"


def database_answers() -> None:
    """``SELECT 1`` on a connection in autocommit, handed back before Redis is asked.

    Load balancers probe this often, and under load it must stay cheap: no transaction is left
    open (idle in transaction) while the other checks run, and no BEGIN/ROLLBACK round trips.
    """
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SELECT 1"))


def check_health(app: Flask) -> tuple[dict[str, Any], int]:
    report: dict[str, Any] = {"status": "ok"}
    try:
        database_answers()
        report["database"] = {"status": "ok", "backend": db.engine.dialect.name}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        report["database"] = {"status": "down", "error": type(exc).__name__}
        report["status"] = "down"
    client = redis_client(app)
    if client is None:
        report["redis"] = {"status": "embedded"}
    else:
        try:
            client.ping()
            report["redis"] = {"status": "ok"}
        except Exception as exc:  # noqa: BLE001
            report["redis"] = {"status": "down", "error": type(exc).__name__}
            report["status"] = "degraded" if report["status"] == "ok" else report["status"]
    queue = get_queue(app)
    if queue is None:
        report["queue"] = {"status": "inline"}
    else:
        try:
            report["queue"] = {"status": "ok", "name": queue.name, "pending": queue.count}
        except Exception as exc:  # noqa: BLE001
            report["queue"] = {"status": "down", "error": type(exc).__name__}
    host = get_host(app)
    report["plugins"] = [{"name": p.name, "version": p.version} for p in host.plugins]
    for extra in host.hook.health_checks():
        report.update(extra or {})
    return report, (503 if report["status"] == "down" else 200)


def register(app: Flask, api: Any) -> None:
    bp = Blueprint("health", __name__, description="Service health")

    @bp.route("/health")
    @bp.response(200, description="Service state (503 when the database is down)")
    def health() -> Any:
        """The state of the database, Redis, the queue and the loaded plugins."""
        report, status = check_health(current_app)
        return report, status

    api.register_blueprint(bp, url_prefix="/api/v1")
