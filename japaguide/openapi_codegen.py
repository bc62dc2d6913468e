"""What a generated client needs from the document: ids, errors, security, tags, clean prose.

Every rule here is derived, never listed per route, so an operation a new plugin adds gets
the same treatment without anyone remembering to do it:

- ``operationId`` from the Flask endpoint (``roadmaps.generate`` → ``roadmapsGenerate``),
  stable across releases because endpoints are; a view may set its own with ``@bp.doc``.
- the error answers each operation can give, as the shared problem+json responses: 400 on
  every operation (unknown query parameters are refused everywhere), 401 where a bearer token
  is taken, 403 on admin operations, 404 where the path names a resource, 409 on writes,
  413/415 where a body is taken, 429 where the rate limits apply.
- ``security``: none on health, a required bearer token on admin operations, an optional one
  elsewhere; a view overrides it with ``@bp.doc(security=...)`` (``PUBLIC`` for catalogue reads).
- one tag per feature plugin, described by the plugin, instead of one per blueprint.
- reStructuredText roles and double backticks (docstrings are Sphinx-flavoured) as Markdown,
  which is what OpenAPI renders.
"""

from __future__ import annotations

import re
from typing import Any

from apispec import BasePlugin

from japaguide.naming import camelize
from japaguide.plugins import API_PREFIX, PluginHost
from japaguide.ratelimit import EXEMPT_PATHS

#: ``@bp.doc(**PUBLIC)``: a public read; a bearer token changes nothing, so none is offered.
PUBLIC: dict[str, Any] = {"security": []}
OPTIONAL_BEARER: list[dict[str, list]] = [{}, {"bearerAuth": []}]
REQUIRED_BEARER: list[dict[str, list]] = [{"bearerAuth": []}]
#: ``@bp.doc(**SIGNED_IN)``: an operation that answers 401 without a token.
SIGNED_IN: dict[str, Any] = {"security": REQUIRED_BEARER}
ADMIN_PREFIX = f"{API_PREFIX}/admin/"
HEALTH_PATH = f"{API_PREFIX}/health"
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
#: smorest's shared problem+json responses (``Api._register_responses``), by status.
ERROR_RESPONSES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    413: "REQUEST_ENTITY_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_REQUESTS",
}
HOST_TAG = {"health": "Service health: database, Redis, queue and plugins."}

_RST_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")
_RST_LITERAL = re.compile(r"``([^`]+)``")


def markdown(text: str) -> str:
    """Sphinx markup as Markdown: ``:func:`x``` and double backticks become single ones."""
    return _RST_LITERAL.sub(r"`\1`", _RST_ROLE.sub(r"`\1`", text))


def operation_id(endpoint: str, method: str, methods: int) -> str:
    """``blueprint.view`` as camelCase; the method is added only when one view has several."""
    name = camelize(endpoint.replace(".", "_").replace("-", "_"))
    return f"{name}{method.capitalize()}" if methods > 1 else name


class CodegenPlugin(BasePlugin):
    """apispec plugin: fills what each operation lacks as the path is added to the spec."""

    def operation_helper(self, path: Any = None, operations: Any = None, **kwargs: Any) -> None:
        rule = kwargs.get("rule")
        documented = [m for m in (operations or {}) if m != "parameters"]
        for method in documented:
            operation = operations[method]
            if rule is not None:
                operation.setdefault(
                    "operationId", operation_id(rule.endpoint, method, len(documented))
                )
            self._security(path or "", operation)
            self._errors(path or "", method, operation)

    @staticmethod
    def _security(path: str, operation: dict[str, Any]) -> None:
        if "security" in operation:
            return
        if path.rstrip("/") == HEALTH_PATH:
            operation["security"] = []
        elif path.startswith(ADMIN_PREFIX):
            operation["security"] = REQUIRED_BEARER
        else:
            operation["security"] = OPTIONAL_BEARER

    @staticmethod
    def _errors(path: str, method: str, operation: dict[str, Any]) -> None:
        responses = operation.setdefault("responses", {})
        bearer = any("bearerAuth" in s for s in operation.get("security", []))
        can_answer = {
            400: True,
            401: bearer,
            403: path.startswith(ADMIN_PREFIX),
            404: "{" in path,
            409: method in WRITE_METHODS,
            413: "requestBody" in operation,
            415: "requestBody" in operation,
            429: not path.startswith(EXEMPT_PATHS),
        }
        present = {str(code) for code in responses}
        for status, applies in can_answer.items():
            if applies and str(status) not in present:
                responses[status] = ERROR_RESPONSES[status]


def document_features(api: Any, host: PluginHost) -> None:
    """After every plugin is mounted: one tag per feature, and Markdown for every description.

    Runs once per app, on the spec smorest built while the blueprints were registered.
    """
    spec = api.spec
    feature_of = {
        blueprint: plugin.name
        for plugin in host.plugins
        for blueprint in host.blueprints.get(plugin.name, [])
    }
    # A plugin without a description is described by its first blueprint's.
    by_blueprint = {tag["name"]: tag.get("description", "") for tag in spec._tags}  # noqa: SLF001
    described = {
        plugin.name: plugin.description
        or next(
            (by_blueprint[b] for b in host.blueprints.get(plugin.name, []) if by_blueprint.get(b)),
            "",
        )
        for plugin in host.plugins
    }
    described.update(HOST_TAG)
    used: list[str] = []
    for path_item in spec._paths.values():  # noqa: SLF001 - apispec keeps no public view
        for key, operation in path_item.items():
            if key == "parameters" or not isinstance(operation, dict):
                continue
            tags = [feature_of.get(tag, tag) for tag in operation.get("tags", [])]
            operation["tags"] = list(dict.fromkeys(tags))
            used.extend(t for t in operation["tags"] if t not in used)
    spec._tags[:] = [  # noqa: SLF001
        {"name": name, "description": markdown(described.get(name) or name)} for name in used
    ]
    _clean_prose(spec._paths)  # noqa: SLF001
    _clean_prose(spec.components.schemas)
    answered = _reachable(
        spec.components.schemas,
        [
            operation.get("responses")
            for item in spec._paths.values()  # noqa: SLF001
            for key, operation in item.items()
            if key != "parameters" and isinstance(operation, dict)
        ],
    )
    for name, schema in spec.components.schemas.items():
        _one_name_of_each(schema, answered=name in answered)


def _one_name_of_each(schema: dict[str, Any], answered: bool) -> None:
    """A request schema with aliases (``x-aliasOf``) says a body carries one name of each pair.

    An alias answered in responses too (``tone`` beside ``aiTone``) is left out where the schema
    is also a response's: the answer carries both names by design.
    """
    pairs = [
        [alias, prop["x-aliasOf"]]
        for alias, prop in (schema.get("properties") or {}).items()
        if isinstance(prop, dict)
        and "x-aliasOf" in prop
        and (prop.get("writeOnly") or not answered)
    ]
    if pairs and "not" not in schema:
        schema["not"] = {"anyOf": [{"required": pair} for pair in pairs]}


def _reachable(components: dict[str, Any], roots: list[Any]) -> set[str]:
    """Names of the component schemas ``roots`` refer to, directly or through others."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen and name in components:
                    seen.add(name)
                    stack.append(components[name])
            stack.extend(node.values())
    return seen


def _clean_prose(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary") and isinstance(value, str):
                node[key] = markdown(value)
            else:
                _clean_prose(value)
    elif isinstance(node, list):
        for item in node:
            _clean_prose(item)
