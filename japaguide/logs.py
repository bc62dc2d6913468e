"""Structured logs: one JSON object per line on standard error, every line of a request tagged
with its request id, and one ``request`` line per request (route, status, owner kind, duration).

Configured once per process (:func:`configure_logging` is idempotent: a second app in the same
process, a test or gunicorn's own ``logconfig_dict`` that already installed the formatter, leave
it alone). ``gunicorn.conf.py`` builds its loggers with :func:`json_formatter`,
:func:`access_json_formatter` and :class:`RequestIdFilter`, so the server's lines share the
format (its access log, one line per request with ``status`` and ``request_id``, on stdout).

A client may send ``X-Request-ID`` (letters, digits and ``._:-``, at most 128 characters) to
correlate its own logs; otherwise the app makes one. Either way it is echoed in the response's
``X-Request-ID`` header. Bodies, cookies, tokens and e-mail addresses are never logged here.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from japaguide.identity import current_owner

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
#: Loggers whose INFO chatter says nothing an operator needs.
QUIET_LOGGERS = ("alembic.runtime.plugins",)
LOG_FIELDS = "%(levelname)s %(name)s %(message)s"

log = logging.getLogger("japaguide.request")


def json_formatter() -> JsonFormatter:
    """The one log format: ``{"time", "level", "logger", "message", "request_id", …extras}``."""
    return JsonFormatter(
        LOG_FIELDS,
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
    )


class AccessJsonFormatter(JsonFormatter):
    """gunicorn's access lines in the same format, its atoms as fields (``status``, ``path``…)."""

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        if atoms:
            log_data.update(
                {
                    "remote": atoms.get("h"),
                    "method": atoms.get("m"),
                    "path": atoms.get("U"),
                    "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else None,
                    "bytes": atoms.get("B"),
                    "duration_ms": atoms.get("M"),
                    "request_id": atoms.get("{x-request-id}o") or None,
                }
            )


def access_json_formatter() -> AccessJsonFormatter:
    """gunicorn's access log (``gunicorn.conf.py``): same keys as :func:`json_formatter`."""
    return AccessJsonFormatter(
        LOG_FIELDS, rename_fields={"levelname": "level", "name": "logger"}, timestamp="time"
    )


class RequestIdFilter(logging.Filter):
    """Tag every record logged during a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Send JSON lines to standard error from the root logger, unless that is already done."""
    root = logging.getLogger()
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)


def request_id_from(headers: Any) -> str:
    """The client's ``X-Request-ID`` when it is a sane token, else a fresh one."""
    sent = headers.get(REQUEST_ID_HEADER, "")
    if REQUEST_ID_PATTERN.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def _start() -> None:
    g.request_id = request_id_from(request.headers)
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    request_id = g.get("request_id") or request_id_from({})
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    rule = request.url_rule.rule if request.url_rule is not None else None
    log.info(
        "request",
        extra={
            "request_id": request_id,
            "method": request.method,
            "route": rule,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration,
            "owner_kind": current_owner().kind,
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Give every request an id first, and log it last (after every other after-request)."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    # Flask runs after-request functions in reverse registration order: the first runs last.
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)
