"""Every hook a plugin can implement, in one place. Each docstring is the contract.

Implement a hook in your plugin's hooks module with ``@hookimpl`` (from ``japaguide.plugins``)
and a function of the same name and (a subset of) the same arguments. A misspelt hook name
stops start-up (``check_pending``).

Every docstring says, under these headings: **Arguments**, **Returns**, **Called** (when, by
whom, in which context) and **Example**. ``tests/host/test_hooks.py`` fails when a hook lacks
one of them or lacks a ``test_hook_<name>`` test.

**One call order for every hook: plugin load order** (``requires`` and ``after``, then name;
``flask plugins`` prints it). Contributions come back in that order (the ``seed_data`` of
countries runs before the visas').

Three kinds of hooks:

* **start-up and operator hooks** (:data:`STARTUP_HOOKS`) — an exception stops start-up or the
  command: a plugin that cannot register its jobs must not half-load.
* **contributions made during a request or a job** (isolated) — add to a shared surface.
* **events** (:data:`EVENT_HOOKS`, isolated) — something happened and was committed; react to
  it without the feature that fired it importing you. Return values are ignored.

An **isolated** hook (:data:`ISOLATED_HOOKS`) that raises is logged with the plugin's name
(log fields ``plugin`` and ``hook``), counted (``GET /api/v1/health`` shows the count under the
plugin), and answers ``None``: the request goes on as if that plugin were absent. After an
event, or a database error, the session is rolled back; commit your own writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("japaguide")


@dataclass(frozen=True)
class EnrichmentStarted:
    """The declared answer of :func:`roadmap_enrichment`: work on the roadmap has started.

    ``status`` is what the roadmap's ``aiEnrichmentStatus`` now says (``"pending"``);
    ``job_id`` names the background job doing it, for logs.
    """

    status: str = "pending"
    job_id: str | None = None


# ---------------------------------------------------------------- start-up and operator hooks


@hookspec
def japaguide_app_ready(app: Any) -> None:
    """Wire per-app behaviour once the app is built.

    Arguments: ``app`` — the Flask app being built.
    Returns: nothing (ignored).
    Called: once per app by ``create_app()``, after every plugin is registered and every
    blueprint mounted; no request, and no app context is pushed.
    Example::

        @hookimpl
        def japaguide_app_ready(app):
            app.logger.info("visa_tips ready")
    """


@hookspec
def register_jobs() -> dict[str, Any] | None:
    """Name the background jobs this plugin runs.

    Arguments: none.
    Returns: ``{job_name: callable}``. Prefix names with your plugin's name.
    Called: when the app first enqueues or runs a job (``japaguide.jobs``), in web processes
    and workers. Jobs are enqueued by name with ``japaguide.jobs.enqueue(name, *ids)``; they
    receive plain ids (never ORM objects), must be idempotent (RQ runs jobs at least once) and
    run inside an app context.
    Example::

        @hookimpl
        def register_jobs():
            return {"visa_tips.refresh": refresh_tip}
    """


@hookspec
def register_periodic_jobs() -> list[dict[str, Any]] | None:
    """Schedule jobs (named by :func:`register_jobs`) to run periodically.

    Arguments: none.
    Returns: ``[{"job": name, "cron": "0 3 * * *"} | {"job": name, "interval": seconds}]``.
    Called: by ``flask scheduler`` (RQ's cron scheduler) at its start. Give operators a
    ``flask <command>`` equivalent too.
    Example::

        @hookimpl
        def register_periodic_jobs():
            return [{"job": "visa_tips.refresh_all", "cron": "0 4 * * *"}]
    """


@hookspec
def register_admin_views(admin: Any, app: Any) -> None:
    """Add Flask-Admin views for this plugin's models.

    Arguments: ``admin`` — the app's ``flask_admin.Admin``; ``app`` — the Flask app.
    Returns: nothing (ignored).
    Called: once per app while ``create_app()`` builds the admin (``japaguide.admin``).
    Example::

        @hookimpl
        def register_admin_views(admin, app):
            from japaguide.admin import SecureModelView
            admin.add_view(SecureModelView(Tip, db.session, category="Visa tips"))
    """


@hookspec
def seed_data(app: Any, seed_dir: str, echo: Any) -> dict[str, Any] | None:
    """Load this plugin's part of the seed data, idempotently.

    Arguments: ``app`` — the Flask app; ``seed_dir`` — the folder given to ``flask seed
    --dir`` (read only your own files there); ``echo(message)`` — prints progress.
    Returns: a summary dict (printed by ``flask seed``), or ``None`` when you had nothing.
    Called: by ``flask seed`` (and the test kit's ``seeded`` fixture) in an app context, in
    plugin load order, so countries are loaded before visas.
    Example::

        @hookimpl
        def seed_data(app, seed_dir, echo):
            n = load_tips(Path(seed_dir) / "visa_tips.json")
            echo(f"visa tips: {n}")
            return {"plugin": "visa_tips", "tips": n}
    """


# ---------------------------------------------------------------- contributions (isolated)


@hookspec
def analytics_figures(start: Any, end: Any) -> dict[str, Any] | None:
    """Add this plugin's figures to the admin dashboard.

    Arguments: ``start``, ``end`` — aware datetimes, the half-open period asked for.
    Returns: ``{key: value}`` merged into the dashboard's figures (``popular_countries`` is
    merged one level deeper), or ``None``.
    Called: during ``GET /api/v1/admin/analytics`` (admin_tools), in a request.
    Example::

        @hookimpl
        def analytics_figures(start, end):
            return {"visa_tips_read": count_reads(start, end)}
    """


@hookspec
def health_checks() -> dict[str, Any] | None:
    """Report the state of something this plugin depends on (cheap checks only).

    Arguments: none.
    Returns: ``{name: state}`` added to ``GET /api/v1/health`` (names the host reports itself
    — ``status``, ``database``, ``redis``, ``queue``, ``plugins`` — are refused), or ``None``.
    Called: on every ``GET /api/v1/health`` and ``flask health``, in a request. One that
    raises marks its plugin ``degraded`` in the report; the endpoint still answers 200.
    Example::

        @hookimpl
        def health_checks():
            return {"visa_tips_feed": {"status": "ok"}}
    """


@hookspec
def extra_cost_items(country: Any, visa_type: Any, inputs: dict[str, Any]) -> list[dict] | None:
    """Add hidden-cost lines to a cost estimate.

    Arguments: ``country`` — the ``Country`` row; ``visa_type`` — the ``VisaType`` row or
    ``None``; ``inputs`` — the request's inputs (snake_case).
    Returns: ``[{"item": str, "estimated": Decimal | None, "basis": str, "recurrence": str}]``
    (``basis`` and ``recurrence`` optional), or ``None``.
    Called: by the calc plugin while it computes ``POST /api/v1/calculator/estimate/``.
    Example::

        @hookimpl
        def extra_cost_items(country, visa_type, inputs):
            if country.code == "CAN":
                return [{"item": "Winter clothing", "estimated": Decimal("400")}]
    """


@hookspec
def reported_move_costs(country_code: str, visa_type_id: int | None) -> list[dict] | None:
    """Tell the calculator what real moves cost, as the people who made them reported.

    Arguments: ``country_code`` — ISO alpha-3 of the destination; ``visa_type_id`` — narrows to
    one route when given (``None``: every route of the country).
    Returns: ``[{"total_usd": Decimal, "household_size": int}]`` — each the whole move, from the
    first step to arrival, for that many people — or ``None``.
    Called: by the calc plugin while it computes ``POST /api/v1/calc/estimate/``: its
    ``costComparison`` compares the estimate with these once ``CALC_MIN_STORY_SAMPLE`` exist
    (the stories plugin answers from approved stories).
    Example::

        @hookimpl
        def reported_move_costs(country_code, visa_type_id):
            return [{"total_usd": Decimal("14500"), "household_size": 2}]
    """


@hookspec
def playbook_sections(country: Any) -> dict[str, Any] | None:
    """Add sections to a country's playbook.

    Arguments: ``country`` — the ``Country`` row shown.
    Returns: ``{section_name: data}`` (JSON-ready) merged into the playbook, or ``None``.
    Called: by the countries plugin during ``GET /api/v1/countries/<code>/`` (and its
    playbook), in a request. The page is cached with its sections until the countries cache
    namespace is bumped (every country or visa import and admin edit does it); a plugin whose
    section changes with its own data calls ``plugins.countries.services.
    invalidate_country_caches()`` when that data changes.
    Example::

        @hookimpl
        def playbook_sections(country):
            return {"visaTips": tips_for(country.code)}
    """


@hookspec(firstresult=True)
def ai_complete(template_name: str, context: dict[str, Any], owner: Any) -> dict | None:
    """Produce an AI completion for a named prompt template.

    Arguments: ``template_name`` — the prompt template's name (e.g. ``"cost_advice"``);
    ``context`` — the template's variables; ``owner`` — the request's ``Owner``.
    Returns: the completion as a dict, or ``None`` (no AI loaded, or not your template). The
    first non-``None`` answer in load order wins.
    Called: by features that want advice without importing the AI plugin (the calc plugin's
    cost advice), in a request.
    Example::

        @hookimpl
        def ai_complete(template_name, context, owner):
            if template_name == "cost_advice":
                return {"advice": ask_model(context)}
    """


@hookspec(firstresult=True)
def roadmap_enrichment(roadmap_id: int, owner: Any) -> EnrichmentStarted | None:
    """Start enriching a freshly generated roadmap (the AI plugin queues a job).

    Arguments: ``roadmap_id`` — the committed roadmap; ``owner`` — its ``Owner``.
    Returns: an :class:`EnrichmentStarted` when you started work (and set the roadmap's
    ``ai_enrichment_status`` to its ``status``), else ``None``. Anything else is a contract
    breach: it is logged and the roadmap says ``not_available``. The first non-``None`` answer
    wins.
    Called: by the roadmaps plugin during ``POST /api/v1/roadmaps/generate/`` right after the
    roadmap is committed, before :func:`roadmap_generated`.
    Example::

        @hookimpl
        def roadmap_enrichment(roadmap_id, owner):
            job_id = enqueue("ai.enrich_roadmap", roadmap_id)
            return EnrichmentStarted(status="pending", job_id=job_id)
    """


# ---------------------------------------------------------------- events (isolated)


@hookspec
def roadmap_generated(roadmap_id: int, owner: Any) -> None:
    """A roadmap was generated and committed.

    Arguments: ``roadmap_id`` — the new roadmap's id; ``owner`` — its ``Owner``.
    Returns: nothing (ignored; to start AI work implement :func:`roadmap_enrichment`).
    Called: by the roadmaps plugin during ``POST /api/v1/roadmaps/generate/``, after the
    commit and after :func:`roadmap_enrichment`.
    Example::

        @hookimpl
        def roadmap_generated(roadmap_id, owner):
            db.session.add(Entry(text="Roadmap made", roadmap_id=roadmap_id))
            db.session.commit()
    """


@hookspec
def job_failed(name: str, args: list[Any], job_id: str, error: str) -> None:
    """Background job ``name`` (called with plain ids ``args``) has failed for good.

    Arguments: ``name`` — the job's registered name; ``args`` — its plain arguments;
    ``job_id`` — the queue's id; ``error`` — a one-line summary for logs, not for users.
    Returns: nothing (ignored).
    Called: "for good" means no retry follows: inline, the one run raised; on RQ, the last
    attempt raised or timed out, or the worker running it died (its heartbeat expired and the
    registry cleanup found it — see ``japaguide.jobs.reap_abandoned_jobs``). Every plugin sees
    every job: ignore names you do not own. It may be called more than once for one job (jobs
    run at least once; a late callback can follow a cleanup), from a web process, a work horse
    or a worker's cleanup, inside an app context: make it idempotent and quick, and never rely
    on it alone — a job can vanish with no callback at all (Redis flushed, a process killed
    mid inline job), so keep a backstop such as a periodic sweep.
    Example::

        @hookimpl
        def job_failed(name, args, job_id, error):
            if name == "visa_tips.refresh":
                mark_refresh_failed(args[0])
    """


@hookspec
def step_status_changed(step_id: int, roadmap_id: int, owner: Any) -> None:
    """A roadmap step was completed, reopened, blocked or unblocked, and committed.

    Arguments: ``step_id``, ``roadmap_id`` — the step and its roadmap; ``owner`` — the
    ``Owner`` who changed it.
    Returns: nothing (ignored).
    Called: by the roadmaps plugin during ``PATCH .../steps/<id>/status/``, after the commit.
    Example::

        @hookimpl
        def step_status_changed(step_id, roadmap_id, owner):
            log_progress(roadmap_id, step_id)
    """


@hookspec
def session_claimed(anon_id: str, user_id: int, counts: dict[str, int]) -> None:
    """The rows of anonymous session ``anon_id`` now belong to account ``user_id``.

    Arguments: ``anon_id`` — the anonymous session's id; ``user_id`` — the account;
    ``counts`` — ``{owned_kind: rows moved}``.
    Returns: nothing (ignored). Owned models (``OwnedMixin``) are moved by the host already;
    use this for anything else keyed by the session.
    Called: after the claim is committed, by the accounts plugin (sign-up, log-in, ``POST
    /auth/claim-session/``) and the session plugin (restoring a session link while logged in).
    Example::

        @hookimpl
        def session_claimed(anon_id, user_id, counts):
            log.info("user %s claimed %s journal entries", user_id, counts.get("journal", 0))
    """


STARTUP_HOOKS = frozenset(
    ("japaguide_app_ready", "register_jobs", "register_periodic_jobs", "register_admin_views")
    + ("seed_data",)
)
EVENT_HOOKS = frozenset(
    ("roadmap_generated", "job_failed", "step_status_changed", "session_claimed")
)
CONTRIBUTION_HOOKS = frozenset(
    ("analytics_figures", "health_checks", "extra_cost_items", "playbook_sections")
    + ("reported_move_costs",)
    + ("ai_complete", "roadmap_enrichment")
)
ISOLATED_HOOKS = CONTRIBUTION_HOOKS | EVENT_HOOKS
