"""What the document says about unknown keys: request bodies closed, responses open.

Every request schema refuses unknown keys (``unknown = RAISE`` in ``CamelSchema``), so its
document must say ``additionalProperties: false`` — otherwise clients and fuzzers may send
keys the server refuses. apispec derives that flag from ``unknown`` but drops it whenever a
schema has a ``Meta.description``, and it closes response schemas too, which would forbid
the fields a later release adds. This plugin sets the flag from where a schema is used.
"""

from __future__ import annotations

from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_instance
from marshmallow import RAISE

REF_PREFIX = "#/components/schemas/"


class ClosedRequestBodiesPlugin(MarshmallowPlugin):
    """The marshmallow plugin, with ``additionalProperties`` decided per use, not per schema."""

    def init_spec(self, spec: Any) -> None:
        super().init_spec(spec)
        self.refuses_unknown: dict[str, bool] = {}

    # apispec's MarshmallowPlugin names the second argument ``_``, unlike its BasePlugin
    # (``definition``): no signature satisfies both, so this one follows the parent it extends.
    def schema_helper(  # type: ignore[override]
        self, name: str, _: Any, schema: Any = None, **kwargs: Any
    ) -> Any:
        json_schema = super().schema_helper(name, _, schema=schema, **kwargs)
        if json_schema is not None and schema is not None:
            # Open until a request body is found to use it (see operation_helper).
            json_schema.pop("additionalProperties", None)
            self.refuses_unknown[name] = resolve_schema_instance(schema).unknown == RAISE
        return json_schema

    def operation_helper(self, path: Any = None, operations: Any = None, **kwargs: Any) -> None:
        super().operation_helper(path=path, operations=operations, **kwargs)
        for operation in (operations or {}).values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            for media in ((body or {}).get("content") or {}).values():
                self._close(media.get("schema"), set())

    def _close(self, node: Any, seen: set[str]) -> None:
        """Close every RAISE schema reachable from a request body, nested ones included."""
        if isinstance(node, list):
            for item in node:
                self._close(item, seen)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_PREFIX):
            name = ref.removeprefix(REF_PREFIX)
            assert self.spec is not None  # init_spec ran before any operation
            component = self.spec.components.schemas.get(name)
            if name in seen or component is None:
                return
            seen.add(name)
            if self.refuses_unknown.get(name) and component.get("type") == "object":
                component["additionalProperties"] = False
            self._close(component, seen)
            return
        for key, value in node.items():
            if key != "additionalProperties" or isinstance(value, dict):
                self._close(value, seen)
