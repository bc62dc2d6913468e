"""Operator commands of the host: ``flask plugins``, ``seed``, ``worker``, ``scheduler``,
``health``.

Plugins add their own commands through ``Plugin.cli`` (e.g. ``flask import-countries``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from japaguide.health import check_health
from japaguide.jobs import execute, get_queue, periodic_jobs, worker_queues
from japaguide.liveness import SCHEDULER_NAME, scheduler_liveness, worker_liveness
from japaguide.plugins import get_host
from japaguide.usage import flush_usage

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@with_appcontext
def plugins_command(as_json: bool) -> None:
    """List the loaded plugins in load order: version, requirements, blueprints, hooks and
    the version table of a plugin's own migration history."""
    host = get_host(current_app)
    rows: list[dict[str, Any]] = [
        {
            "name": p.name,
            "version": p.version,
            "requires": list(p.requires),
            "after": list(p.after),
            "blueprints": host.blueprints.get(p.name, []),
            "hooks": host.hooks_of(p),
            "migrations": f"alembic_version_{p.name}" if p.migrations else None,
        }
        for p in host.plugins
    ]
    if as_json:
        click.echo(json.dumps({"plugins": rows, "disabled": host.disabled}, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']} {row['version']}")
        click.echo(f"  requires:   {', '.join(row['requires']) or '-'}")
        click.echo(f"  after:      {', '.join(row['after']) or '-'}")
        click.echo(f"  blueprints: {', '.join(row['blueprints']) or '-'}")
        click.echo(f"  hooks:      {', '.join(row['hooks']) or '-'}")
        click.echo(f"  migrations: {row['migrations'] or '-'}")
    if host.disabled:
        click.echo(f"disabled: {', '.join(host.disabled)}")


@click.command("seed")
@click.option(
    "--dir",
    "seed_dir",
    type=click.Path(file_okay=False, exists=True),
    default=str(SEED_DIR),
    show_default=True,
    help="Folder holding the seed JSON files.",
)
@with_appcontext
def seed_command(seed_dir: str) -> None:
    """Load every plugin's seed data (idempotent: run it as often as you like)."""
    host = get_host(current_app)
    summaries = host.call_in_order("seed_data", app=current_app, seed_dir=seed_dir, echo=click.echo)
    loaded = [s for s in summaries if s]
    click.echo(f"seed complete: {len(loaded)} plugin(s) loaded data")
    for summary in loaded:
        click.echo("  " + json.dumps(summary, default=str))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for the job queue (needs REDIS_URL)."""
    from rq import Worker

    queues = worker_queues(current_app)
    if not queues:
        raise click.ClickException("REDIS_URL is not set (or JOBS_MODE=inline): jobs run inline.")
    # Urgent first: RQ takes from the queues in this order.
    Worker(queues, connection=queues[0].connection).work(burst=burst, with_scheduler=True)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run RQ's cron scheduler for the plugins' periodic jobs (needs REDIS_URL)."""
    from rq.cron import CronScheduler

    queue = get_queue(current_app)
    if queue is None:
        raise click.ClickException("REDIS_URL is not set: periodic jobs need RQ.")
    scheduler = CronScheduler(connection=queue.connection, name=SCHEDULER_NAME)
    for job in periodic_jobs(current_app):
        scheduler.register(
            execute,
            queue.name,
            args=(job["job"],),
            cron=job.get("cron"),
            interval=job.get("interval"),
            name=job["job"],
        )
        click.echo(f"registered {job['job']} ({job.get('cron') or str(job.get('interval')) + 's'})")
    scheduler.start()


@click.command("health")
@click.option(
    "--component",
    type=click.Choice(["app", "worker", "scheduler"]),
    default="app",
    show_default=True,
    help="app: database and Redis (as /api/v1/health); worker/scheduler: that process on "
    "this host is registered with Redis and beating.",
)
@with_appcontext
def health_command(component: str) -> None:
    """Exit 0 when the component is healthy, 1 otherwise (for container health checks)."""

    if component == "app":
        report, status = check_health(current_app)
        click.echo(json.dumps({k: report[k] for k in ("status", "database", "redis", "queue")}))
        healthy = status < 500
    else:
        check = worker_liveness if component == "worker" else scheduler_liveness
        liveness = check(current_app)
        click.echo(f"{component}: {'ok' if liveness.alive else 'down'} - {liveness.detail}")
        healthy = liveness.alive
    if not healthy:
        raise SystemExit(1)


@click.command("flush-usage")
@with_appcontext
def flush_usage_command() -> None:
    """Move counted API calls into the usage table (also a periodic job)."""

    click.echo(json.dumps(flush_usage()))


# Commands of ``flask`` itself and of the host: a plugin command of one of these names stops
# start-up (Flask would otherwise shadow it, or it would shadow ours, silently).
FLASK_COMMANDS = frozenset({"run", "shell", "routes", "db"})


def register(app: Flask) -> None:
    """The host's commands, ``flask db`` with per-plugin histories, and every plugin's
    commands: under ``flask <plugin> …`` always, and at the top level (``flask
    import-countries``) unless the plugin says ``cli_top_level=False``."""
    from japaguide.migrations import make_db_group
    from japaguide.plugins import PluginError

    for command in (
        plugins_command,
        seed_command,
        worker_command,
        scheduler_command,
        health_command,
        flush_usage_command,
    ):
        app.cli.add_command(command)
    app.cli.add_command(make_db_group(), "db")  # replaces Flask-Migrate's plain group
    claimed: dict[str, str] = {name: "flask" for name in FLASK_COMMANDS}
    claimed.update({name: "the host" for name in app.cli.commands})
    plugins = [p for p in get_host(app).plugins if p.cli is not None]
    for plugin in plugins:  # group names first: a command may not take a plugin's group name
        group_name = plugin.name.replace("_", "-")
        if group_name in claimed:
            raise PluginError(
                f"plugin {plugin.name!r}: command group {group_name!r} is already a command "
                f"of {claimed[group_name]}"
            )
        claimed[group_name] = f"plugin {plugin.name!r} (its group)"
    for plugin in plugins:
        group_name = plugin.name.replace("_", "-")
        group = click.Group(group_name, help=f"Commands of the {plugin.name} plugin.")
        assert plugin.cli is not None
        for command in plugin.cli():
            if isinstance(command, click.Group) and command.name == group_name:
                group = command  # the plugin brings its own group: that is its namespace
                continue
            group.add_command(command)
        app.cli.add_command(group, group_name)
        if not plugin.cli_top_level:
            continue
        for name, command in group.commands.items():
            if name in claimed:
                raise PluginError(
                    f"plugin {plugin.name!r}: command {name!r} is already a command of "
                    f"{claimed[name]}; rename it or set cli_top_level=False"
                )
            claimed[name] = f"plugin {plugin.name!r}"
            app.cli.add_command(command, name)
