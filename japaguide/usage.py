"""Request hygiene and usage tracking (brief §16).

* Bodies must be JSON (or multipart for uploads): anything else is a 415 problem. An action
  endpoint that needs no body accepts a request with none.
* Every API call is counted per day, endpoint and owner kind in an in-process counter. With
  Redis, each process pushes its counts to a Redis hash at most once per
  ``USAGE_PUSH_SECONDS`` (one pipeline of ``HINCRBY``), so a request pays no Redis round trip
  for its count; a process that dies loses at most that second's counts. :func:`flush_usage`
  (a periodic job) moves the hash and the local counts to the ``usage_counters`` table, so the
  request path never pays for a database write either.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
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
#: How often a web process pushes its buffered counts to Redis (one pipeline per push).
USAGE_PUSH_SECONDS = 1.0


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
    """The process's buffered counts: drained into Redis by :meth:`push`, or by the flush."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._pushed_at = time.monotonic()

    def incr(self, day: str, endpoint: str, kind: str) -> None:
        with self._lock:
            self._counts[(day, endpoint, kind)] += 1

    def drain(self) -> dict[tuple[str, str, str], int]:
        with self._lock:
            counts, self._counts = dict(self._counts), Counter()
        return counts

    def push_due(self) -> bool:
        """True once per ``USAGE_PUSH_SECONDS`` (to one caller): time to push."""
        now = time.monotonic()
        with self._lock:
            if now - self._pushed_at < USAGE_PUSH_SECONDS:
                return False
            self._pushed_at = now
            return True

    def push(self, client: Any) -> None:
        """Move the buffered counts into the Redis hashes in one pipeline (kept if it fails)."""
        counts = self.drain()
        if not counts:
            return
        try:
            pipe = client.pipeline(transaction=False)
            for (day, endpoint, kind), value in counts.items():
                pipe.hincrby(USAGE_HASH.format(day=day), f"{endpoint}|{kind}", value)
            pipe.execute()
        except Exception as exc:  # noqa: BLE001 - never fail a request for a counter
            log.debug("usage counter unavailable: %s", exc)
            with self._lock:
                self._counts.update(counts)


def _count_request(response: Any) -> Any:
    if not request.path.startswith("/api/") or request.endpoint is None:
        return response
    owner = g.get("owner")
    kind = owner.kind if owner is not None else "none"
    counter: UsageCounter = current_app.extensions["japaguide.usage"]
    counter.incr(date.today().isoformat(), request.endpoint, kind)
    client = redis_client(current_app)
    if client is not None and counter.push_due():
        counter.push(client)
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
    counter = UsageCounter()
    app.extensions["japaguide.usage"] = counter
    app.after_request(_count_request)
    client = redis_client(app)
    if client is not None:
        atexit.register(counter.push, client)  # a worker's last second of counts
