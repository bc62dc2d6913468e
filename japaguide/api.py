"""The OpenAPI layer: flask-smorest ``Api`` and ``Blueprint`` with our error conventions.

Plugins build their blueprints from :class:`Blueprint` here so that validation failures are
400 problem documents (not webargs' 422) and the OpenAPI document says so.
"""

from __future__ import annotations

import functools
import http
from typing import Any

import flask_smorest
from flask import Flask, g, request
from flask_smorest.exceptions import NotModified
from flask_smorest.utils import prepare_response
from marshmallow import RAISE, ValidationError
from webargs.flaskparser import FlaskParser

from japaguide.errors import handle_http_exception, validation_error
from japaguide.json_types import json_type_errors
from japaguide.openapi_closed import ClosedRequestBodiesPlugin
from japaguide.openapi_codegen import PUBLIC, SIGNED_IN, CodegenPlugin
from japaguide.plugins import API_PREFIX
from japaguide.schemas import ProblemSchema

__all__ = ["PUBLIC", "SIGNED_IN", "Api", "Blueprint", "create_api", "operation_ref"]


class ProblemParser(FlaskParser):
    """webargs parser answering 400 for invalid input, as the product promises."""

    DEFAULT_VALIDATION_STATUS = 400
    # Unknown query parameters are an error, not silently ignored (a typo'd filter would
    # otherwise return unfiltered data that looks filtered).
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": RAISE,
        "querystring": RAISE,
    }

    def load_json(self, req: Any, schema: Any) -> Any:
        """The JSON body, refused when a value's JSON type is not the documented one."""
        data = super().load_json(req, schema)
        errors = json_type_errors(schema, data)
        if errors:
            raise ValidationError(errors)
        return data


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose argument errors are documented as 400 problems."""

    ARGUMENTS_PARSER = ProblemParser()

    def add_url_rule(self, rule, endpoint=None, view_func=None, *args: Any, **kwargs: Any):
        """Register a view; one that declares no query parameters refuses any it is sent.

        The one rule for unknown query parameters, on every operation alike: a 400 problem
        naming them. Views with a query schema get it from the parser (``RAISE``); views
        without one get it here, so no route silently ignores a typo'd filter.
        """
        if callable(view_func) and not isinstance(view_func, type) and not _takes_query(view_func):
            view_func = _refusing_query_parameters(view_func)
        return super().add_url_rule(rule, endpoint, view_func, *args, **kwargs)

    def body(self, schema: Any, **kwargs: Any):
        """``@bp.body(Schema)``: a JSON body (a missing body loads as ``{}``)."""
        kwargs.setdefault("location", "json")
        # A missing body loads as {}: it is optional exactly when no field is required, and
        # the document must say so (clients may send a bare POST/PATCH).
        kwargs.setdefault("required", _has_required_field(schema))
        return self.arguments(schema, **kwargs)

    def _check_not_modified(self, etag: str) -> None:
        """304 when ``If-None-Match`` names the ETag, weak (``W/"…"``) or strong.

        RFC 9110 §13.1.2: If-None-Match uses the weak comparison; smorest's own check only
        matches strong tags, so a browser or proxy that weakened the tag never got its 304.
        """
        if (
            request.method in self.METHODS_CHECKING_NOT_MODIFIED
            and request.if_none_match.contains_weak(etag)
        ):
            g.not_modified_etag = etag  # the 304 names the tag it confirms (page_cache)
            raise NotModified


def operation_ref(path: str, method: str) -> str:
    """An OpenAPI ``operationRef`` to ``method`` on ``path`` (below ``/api/v1``) for links.

    Links tell generated clients, and schemathesis' stateful phase, which value of one answer
    feeds which parameter of the next operation (``$response.body#/id`` → ``{roadmap_id}``).
    """
    pointer = f"{API_PREFIX}{path}".replace("~", "~0").replace("/", "~1")
    return f"#/paths/{pointer}/{method.lower()}"


def _takes_query(view_func: Any) -> bool:
    parameters = getattr(view_func, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return any(p.get("in", p.get("location")) in ("query", "querystring") for p in parameters)


def _refusing_query_parameters(view_func: Any) -> Any:
    @functools.wraps(view_func)
    def view(*args: Any, **kwargs: Any) -> Any:
        if request.args:
            raise validation_error({name: ["Unknown field."] for name in request.args})
        return view_func(*args, **kwargs)

    return view


def _has_required_field(schema: Any) -> bool:
    instance = schema() if isinstance(schema, type) else schema
    if instance.partial is True:
        return False
    return any(field.required for field in instance.fields.values())


class Api(flask_smorest.Api):
    """One per app. Errors go through our problem+json handler (which keeps ``Allow`` and
    ``Retry-After`` headers that smorest's own handler drops)."""

    ERROR_SCHEMA = ProblemSchema
    ERROR_CONTENT_TYPE = "application/problem+json"

    def handle_http_exception(self, error):
        return handle_http_exception(error)

    def _register_responses(self) -> None:
        """smorest's shared error responses, documented as what we send: problem+json."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, self.ERROR_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, self.ERROR_CONTENT_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def create_api(app: Flask) -> Api:
    api = Api(
        app,
        spec_kwargs={
            "servers": [{"url": "/"}],
            "marshmallow_plugin": ClosedRequestBodiesPlugin(),
            # Security is set per operation (japaguide.openapi_codegen), not globally: health
            # takes no token, admin operations require one, the rest take one optionally.
            "extra_plugins": [CodegenPlugin()],
        },
    )
    app.extensions["api"] = api
    return api
