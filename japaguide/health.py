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
    queue = get_queue(app)
    pending: int | None = None
    if client is None:
        report["redis"] = {"status": "embedded"}
    else:
        try:
            # One round trip: the ping, and the queue's length when jobs go to RQ.
            pipe = client.pipeline(transaction=False)
            pipe.ping()
            if queue is not None:
                pipe.llen(queue.key)
            answers = pipe.execute()
            pending = int(answers[1]) if queue is not None else None
            report["redis"] = {"status": "ok"}
        except Exception as exc:  # noqa: BLE001
            report["redis"] = {"status": "down", "error": type(exc).__name__}
            report["status"] = "degraded" if report["status"] == "ok" else report["status"]
    if queue is None:
        report["queue"] = {"status": "inline"}
    elif pending is None:
        report["queue"] = {"status": "down", "error": report["redis"].get("error", "Unknown")}
    else:
        report["queue"] = {"status": "ok", "name": queue.name, "pending": pending}
    host = get_host(app)
    checks = _plugin_health_checks(host)
    report["plugins"] = []
    for plugin in host.plugins:
        failures = host.failures_of(plugin.name)
        entry: dict[str, Any] = {"name": plugin.name, "version": plugin.version}
        entry["status"] = "degraded" if plugin.name in checks["raised"] else "ok"
        entry["hookFailures"] = failures  # since start-up, per hook: logged with the plugin
        report["plugins"].append(entry)
    report.update(checks["extra"])
    if checks["raised"] and report["status"] == "ok":
        report["status"] = "degraded"
    return report, (503 if report["status"] == "down" else 200)


HOST_KEYS = frozenset({"status", "database", "redis", "queue", "plugins"})


def _plugin_health_checks(host: Any) -> dict[str, Any]:
    """Each plugin's ``health_checks`` in load order; one that raises (isolated: logged and
    counted by the host) degrades its plugin, and a plugin cannot overwrite the host's keys."""
    extra: dict[str, Any] = {}
    raised: set[str] = set()
    caller = host.hook.health_checks
    for impl in reversed(caller.get_hookimpls()):  # load order (registered last-first)
        before = host.failures[(impl.plugin_name, "health_checks")]
        answer = impl.function()
        if host.failures[(impl.plugin_name, "health_checks")] > before:
            raised.add(impl.plugin_name)
            continue
        for key, value in (answer or {}).items():
            if key not in HOST_KEYS:
                extra[key] = value
    return {"extra": extra, "raised": raised}


def register(app: Flask, api: Any) -> None:
    bp = Blueprint("health", __name__, description="Service health")

    @bp.route("/health")
    @bp.response(200, description="Service state (503 when the database is down)")
    def health() -> Any:
        """The state of the database, Redis, the queue and the loaded plugins."""
        report, status = check_health(current_app)
        return report, status

    api.register_blueprint(bp, url_prefix="/api/v1")
