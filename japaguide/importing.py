"""The host's import kit: one way for every plugin to take a data file in, all or nothing.

An import validates the whole file and either writes every record or changes nothing,
reporting the record, field and reason of every error. Countries, visa routes and any third
party's data share the result, its wire shape (``ImportResult`` / ``ImportProblem`` in the
OpenAPI document), how an admin upload is read (JSON body or multipart JSON/CSV file) and how a
``flask import-…`` command prints the outcome, so operators meet one behaviour everywhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click
from flask import request
from marshmallow import fields

from japaguide.errors import APIError
from japaguide.schemas import CamelSchema


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "dry_run": self.dry_run,
        }


def flatten_errors(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """marshmallow's nested messages as (dotted field, reason) pairs."""
    pairs: list[tuple[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            pairs.extend(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, dict | list):
                pairs.extend(flatten_errors(item, prefix))
            else:
                pairs.append((prefix or "_record", str(item)))
    else:
        pairs.append((prefix or "_record", str(messages)))
    return pairs


def parse_file(content: bytes | str, filename: str) -> Any:
    """JSON (any shape) or CSV (rows as dicts) from an uploaded or local file."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    if filename.lower().endswith(".csv"):
        return list(csv.DictReader(io.StringIO(text)))
    return json.loads(text)


# ----------------------------------------------------------------- the wire shapes


class ImportErrorSchema(CamelSchema):
    record = fields.Raw(allow_none=True)
    code = fields.String(allow_none=True)
    slug = fields.String(allow_none=True)
    field = fields.String()
    reason = fields.String()


class ImportResultSchema(CamelSchema):
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    dry_run = fields.Boolean()
    errors = fields.List(fields.Nested(ImportErrorSchema))


class ImportProblemSchema(CamelSchema):
    """A rejected import: a problem document (RFC 9457) carrying the whole report."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    dry_run = fields.Boolean()
    errors = fields.Raw(
        metadata={
            "oneOf": [
                {"type": "array", "items": {"$ref": "#/components/schemas/ImportError"}},
                {"type": "object", "description": "A bad query string: field → messages."},
            ]
        }
    )


class ImportQuerySchema(CamelSchema):
    dry_run = fields.Boolean(load_default=False)
    country = fields.String(load_default=None)


def rejected_import(result: dict, status: int = 422) -> APIError:
    """An import with errors: nothing was written, every error is listed.

    422 when the body is a readable list of records that the importer refuses (a rule of the
    seed format, which the document does not restate); 400 when the file itself cannot be read.
    """
    report = ImportResultSchema().dump(result)
    count = len(report.get("errors") or [])
    return APIError(
        status,
        f"{count} error(s) in the file; nothing was imported.",
        title="Import rejected",
        problem="import-rejected",
        extra=report,
    )


# ----------------------------------------------------------------- admin uploads


def import_request_doc(
    description: str, example: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of an import endpoint: a JSON array or a multipart file."""
    json_body: dict[str, Any] = {"schema": {"type": "array", "items": {"type": "object"}}}
    if example is not None:
        json_body["example"] = example
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/json": json_body,
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    }


def rejected_file(reason: str, status: int = 400) -> APIError:
    """An unreadable upload, reported in the same shape as a file with bad records."""
    error = {"record": None, "code": None, "slug": None, "field": "file", "reason": reason}
    return rejected_import(
        {"created": 0, "updated": 0, "unchanged": 0, "dry_run": False, "errors": [error]},
        status=status,
    )


def read_import_payload(parse_row: Callable[[dict[str, str]], Any] | None = None) -> Any:
    """The records of an admin import: an uploaded file (JSON/CSV) or the JSON body."""
    upload = request.files.get("file")
    if upload is not None:
        try:
            data = parse_file(upload.read(), upload.filename or "upload.json")
        except (ValueError, UnicodeDecodeError) as exc:
            # The part is as documented (binary); its bytes are no JSON/CSV: a 422, like an
            # image part whose bytes are no image.
            raise rejected_file(f"Not valid JSON/CSV: {exc}", status=422) from exc
        if (upload.filename or "").lower().endswith(".csv") and parse_row is not None:
            data = [parse_row(row) for row in data]
        return data
    data = request.get_json(silent=True)
    if data is None:
        raise rejected_file("Missing: send a JSON body or a multipart `file`.")
    return data


# ----------------------------------------------------------------- commands


def echo_result(result: ImportResult, what: str) -> None:
    """Print an import's outcome for a ``flask import-…`` command; exit 1 when rejected."""
    if result.errors:
        click.echo(f"{what}: rejected, nothing changed. {len(result.errors)} error(s):", err=True)
        for error in result.errors:
            where = error.get("code") or error.get("slug") or error.get("record")
            click.echo(f"  record {where}: {error['field']}: {error['reason']}", err=True)
        raise SystemExit(1)
    prefix = "[dry run] " if result.dry_run else ""
    click.echo(
        f"{prefix}{what}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
