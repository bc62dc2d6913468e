"""Every error as ``application/problem+json`` (RFC 9457), and the domain errors services raise.

One shape for everything a client can get wrong or the server can suffer: validation (with the
failing fields), malformed JSON, wrong content type, 401, 404 (unknown routes too), 405, 413,
429 (with ``Retry-After``), 500 (no internals), 503 (with ``Retry-After``: the session store
or the limiter's storage is unavailable).

Services speak the domain, not HTTP: they raise a :class:`DomainError` (``NotFound``,
``InvalidField`` naming the field in snake_case, ``Conflict``, ``RuleViolation``, ``Gone``,
``NotAllowed``, ``Unauthenticated``, ``TooManyAttempts``, ``PaymentRequired``), so a CLI
command, a job or another plugin can call them and catch what they mean. This layer alone
turns them into problem documents, with the field names camelCased for the wire. Routes may
still raise :class:`APIError` for purely HTTP matters (a missing upload part, an admin check).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from japaguide.extensions import db
from japaguide.naming import camelize

PROBLEM_MIME = "application/problem+json"
PROBLEM_BASE = "https://japaguide.dev/problems/"

log = logging.getLogger(__name__)
#: What a client is told to wait when the database is unreachable (a restart or failover).
DATABASE_RETRY_AFTER_SECONDS = 5

#: Stable problem types per status: clients switch on ``type``, not on prose.
PROBLEM_TYPES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    429: "rate-limited",
    500: "server-error",
    503: "service-unavailable",
}

# Headers of a werkzeug exception worth keeping on the problem response.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")
#: The statuses whose answer means "come back later" (RFC 9110 §10.2.3); only they keep it.
RETRY_AFTER_STATUSES = frozenset({429, 503})
_RETRY_AFTER_ATTR = "japaguide_retry_after"


class APIError(HTTPException):
    """Raise from services or routes to answer with a problem document.

    ``fields`` maps failing field names to messages (validation problems).
    """

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        problem: str | None = None,
        fields: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.code = status
        self.title = title
        self.problem = problem
        self.fields = fields
        self.extra = extra or {}
        self.extra_headers = headers or {}


# ----------------------------------------------------------------- domain errors

Messages = str | list[str]


class DomainError(Exception):
    """A refusal in the domain's words; the error layer answers it as a problem document.

    ``fields`` maps snake_case field names to a message (or messages); ``extra`` adds members
    to the problem (e.g. the choices left). ``status``/``title``/``problem`` say how the error
    layer reports it: each subclass fixes them, a raise may refine ``title`` and ``problem``.
    """

    status = 400
    title: str | None = None
    problem: str | None = None

    def __init__(
        self,
        detail: str,
        *,
        fields: dict[str, Messages] | None = None,
        title: str | None = None,
        problem: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = dict(fields or {})
        if title is not None:
            self.title = title
        if problem is not None:
            self.problem = problem
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})

    def wire_fields(self) -> dict[str, list[str]] | None:
        """The failing fields as the API names them (camelCase), each with a list of messages."""
        if not self.fields:
            return None
        return {
            camelize(name): [messages] if isinstance(messages, str) else list(messages)
            for name, messages in self.fields.items()
        }


class NotFound(DomainError):
    """There is no such thing for this owner (someone else's data is not found either)."""

    status = 404


class InvalidField(DomainError):
    """A value the domain refuses: ``InvalidField("visa_type_id", "Not one of …")``.

    Without ``detail`` it is the validation problem ("Invalid input in: visaTypeId."); a service
    that explains the refusal in its own ``detail`` answers the plain bad-request problem.
    """

    def __init__(
        self,
        field: str,
        message: Messages,
        *,
        detail: str | None = None,
        more: dict[str, Messages] | None = None,
        **kwargs: Any,
    ) -> None:
        fields = {field: message, **(more or {})}
        if detail is None:
            detail = f"Invalid input in: {', '.join(sorted(camelize(f) for f in fields))}."
            kwargs.setdefault("title", "Validation failed")
            kwargs.setdefault("problem", "validation-error")
        super().__init__(detail, fields=fields, **kwargs)


class RuleViolation(DomainError):
    """Well-formed input that breaks a rule the document cannot state (a date already past)."""

    status = 422
    title = "Unprocessable request"
    problem = "rule-violation"

    def __init__(self, field: str, message: Messages, *, detail: str | None = None) -> None:
        super().__init__(
            detail or f"Not possible as asked: {camelize(field)}.", fields={field: message}
        )


class Conflict(DomainError):
    """The request clashes with the current state (taken, already done, a choice needed)."""

    status = 409


class Gone(DomainError):
    """It existed but can no longer be used (a spent or expired link)."""

    status = 410


class NotAllowed(DomainError):
    """The owner may not do this (a signed-in user e-mailing an anonymous session …)."""

    status = 400


class Unauthenticated(DomainError):
    """The credentials or token do not prove who the caller is."""

    status = 401


class PaymentRequired(DomainError):
    """The owner's plan has nothing left for this (AI credits)."""

    status = 402
    title = "Payment required"


class TooManyAttempts(DomainError):
    """Too many tries: wait ``retry_after_seconds`` (sent as ``Retry-After``)."""

    status = 429

    def __init__(self, detail: str, *, retry_after_seconds: int, **kwargs: Any) -> None:
        headers = {"Retry-After": str(retry_after_seconds), **kwargs.pop("headers", {})}
        super().__init__(detail, headers=headers, **kwargs)
        self.retry_after_seconds = retry_after_seconds


class Unavailable(DomainError):
    """It cannot be done right now, through no fault of the request (retry later)."""

    status = 503
    title = "Service unavailable"


def handle_domain_error(error: DomainError) -> Response:
    return problem_response(
        error.status,
        error.detail,
        title=error.title,
        problem=error.problem,
        fields=error.wire_fields(),
        extra=error.extra,
        headers=error.headers,
    )


def validation_error(fields: dict[str, Any], detail: str | None = None) -> APIError:
    """A 400 naming every failing field."""
    names = ", ".join(sorted(fields))
    return APIError(
        400,
        detail or f"Invalid input in: {names}.",
        title="Validation failed",
        problem="validation-error",
        fields=fields,
    )


def rule_error(fields: dict[str, Any], detail: str | None = None) -> APIError:
    """A 422: the request matches the document but breaks a rule the document cannot state
    (a date that has passed, a window too long). 400 stays for input the schema refuses."""
    names = ", ".join(sorted(fields))
    return APIError(
        422,
        detail or f"Not possible as asked: {names}.",
        title="Unprocessable request",
        problem="rule-violation",
        fields=fields,
    )


def problem_response(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    problem: str | None = None,
    fields: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (problem or PROBLEM_TYPES.get(status, "error")),
        "title": title or _default_title(status),
        "status": status,
        "detail": detail,
    }
    if request:
        body["instance"] = request.path
    if fields:
        body["errors"] = fields
    body.update(extra or {})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIME)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    if "Retry-After" in response.headers:
        setattr(response, _RETRY_AFTER_ATTR, response.headers["Retry-After"])
    return response


