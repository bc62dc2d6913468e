"""Extensions, created once and bound to each app in the factory.

`db`, `migrate`, `jwt` and `cache` are the usual module-level Flask extension objects (they
keep per-app state in ``app.extensions``). The limiter, the OpenAPI ``Api`` and the Flask-Admin
``Admin`` hold per-instance state, so the factory builds one of each per app
(``app.extensions["limiter"|"api"|"admin"]``).
"""

from __future__ import annotations

from flask_caching import Cache
from flask_jwt_extended import JWTManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from japaguide.database import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
jwt = JWTManager()
cache = Cache()


def init_extensions(app, host) -> None:  # noqa: ANN001 - Flask, PluginHost (import cycle)
    """Wire every extension to ``app`` in dependency order, then mount the plugins."""
    from flask_cors import CORS

    import japaguide.models  # noqa: F401 - the host's tables join the metadata
    from japaguide import cli, health, hygiene, identity, jwt_auth, media, usage
    from japaguide.admin import create_admin
    from japaguide.api import create_api
    from japaguide.column_lengths import install_column_length_check
    from japaguide.errors import keep_problem_retry_after, register_error_handlers
    from japaguide.ratelimit import apply_scopes, create_limiter
    from japaguide.sessions import init_sessions, redis_client, redis_options

    db.init_app(app)
    # SQLite ignores VARCHAR lengths; refuse over-long strings on every backend alike.
    install_column_length_check(db.session)
    _enable_sqlite_foreign_keys(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    jwt.init_app(app)
    jwt_auth.configure(app)
    cache_config = {"CACHE_TYPE": "SimpleCache"}
    if app.config.get("REDIS_URL") and not app.config.get("CACHE_TYPE"):
        cache_config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": app.config["REDIS_URL"],
            "CACHE_KEY_PREFIX": "japaguide:",
            "CACHE_OPTIONS": redis_options(app.config),
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
            "X-Pagination",
        ],
    )
    # Identity first, then the limiter: the owner key must exist before a limit is taken.
    hygiene.init_app(app)
    app.before_request(identity.resolve_owner)
    app.after_request(identity.forget_session_of_failed_request)
    app.after_request(keep_problem_retry_after)  # runs after the limiter's header injection
    app.before_request(usage.reject_unsupported_media_type)
    limiter = create_limiter(app)
    api = create_api(app)
    register_error_handlers(app)
    health.register(app, api)
    media.register(app)
    create_admin(app, host)
    host.mount(app, api)
    apply_scopes(app, limiter)
    usage.init_app(app)
    cli.register(app)


def _explicit_cache_config(app) -> dict:  # noqa: ANN001
    return {
        k: v
        for k, v in app.config.items()
        if k.startswith("CACHE_") and k != "CACHE_DEFAULT_TIMEOUT"
    }


def _migrations_dir():  # noqa: ANN202
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def _enable_sqlite_foreign_keys(app) -> None:  # noqa: ANN001
    """SQLite ignores ON DELETE CASCADE unless asked; PostgreSQL always honours it."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine

    @event.listens_for(engine, "connect")
    def _fk_pragma(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
