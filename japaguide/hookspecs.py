"""Every hook a plugin can implement, in one place. Each docstring is the contract.

Implement a hook in your plugin's hooks module with ``@hookimpl`` (from ``japaguide.plugins``)
and a function of the same name and (a subset of) the same arguments. A misspelt hook name
stops start-up (``check_pending``).

Two kinds of hooks:

* **events** (``*_generated``, ``*_completed``, ``session_claimed``, ``job_failed``) — something
  happened; react to it without the feature that fired it importing you. Return values are
  ignored.
* **contributions** — add something to a shared surface (jobs, CLI, admin views, seed data,
  cost items, AI context). Every implementation's result is collected.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("japaguide")


# ---------------------------------------------------------------- lifecycle / contributions


@hookspec
def japaguide_app_ready(app: Any) -> None:
    """Called once per app after every plugin is registered and every blueprint mounted.

    Use it to wire per-app behaviour (e.g. JWT loaders, signal handlers). Runs inside no
    request; an app context is not pushed.
    """


@hookspec
def register_jobs() -> dict[str, Any]:
    """Return ``{job_name: callable}`` for background jobs this plugin runs.

    Jobs are enqueued by name with ``japaguide.jobs.enqueue(name, *ids)``; they receive plain
    ids (never ORM objects), must be idempotent (RQ runs jobs at least once) and run inside an
    app context.
    """


@hookspec
def register_periodic_jobs() -> list[dict[str, Any]]:
    """Return ``[{"job": name, "cron": "0 3 * * *"} | {"job": name, "interval": seconds}]``.

    Run by ``flask scheduler`` (RQ's cron scheduler) in production; ``flask <cmd>`` equivalents
    should exist for operators.
    """


@hookspec
def register_admin_views(admin: Any, app: Any) -> None:
    """Add Flask-Admin views for this plugin's models to the app's ``admin``."""


@hookspec
def seed_data(app: Any, seed_dir: str, echo: Any) -> dict[str, Any] | None:
    """Load this plugin's part of ``seed_data/`` idempotently; return a summary dict.

    ``flask seed`` calls every implementation in plugin load order (so countries come before
    visas). ``echo(message)`` prints progress.
    """


@hookspec
def analytics_figures(start: Any, end: Any) -> dict[str, Any] | None:
    """Return this plugin's figures for the admin dashboard between ``start`` and ``end``."""


@hookspec
def health_checks() -> dict[str, Any] | None:
    """Return extra ``{name: state}`` for ``GET /api/v1/health`` (cheap checks only)."""


# ---------------------------------------------------------------- events


@hookspec
def roadmap_generated(roadmap_id: int, owner: Any) -> str | None:
    """A roadmap was generated. Return a status word (e.g. ``"queued"``) if you started work
    on it (the AI plugin queues enrichment); ``None`` otherwise."""


@hookspec
def job_failed(name: str, args: list[Any], job_id: str, error: str) -> None:
    """Background job ``name`` (called with plain ids ``args``) has failed for good.

    "For good" means no retry follows: inline, the one run raised; on RQ, the last attempt
    raised or timed out, or the worker running it died (its heartbeat expired and the registry
    cleanup found it — see ``japaguide.jobs.reap_abandoned_jobs``). ``error`` is a one-line
    summary for logs, not for users. Every plugin sees every job: ignore names you do not own.

    It may be called more than once for one job (jobs run at least once; a late callback can
    follow a cleanup), from a web process, a work horse or a worker's cleanup, inside an app
    context: make it idempotent and quick, and never rely on it alone — a job can vanish with
    no callback at all (Redis flushed, a process killed mid inline job), so keep a backstop such
    as a periodic sweep. An exception here is logged and swallowed.
    """


@hookspec
def step_status_changed(step_id: int, roadmap_id: int, owner: Any) -> None:
    """A roadmap step was completed, blocked, or reopened."""


@hookspec
def session_claimed(anon_id: str, user_id: int, counts: dict[str, int]) -> None:
    """The rows of anonymous session ``anon_id`` now belong to ``user_id``."""


# ---------------------------------------------------------------- feature contributions


@hookspec
def extra_cost_items(country: Any, visa_type: Any, inputs: dict[str, Any]) -> list[dict] | None:
    """Return extra ``{"item": str, "estimated": Decimal | None}`` hidden-cost lines."""


@hookspec
def reported_move_costs(country_code: str, visa_type_id: int | None) -> list[dict] | None:
    """Return what real moves to ``country_code`` cost, as people reported them.

    Each item is ``{"total_usd": Decimal, "household_size": int}`` — the whole move, from the
    first step to arrival, for that many people. ``visa_type_id`` narrows to one route when
    given (``None``: every route of the country). The calculator compares an estimate with
    these once enough exist (the stories plugin answers from approved stories).
    """


@hookspec
def playbook_sections(country: Any) -> dict[str, Any] | None:
    """Return extra ``{section_name: data}`` shown in a country's playbook."""


@hookspec
def ai_context(message: str, context: dict[str, Any]) -> dict[str, Any] | None:
    """Return extra facts for the AI assistant's prompt about ``message``."""


@hookspec(firstresult=True)
def ai_complete(template_name: str, context: dict[str, Any], owner: Any) -> dict | None:
    """Produce an AI completion for a named prompt template, or ``None`` if no AI is loaded.

    Lets features (e.g. the cost calculator) ask for advice without importing the AI plugin.
    First non-None result wins.
    """
