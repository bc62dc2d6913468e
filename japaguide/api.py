"""The OpenAPI layer: flask-smorest ``Api`` and ``Blueprint`` with our error conventions.

Plugins build their blueprints from :class:`Blueprint` here so that validation failures are
400 problem documents (not webargs' 422) and the OpenAPI document says so.
"""

from __future__ import annotations

from typing import Any

import flask_smorest
from flask import Flask
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

from japaguide.errors import handle_http_exception
from japaguide.schemas import ProblemSchema


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


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose argument errors are documented as 400 problems."""

    ARGUMENTS_PARSER = ProblemParser()

    def body(self, schema: Any, **kwargs: Any):
        """``@bp.body(Schema)``: a JSON body (a missing body loads as ``{}``)."""
        kwargs.setdefault("location", "json")
        return self.arguments(schema, **kwargs)


class Api(flask_smorest.Api):
    """One per app. Errors go through our problem+json handler (which keeps ``Allow`` and
    ``Retry-After`` headers that smorest's own handler drops)."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):  # type: ignore[override]
        return handle_http_exception(error)


def create_api(app: Flask) -> Api:
    api = Api(app, spec_kwargs={"servers": [{"url": "/"}]})
    api.spec.options["security"] = [{}, {"bearerAuth": []}]
    app.extensions["api"] = api
    return api
