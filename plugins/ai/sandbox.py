"""Rendering admin-editable prompt templates safely.

Templates are Jinja2 in an *immutable sandbox* (no attribute escapes, no mutation of context),
with limits: ``range()`` is capped, string/list multiplication may not build huge values, the
output is cut off at a size, and rendering has a deadline. A template that breaks a rule is
refused with a clear :class:`TemplateRejected` instead of being saved or sent to a model.
"""

from __future__ import annotations

import operator
import threading
import time
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_OUTPUT_CHARS = 20_000
MAX_RANGE = 1_000
MAX_VALUE_SIZE = 50_000
RENDER_SECONDS = 2.0


class TemplateRejected(ValueError):
    """The template cannot be rendered safely; the message says why."""


class _Budget:
    def __init__(self) -> None:
        self.deadline = time.monotonic() + RENDER_SECONDS

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateRejected(f"rendering took longer than {RENDER_SECONDS} seconds")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self) -> None:
        super().__init__(autoescape=False, undefined=Undefined, keep_trailing_newline=True)
        self.globals["range"] = self._range
        self.budget = _Budget()

    def _range(self, *args: int) -> range:
        values = range(*args)
        if len(values) > MAX_RANGE:
            raise TemplateRejected(f"range() is limited to {MAX_RANGE} items")
        return values

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        self.budget.check()
        if op == "**":
            raise TemplateRejected("the power operator is not allowed in prompt templates")
        if op == "*":
            sized, count = (left, right) if isinstance(right, int) else (right, left)
            if (
                isinstance(sized, str | list | tuple)
                and isinstance(count, int)
                and len(sized) * count > MAX_VALUE_SIZE
            ):
                raise TemplateRejected("the template builds a value that is too large")
        result = {"*": operator.mul, "+": operator.add}[op](left, right)
        if isinstance(result, str | list | tuple) and len(result) > MAX_VALUE_SIZE:
            raise TemplateRejected("the template builds a value that is too large")
        return result

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N807
        self.budget.check()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.check()
        return super().getattr(obj, attribute)


def validate_template(source: str) -> None:
    """Compile only (syntax, forbidden constructs show up at render)."""
    try:
        LimitedSandbox().from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateRejected(f"syntax error on line {exc.lineno}: {exc.message}") from exc


def render(source: str, context: dict[str, Any]) -> str:
    """Render ``source`` with ``context`` inside the limits, in a worker thread with a deadline."""
    result: dict[str, Any] = {}

    def work() -> None:
        env = LimitedSandbox()
        try:
            template = env.from_string(source)
            parts, size = [], 0
            for chunk in template.generate(**context):
                env.budget.check()
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateRejected(
                        f"the rendered prompt exceeds {MAX_OUTPUT_CHARS} characters"
                    )
                parts.append(chunk)
            result["text"] = "".join(parts)
        except TemplateRejected as exc:
            result["error"] = exc
        except SecurityError as exc:
            result["error"] = TemplateRejected(f"unsafe template: {exc}")
        except TemplateSyntaxError as exc:
            result["error"] = TemplateRejected(f"syntax error on line {exc.lineno}: {exc.message}")
        except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
            result["error"] = TemplateRejected(f"template error: {exc}")

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(RENDER_SECONDS + 0.5)
    if thread.is_alive():
        raise TemplateRejected(f"rendering took longer than {RENDER_SECONDS} seconds")
    if "error" in result:
        raise result["error"]
    return result["text"]