def keep_problem_retry_after(response: Response) -> Response:
    """``after_request`` (registered before the limiter's, so it runs after it).

    Flask-Limiter sets ``Retry-After`` on every response to the larger of the existing value
    and its window's reset (up to an hour); a problem that named its own wait (a 503 "try
    again in a few seconds") keeps it, and any other answer than a 429 or 503 drops it.
    """
    value = getattr(response, _RETRY_AFTER_ATTR, None)
    if value is not None:
        response.headers["Retry-After"] = value
    elif response.status_code not in RETRY_AFTER_STATUSES:
        # The limiter's window reset is no "retry after" for an answer that succeeded.
        response.headers.pop("Retry-After", None)
    return response


def _default_title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _flatten_webargs_messages(messages: Any) -> dict[str, Any]:
    """webargs nests messages by location (``{"json": {"field": [...]}}``); drop the location."""
    if not isinstance(messages, dict):
        return {"_body": messages}
    flat: dict[str, Any] = {}
    for location, value in messages.items():
        if isinstance(value, dict) and location in {"json", "query", "form", "files", "view_args"}:
            flat.update(value)
        else:
            flat[location] = value
    return flat


def handle_http_exception(error: HTTPException) -> Response:
    """Turn any werkzeug/webargs/limiter exception into a problem document."""
    status = error.code or 500
    headers = {}
    for key in _KEPT_HEADERS:
        if value := dict(error.get_headers()).get(key):
            headers[key] = value
    if isinstance(error, APIError):
        headers.update(error.extra_headers)
        return problem_response(
            status,
            error.description or "",
            title=error.title,
            problem=error.problem,
            fields=error.fields,
            extra=error.extra,
            headers=headers,
        )
    data = getattr(error, "data", None) or {}
    if status == 429:
        headers.setdefault("Retry-After", _retry_after(error))
        return problem_response(
            429,
            f"Rate limit exceeded ({getattr(error, 'description', '') or 'too many requests'}). "
            "Try again later.",
            headers=headers,
        )
    if "messages" in data:
        fields = _flatten_webargs_messages(data["messages"])
        if list(fields) == ["_schema"] or "Invalid JSON body." in str(fields):
            return problem_response(
                400,
                "The request body is not valid JSON.",
                title="Malformed JSON",
                problem="malformed-json",
                fields=fields,
                headers=headers,
            )
        return problem_response(
            400,
            f"Invalid input in: {', '.join(sorted(fields))}.",
            title="Validation failed",
            problem="validation-error",
            fields=fields,
            headers=headers,
        )
    if status == 405:
        detail = f"The method {request.method} is not allowed for this URL."
    elif status == 404:
        detail = "The requested resource was not found."
    elif status == 413:
        detail = "The request body is larger than the server accepts."
    elif status >= 500:
        detail = "Something went wrong on our side. It has been logged."
    else:
        detail = error.description or _default_title(status)
    return problem_response(status, detail, headers=headers)


def _retry_after(error: HTTPException) -> str:
    limit = getattr(error, "limit", None)
    try:
        seconds = int(limit.limit.get_expiry()) if limit is not None else 60
    except Exception:  # noqa: BLE001
        seconds = 60
    return str(seconds)


def handle_unexpected(error: Exception) -> Response:
    """Never leak internals: log with the traceback, answer a bare 500 problem."""
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    _discard_failed_transaction()
    if isinstance(error, OperationalError):
        # The database is down, restarting, or too busy to answer in time: the request was
        # fine and will work again shortly, so say so (503 + Retry-After), not "our bug".
        log.error("database unavailable on %s %s: %s", request.method, request.path, error.orig)
        return problem_response(
            503,
            "The database is unavailable right now. Try again shortly.",
            title="Service unavailable",
            problem="database-unavailable",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )
    log.exception("unhandled error on %s %s", request.method, request.path)
    return handle_http_exception(InternalServerError())


def _discard_failed_transaction() -> None:
    """Roll the database session back after a failed flush.

    Otherwise saving the server-side session after the response (which queries the same
    database session) fails again, and the client gets a bare crash instead of the problem.
    """

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - no database bound, or it is down: nothing to undo
        log.debug("no database session to roll back", exc_info=True)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
