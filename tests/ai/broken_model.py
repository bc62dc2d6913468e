"""A test-only plugin that breaks every AI completion, so a job fails on every attempt.

Load it into a worker process with ``JAPAGUIDE_EXTRA_PLUGINS=tests.ai.broken_model:plugin``;
in-process tests call :func:`break_completions` directly. (A broken prompt template no longer
does it: a template that fails to render falls back to the shipped one, then offline.)
"""

from __future__ import annotations

from typing import Any

from japaguide.plugins import Plugin, hookimpl

FAILURE = "the model service is broken"


def break_completions() -> None:
    from plugins.ai import services

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(FAILURE)

    services.complete = broken


class Hooks:
    @hookimpl
    def japaguide_app_ready(self, app: Any) -> None:
        break_completions()


plugin = Plugin(name="broken_model", version="0.0.1", requires=("ai",), hooks=Hooks())
