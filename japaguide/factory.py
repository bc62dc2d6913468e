"""The application factory: it builds an app and wires the host's parts to it.

Wiring lives here, at the top of the host's import graph, so every other module of
``japaguide/`` imports only what it uses and none needs a deferred import to dodge a cycle
(``tests/host/test_import_graph.py`` keeps it that way).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Flask
from flask_cors import CORS
from sqlalchemy import event
from sqlalchemy.engine import Engine

import japaguide.models  # noqa: F401 - the host's tables join the metadata
from japaguide import (
    bench_counters,
    cli,
    health,
    hygiene,
    identity,
    jwt_auth,
    logs,
    media,
    page_cache,
    usage,
)
from japaguide.admin import create_admin
from japaguide.api import create_api
from japaguide.column_lengths import install_column_length_check
from japaguide.config import finalise_config, load_config
from japaguide.database_pool import install_idle_ping
from japaguide.errors import keep_problem_retry_after, register_error_handlers
from japaguide.extensions import cache, db, jwt, migrate
from japaguide.openapi_codegen import document_features
from japaguide.plugins import Plugin, PluginHost, discover_plugins, load_extra_plugins
from japaguide.proxies import trust_proxies
from japaguide.ratelimit import apply_scopes, create_limiter
from japaguide.sessions import init_sessions, redis_client, redis_options

#: The host's Alembic history (built-in plugins share it).
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(
    config: dict[str, Any] | None = None, plugins: Iterable[Plugin] | None = None
) -> Flask:
    """Build an app.

    ``config`` overrides settings (tests, embedding); ``plugins`` replaces entry-point
    discovery, so tests and third-party repositories need no installed entry points.
    """
    app = Flask("japaguide", instance_relative_config=True)
    # `/countries` and `/countries/` answer alike, for every verb: a redirect (308) is an HTML
    # page to a JSON client, and a preflighted cross-origin request cannot follow one.
    app.url_map.strict_slashes = False
    os.makedirs(app.instance_path, exist_ok=True)
    explicit = dict(config or {})
    app.config.update(load_config(app.instance_path))
    app.config.update(explicit)
    finalise_config(app.config)
    trust_proxies(app)
    logs.configure_logging(app.config["LOG_LEVEL"])

    if plugins is not None:
        found = list(plugins)
    else:
        found = discover_plugins() + load_extra_plugins(app.config.get("JAPAGUIDE_EXTRA_PLUGINS"))
    host = PluginHost(found, disabled=app.config["JAPAGUIDE_DISABLED_PLUGINS"])
    app.extensions["japaguide.plugins"] = host
    host.apply_config_defaults(app, set(explicit), dict(os.environ))

    wire(app, host)
    host.hook.japaguide_app_ready(app=app)
    return app


def wire(app: Flask, host: PluginHost) -> None:
    """Bind every extension to ``app`` in dependency order, then mount the plugins."""
    db.init_app(app)
    # SQLite ignores VARCHAR lengths; refuse over-long strings on every backend alike.
    install_column_length_check(db.session)
    _enable_sqlite_foreign_keys(app)
    _ping_idle_postgresql_connections(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    jwt.init_app(app)
    jwt_auth.configure(app)
    cache_config: dict[str, Any] = {"CACHE_TYPE": "SimpleCache"}
    if app.config.get("REDIS_URL") and not app.config.get("CACHE_TYPE"):
        cache_config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": app.config["REDIS_URL"],
            "CACHE_KEY_PREFIX": "japaguide:",
            "CACHE_OPTIONS": redis_options(app.config, app.config["REDIS_URL"]),
        }
    cache.init_app(app, config={**cache_config, **_explicit_cache_config(app)})
    init_sessions(app)
    redis_client(app)
    CORS(
        app,
        resources={r"/api/*": {"origins": app.config["CORS_ALLOWED_ORIGINS"]}},
        supports_credentials=True,
        expose_headers=[
            "Retry-After",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
            "ETag",
            # Pages carry their counts in the body (``page``, ``pages``, ``total``): no
            # pagination header is sent, so none is exposed.
            logs.REQUEST_ID_HEADER,
        ],
    )
    # Identity first, then the limiter: the owner key must exist before a limit is taken.
    logs.init_app(app)
    hygiene.init_app(app)
    app.before_request(identity.resolve_owner)
    app.after_request(identity.forget_session_of_failed_request)
    app.after_request(keep_problem_retry_after)  # runs after the limiter's header injection
    app.before_request(usage.reject_unsupported_media_type)
    page_cache.init_app(app)  # before the limiter: a 304 revalidation spends no rate limit
    limiter = create_limiter(app)
    api = create_api(app)
    register_error_handlers(app)
    health.register(app, api)
    media.register(app)
    create_admin(app, host)
    host.mount(app, api)
    document_features(api, host)
    apply_scopes(app, limiter)
    usage.init_app(app)
    cli.register(app)
    bench_counters.install(app)


def _explicit_cache_config(app: Flask) -> dict:
    return {
        k: v
        for k, v in app.config.items()
        if k.startswith("CACHE_") and k != "CACHE_DEFAULT_TIMEOUT"
    }


def _ping_idle_postgresql_connections(app: Flask) -> None:
    """Idle pooled connections are checked before reuse (see japaguide/database_pool.py)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    if "pool_pre_ping" in app.config["SQLALCHEMY_ENGINE_OPTIONS"]:
        return  # the deployment chose SQLAlchemy's ping on every checkout
    with app.app_context():
        install_idle_ping(db.engine)


def _enable_sqlite_foreign_keys(app: Flask) -> None:
    """SQLite ignores ON DELETE CASCADE unless asked; PostgreSQL always honours it."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine

    @event.listens_for(engine, "connect")
    def _fk_pragma(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
