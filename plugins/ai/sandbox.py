"""Rendering admin-editable prompt templates safely.

Templates are Jinja2 in an *immutable sandbox* (no attribute escapes, no mutation of context),
with limits: ``range()`` is capped; no operator, method or filter may build a value past
``MAX_VALUE_SIZE`` (sizes are checked *before* the C code allocates them: ``'a'.ljust(10**9)``
never runs); the output is counted while it is generated; and rendering has a deadline that
stops the work — the render thread is interrupted, not abandoned to burn CPU. Any error a
template raises (``{{ 1/0 }}``, a recursive macro) is a :class:`TemplateRejected` with a clear
message instead of being saved or sent to a model.
"""

from __future__ import annotations

import ctypes
import functools
import operator
import re
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


class _RenderTimeout(BaseException):
    """Raised inside an over-time render thread to stop it (not an ``Exception``: templates
    cannot catch it)."""


#: Widths and precisions in %-style and {}-style format strings (``"%999999999s"``,
#: ``"{:>999999999}"``): each allocates a string that long.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")
_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill"})
_FORMAT_METHODS = frozenset({"format", "format_map", "expandtabs"})


def _too_large() -> TemplateRejected:
    return TemplateRejected("the template builds a value that is too large")


def _check_size(value: Any) -> Any:
    if isinstance(value, str | list | tuple) and len(value) > MAX_VALUE_SIZE:
        raise _too_large()
    return value


def _check_numbers(*values: Any) -> None:
    """Refuse integer widths past ``MAX_VALUE_SIZE``."""
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_VALUE_SIZE:
            raise _too_large()


def _check_format_string(text: Any) -> None:
    """Refuse a format string whose width or precision would build a huge string."""
    if not isinstance(text, str):
        return
    numbers = [n for spec in _PERCENT_SPEC.findall(text) for n in spec if n]
    numbers += [n for spec in _BRACE_SPEC.findall(text) for n in re.findall(r"\d+", spec)]
    if any(len(n) > 6 or int(n) > MAX_VALUE_SIZE for n in numbers):
        raise _too_large()


class LimitedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self) -> None:
        super().__init__(autoescape=False, undefined=Undefined, keep_trailing_newline=True)
        self.globals["range"] = self._range
        self.budget = _Budget()
        for name in ("center", "indent", "format", "replace", "join", "wordwrap", "truncate"):
            self.filters[name] = self._guarded_filter(self.filters[name])

    def _guarded_filter(self, original: Any) -> Any:
        """A filter whose numeric arguments and result are held to ``MAX_VALUE_SIZE``."""

        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.budget.check()
            _check_numbers(*args[1:], *kwargs.values())
            if original.__name__ == "do_format" and args:
                _check_format_string(args[0])
            if original.__name__ == "do_replace" and len(args) >= 3:
                _check_replace(args[0], args[1], args[2])
            return _check_size(original(*args, **kwargs))

        for attribute in ("jinja_pass_arg",):
            if hasattr(original, attribute):
                setattr(guarded, attribute, getattr(original, attribute))
        guarded.__name__ = original.__name__
        return guarded

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
                raise _too_large()
        if op == "%":
            _check_format_string(left)
        operation = {
            "*": operator.mul,
            "+": operator.add,
            "%": operator.mod,
            "//": operator.floordiv,
        }[op]
        return _check_size(operation(left, right))

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N807
        self.budget.check()
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                _check_numbers(*args, *kwargs.values())
            elif name in _FORMAT_METHODS:
                _check_format_string(owner)
                _check_numbers(*args, *kwargs.values())
                if name == "expandtabs":
                    tabsize = (args or list(kwargs.values()) or [8])[0]
                    if isinstance(tabsize, int) and owner.count("\t") * tabsize > MAX_VALUE_SIZE:
                        raise _too_large()
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.check()
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            # The sandbox hands out its own wrapper for these, not the bound method.
            _check_format_string(obj)
        return super().getattr(obj, attribute)


def _check_replace(text: Any, old: Any, new: Any) -> None:
    """``str.replace`` can multiply a string (``'aaaa'.replace('', 'x' * 50000)``)."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        matches = len(text) + 1 if old == "" else text.count(old)
        if len(text) + matches * max(len(new) - len(old), 0) > MAX_VALUE_SIZE:
            raise _too_large()


def validate_template(source: str) -> None:
    """Compile only (syntax, forbidden constructs show up at render)."""
    try:
        LimitedSandbox().from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateRejected(f"syntax error on line {exc.lineno}: {exc.message}") from exc


@functools.lru_cache(maxsize=256)
def _compiled(source: str) -> Any:
    """``source`` compiled once (a prompt is rendered on every chat; compiling was a tenth of a
    cached chat's CPU). The sandbox's checks are in the compiled code (the class's intercepted
    operators) and in the environment each render binds it to (a fresh budget)."""
    return LimitedSandbox().compile(source)


def render(source: str, context: dict[str, Any]) -> str:
    """Render ``source`` with ``context`` inside the limits, in a worker thread with a deadline."""
    result: dict[str, Any] = {}

    def work() -> None:
        env = LimitedSandbox()
        try:
            template = env.template_class.from_code(env, _compiled(source), env.make_globals(None))
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
        except RecursionError:
            result["error"] = TemplateRejected("the template recurses too deeply")
        except _RenderTimeout:
            result["error"] = _timed_out()
        except (TemplateError, Exception) as exc:  # noqa: BLE001 - whatever template code raises
            result["error"] = TemplateRejected(f"template error: {type(exc).__name__}: {exc}")

    thread = threading.Thread(target=work, daemon=True, name="prompt-render")
    thread.start()
    thread.join(RENDER_SECONDS + 0.5)
    if thread.is_alive():
        _interrupt(thread)
        raise _timed_out()
    if "error" in result:
        raise result["error"]
    return result["text"]


def _timed_out() -> TemplateRejected:
    return TemplateRejected(f"rendering took longer than {RENDER_SECONDS} seconds")


def _interrupt(thread: threading.Thread) -> None:
    """Stop an over-time render: raise :class:`_RenderTimeout` inside its thread.

    Python threads cannot be killed, but an asynchronous exception is delivered at the next
    bytecode, and compiled templates are Python bytecode; the size checks keep any single C
    call short, so the thread ends within moments instead of running on.
    """
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread.ident), ctypes.py_object(_RenderTimeout)
    )
    thread.join(1.0)
