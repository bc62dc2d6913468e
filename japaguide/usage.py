"""Request hygiene and usage tracking (brief §16).

* Bodies must be JSON (or multipart for uploads): anything else is a 415 problem. An action
  endpoint that needs no body accepts a request with none.
* Every API call is counted per day, endpoint and owner kind with a single increment — a Redis
  ``HINCRBY`` in production, an in-process counter otherwise — and flushed to the
  ``usage_counters`` table by :func:`flush_usage` (a periodic job), so the request path never
  pays for an extra database write.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import date
from typing import Any

from flask import Flask, current_app, g, request
from sqlalchemy import select

from japaguide.errors import APIError
from japaguide.extensions import db
from japaguide.models import UsageCounter as UsageRow
from japaguide.sessions import redis_client

log = logging.getLogger(__name__)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
ACCEPTED_BODY_TYPES = ("application/json", "multipart/form-data")
USAGE_HASH = "japaguide:usage:{day}"


def reject_unsupported_media_type() -> None:
    if request.method not in BODY_METHODS or not request.path.startswith("/api/"):
        return
    has_body = (request.content_length or 0) > 0 or request.headers.get("Transfer-Encoding")
    if not has_body:
        return
    mimetype = request.mimetype or ""
    if mimetype == "application/json" or mimetype.endswith("+json"):
        return
    if mimetype in ACCEPTED_BODY_TYPES:
        return
    raise APIError(
        415,
        f"Send the body as application/json (got {mimetype or 'no content type'}).",
        title="Unsupported media type",
    )


class UsageCounter:
    """An in-process fallback counter (embedded default), flushed like the Redis hash."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str]] = Counter()

    def incr(self, day: str, endpoint: str, kind: str) -> None:
        with self._lock:
            self._counts[(day, endpoint, kind)] += 1

    def drain(self) -> dict[tuple[str, str, str], int]:
        with self._lock:
            counts, self._counts = dict(self._counts), Counter()
        return counts


def _count_request(response: Any) -> Any:
    if not request.path.startswith("/api/") or request.endpoint is None:
        return response
    owner = g.get("owner")
    kind = owner.kind if owner is not None else "none"
    day = date.today().isoformat()
    field = f"{request.endpoint}|{kind}"

    client = redis_client(current_app)
    if client is not None:
        try:
            client.hincrby(USAGE_HASH.format(day=day), field, 1)
            return response
        except Exception as exc:  # noqa: BLE001 - never fail a request for a counter
            log.debug("usage counter unavailable: %s", exc)
    current_app.extensions["japaguide.usage"].incr(day, request.endpoint, kind)
    return response


def flush_usage(app: Flask | None = None) -> dict[str, int]:
    """Move counted calls into ``usage_counters`` (idempotent: counts are drained once)."""

    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    counts: Counter[tuple[str, str, str]] = Counter(app.extensions["japaguide.usage"].drain())
    client = redis_client(app)
    if client is not None:
        try:
            for key in client.scan_iter(match=USAGE_HASH.format(day="*")):
                day = key.decode().rsplit(":", 1)[-1]
                pipe = client.pipeline()
                pipe.hgetall(key)
                pipe.delete(key)
                values, _ = pipe.execute()
                for field, value in values.items():
                    endpoint, kind = field.decode().split("|", 1)
                    counts[(day, endpoint, kind)] += int(value)
        except Exception as exc:  # noqa: BLE001
            log.warning("could not drain usage counters from Redis: %s", exc)
    for (day, endpoint, kind), value in counts.items():
        row = db.session.scalar(
            select(UsageRow).where(
                UsageRow.day == date.fromisoformat(day),
                UsageRow.endpoint == endpoint,
                UsageRow.owner_kind == kind,
            )
        )
        if row is None:
            db.session.add(
                UsageRow(
                    day=date.fromisoformat(day), endpoint=endpoint, owner_kind=kind, count=value
                )
            )
        else:
            row.count += value
    db.session.commit()
    return {"rows": len(counts), "calls": sum(counts.values())}


def init_app(app: Flask) -> None:
    app.extensions["japaguide.usage"] = UsageCounter()
    app.after_request(_count_request)
