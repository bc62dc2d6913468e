"""Structured logs: JSON lines, a request id on every request (the client's or a new one),
one ``request`` line per request, and logging configured once per process."""

import json
import logging
import re

from pythonjsonlogger.json import JsonFormatter

from japaguide import create_app
from japaguide.logs import REQUEST_ID_HEADER, json_formatter


def request_records(caplog):
    return [r for r in caplog.records if r.name == "japaguide.request"]


def test_a_client_request_id_is_echoed_and_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="japaguide.request")
    response = client.get("/api/v1/health", headers={REQUEST_ID_HEADER: "front-42.a:b"})
    assert response.headers[REQUEST_ID_HEADER] == "front-42.a:b"
    (record,) = request_records(caplog)
    assert record.request_id == "front-42.a:b"
    assert (record.method, record.route, record.status) == ("GET", "/api/v1/health", 200)
    assert record.owner_kind == "none" and record.duration_ms >= 0


def test_without_one_or_with_a_bad_one_the_app_makes_an_id(client):
    fresh = client.get("/api/v1/health").headers[REQUEST_ID_HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)
    for bad in ("x" * 129, "a b", "<script>"):
        made = client.get("/api/v1/health", headers={REQUEST_ID_HEADER: bad})
        assert made.headers[REQUEST_ID_HEADER] != bad
        assert re.fullmatch(r"[0-9a-f]{32}", made.headers[REQUEST_ID_HEADER])


def test_errors_and_writes_carry_the_id_and_owner_kind(client, caplog):
    caplog.set_level(logging.INFO, logger="japaguide.request")
    missing = client.get("/api/v1/nowhere", headers={REQUEST_ID_HEADER: "r-404"})
    assert missing.status_code == 404 and missing.headers[REQUEST_ID_HEADER] == "r-404"
    client.post("/api/v1/notes/", json={"text": "x"}, headers={REQUEST_ID_HEADER: "r-201"})
    by_id = {r.request_id: r for r in request_records(caplog)}
    assert by_id["r-404"].status == 404 and by_id["r-404"].route is None
    assert by_id["r-201"].status == 201 and by_id["r-201"].owner_kind == "anonymous"


def test_a_line_is_one_json_object_with_the_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="japaguide.request")
    client.get("/api/v1/health", headers={REQUEST_ID_HEADER: "line-1"})
    line = json_formatter().format(request_records(caplog)[0])
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "request" and entry["request_id"] == "line-1"
    assert {"time", "level", "logger", "status", "route", "duration_ms", "owner_kind"} <= set(entry)


def test_logging_is_configured_once_per_process(app_config):
    create_app(app_config)
    create_app(app_config)
    root = logging.getLogger()
    assert sum(isinstance(h.formatter, JsonFormatter) for h in root.handlers) == 1
