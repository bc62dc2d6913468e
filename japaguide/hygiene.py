"""Input hygiene at the edge: what no database or parser can hold is refused before any view.

PostgreSQL refuses NUL in text and psycopg cannot encode a lone UTF-16 surrogate (JSON's
``"\\ud800"``), so either one in any field, query parameter or path segment reached the
database as a 500; JSON nested a thousand deep exhausts the parser's recursion. One
``before_request`` refuses them all as a 400 problem naming the field, so no schema can forget.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, request

from japaguide.errors import APIError, validation_error

#: Deeper than any body the API takes (a visa import is about six levels) and far below the
#: JSON parser's recursion limit.
MAX_JSON_DEPTH = 32
#: NUL, and UTF-16 surrogates: in a Python string decoded from JSON any surrogate is a lone one.
FORBIDDEN_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
REASON = "Contains a NUL byte or an unpaired UTF-16 surrogate, which text cannot hold."


def refuse_unholdable_input() -> None:
    """``before_request``: 400 for text no column can store and JSON too deep to walk."""
    problems: dict[str, list[str]] = {}
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and FORBIDDEN_CHARACTERS.search(value):
            problems[name] = [REASON]
    for name, value in request.args.items(multi=True):
        if _unholdable(name, value):
            problems[_clean(name)] = [REASON]
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name, value in request.form.items(multi=True):  # a nameless part's name is None
            if _unholdable(name, value):
                problems[_clean(name or "")] = [REASON]
    if request.is_json and request.content_length != 0:
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            raise _too_deep() from None
        problems.update(_walk_json(body))
    if problems:
        raise validation_error(problems)


def _unholdable(*texts: Any) -> bool:
    return any(isinstance(t, str) and FORBIDDEN_CHARACTERS.search(t) for t in texts)


def _walk_json(body: Any) -> dict[str, list[str]]:
    """Problems in a parsed JSON body, keyed by the path of the field (``profile.skills.0``)."""
    problems: dict[str, list[str]] = {}
    stack: list[tuple[Any, str, int]] = [(body, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(value, str):
            if FORBIDDEN_CHARACTERS.search(value):
                problems[path or "_body"] = [REASON]
        elif isinstance(value, dict):
            for key, item in value.items():
                where = f"{path}.{_clean(key)}" if path else _clean(key)
                if FORBIDDEN_CHARACTERS.search(key):
                    problems[where] = [REASON]
                stack.append((item, where, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{path}.{i}" if path else str(i), depth + 1) for i, item in enumerate(value)
            )
    return problems


def _clean(name: str) -> str:
    """A field name fit to be echoed back in the problem (and stored in a log)."""
    return FORBIDDEN_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", name)[:100]


def _too_deep() -> APIError:
    return validation_error(
        {"_body": [f"JSON nested deeper than {MAX_JSON_DEPTH} levels."]},
        detail=f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.",
    )


def init_app(app: Flask) -> None:
    # First of all before_request functions: nothing (owner, limiter) should see such input.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_unholdable_input)
