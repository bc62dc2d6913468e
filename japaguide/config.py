"""Flask configuration from the typed, validated environment (:mod:`japaguide.settings`).

Every variable is declared in ``japaguide/settings.py`` and documented in the README and in
`.env.example`. With none of them
set the app runs on the embedded default: SQLite in the instance folder, sessions in the
database, in-process cache and rate limits, jobs inline, the offline AI assistant, local images.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from japaguide.database_pool import database_settings, engine_options
from japaguide.secret_keys import DEV_SECRET_KEY, unsafe_secret_message
from japaguide.settings import (
    DEFAULT_SESSION_LIFETIME_DAYS,
    ConfigurationError,
    Settings,
    check_rate_limits,
    load_settings,
    parse_plugin_value,
    rate_limit_keys,
)

DEFAULT_SECRET_KEY = DEV_SECRET_KEY
SESSION_LIFETIME_DAYS = DEFAULT_SESSION_LIFETIME_DAYS

__all__ = [
    "ConfigurationError",
    "finalise_config",
    "load_config",
    "normalise_database_url",
    "parse_env_value",
]


def normalise_database_url(url: str) -> str:
    """Accept Heroku-style `postgres://` and plain `postgresql://` URLs.

    SQLAlchemy 2.1 rejects `postgres://`; we always pick the psycopg 3 driver explicitly.
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def parse_env_value(raw: str, like: Any, name: str = "setting") -> Any:
    """Parse an environment string into the type of a plugin's default value."""
    return parse_plugin_value(name, raw, like)


def load_config(instance_path: str, settings: Settings | None = None) -> dict[str, Any]:
    """Build the host configuration from the (validated) environment."""
    env = settings or load_settings()
    instance = Path(instance_path)
    debug = env.FLASK_DEBUG
    database_url = env.DATABASE_URL or f"sqlite:///{instance / 'japaguide.db'}"
    redis_url = env.REDIS_URL
    lifetime = timedelta(days=env.SESSION_LIFETIME_DAYS)
    secure = env.SESSION_COOKIE_SECURE
    return {
        "DEBUG": debug,
        "TESTING": env.JAPAGUIDE_TESTING,
        "SECRET_KEY": env.SECRET_KEY,
        "PUBLIC_BASE_URL": env.PUBLIC_BASE_URL,
        "FRONTEND_BASE_URL": env.FRONTEND_BASE_URL,
        "LOG_LEVEL": env.LOG_LEVEL,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).
        "TRUSTED_PROXY_COUNT": env.TRUSTED_PROXY_COUNT,
        # Database
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Pool size, overflow, pool and statement timeouts (see japaguide/database_pool.py)
        **database_settings(env),
        # Redis (sessions, cache, limits, jobs) – optional
        "REDIS_URL": redis_url,
        # Seconds a Redis command / connect may take. Redis answers in well under a millisecond
        # on a LAN; tens of milliseconds leave ample headroom, yet a hung Redis costs a request
        # only that long (then sessions refuse anonymous writes with 503, the cache is skipped).
        "REDIS_SOCKET_TIMEOUT": env.REDIS_SOCKET_TIMEOUT,
        "REDIS_CONNECT_TIMEOUT": env.REDIS_CONNECT_TIMEOUT,
        # Sessions: 30 days, HttpOnly, SameSite, Secure outside debug; no write on plain reads.
        "SESSION_LIFETIME_DAYS": lifetime.days,
        "PERMANENT_SESSION_LIFETIME": lifetime,
        "SESSION_PERMANENT": True,
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_COOKIE_NAME": env.SESSION_COOKIE_NAME,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": env.SESSION_COOKIE_SAMESITE,
        "SESSION_COOKIE_SECURE": (not debug) if secure is None else secure,
        "SESSION_KEY_PREFIX": "session:",
        # JWT (optional auth everywhere)
        "JWT_SECRET_KEY": env.JWT_SECRET_KEY,
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=env.JWT_ACCESS_TOKEN_EXPIRES_MINUTES),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=env.JWT_REFRESH_TOKEN_EXPIRES_DAYS),
        # However often a sign-in is refreshed, it ends this long after it began.
        "JWT_REFRESH_FAMILY_MAX_AGE": timedelta(days=env.JWT_REFRESH_FAMILY_MAX_DAYS),
        "JWT_TOKEN_LOCATION": ["headers"],
        "JWT_ALGORITHM": "HS256",
        # Rate limits (Flask-Limiter strings). The per-address cap stands behind the per-owner one.
        "RATELIMIT_ANONYMOUS": env.RATELIMIT_ANONYMOUS,
        "RATELIMIT_USER": env.RATELIMIT_USER,
        "RATELIMIT_PER_ADDRESS": env.RATELIMIT_PER_ADDRESS,
        "RATELIMIT_ENABLED": env.RATELIMIT_ENABLED,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Cache
        "CACHE_DEFAULT_TIMEOUT": env.CACHE_DEFAULT_TIMEOUT,
        # CORS
        "CORS_ALLOWED_ORIGINS": list(env.CORS_ALLOWED_ORIGINS),
        # Request bodies
        "MAX_CONTENT_LENGTH": env.MAX_CONTENT_LENGTH,
        # Jobs: "rq" when Redis is configured, "inline" otherwise (or forced).
        "JOBS_MODE": env.JOBS_MODE or ("rq" if redis_url else "inline"),
        "JOBS_QUEUE": env.JOBS_QUEUE,
        # Seconds before each RQ retry of a failed job ("none": no retry).
        "JOBS_RETRY_INTERVALS": list(env.JOBS_RETRY_INTERVALS),
        # Images
        "CLOUDINARY_URL": env.CLOUDINARY_URL,
        "MEDIA_ROOT": env.MEDIA_ROOT or str(instance / "media"),
        "PRIVATE_MEDIA_ROOT": env.PRIVATE_MEDIA_ROOT or str(instance / "private_media"),
        "MEDIA_MAX_IMAGE_BYTES": env.MEDIA_MAX_IMAGE_BYTES,
        # Mail (SMTP when MAIL_SERVER is set, else log + outbox folder)
        "MAIL_SERVER": env.MAIL_SERVER,
        "MAIL_PORT": env.MAIL_PORT,
        "MAIL_USERNAME": env.MAIL_USERNAME,
        "MAIL_PASSWORD": env.MAIL_PASSWORD,
        "MAIL_USE_TLS": env.MAIL_USE_TLS,
        "MAIL_FROM": env.MAIL_FROM,
        "MAIL_OUTBOX_DIR": env.MAIL_OUTBOX_DIR or str(instance / "outbox"),
        # Plugins
        "JAPAGUIDE_DISABLED_PLUGINS": list(env.JAPAGUIDE_DISABLED_PLUGINS),
        "JAPAGUIDE_EXTRA_PLUGINS": env.JAPAGUIDE_EXTRA_PLUGINS,
        # OpenAPI (flask-smorest)
        "API_TITLE": "Japaguide API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "/static/swagger-ui/",
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Anonymous-first migration companion. Every endpoint works "
                "without an account; a Bearer JWT is optional.\n\n"
                "Validation: request bodies accept only the properties documented "
                '(`additionalProperties: false`) with their JSON types (no `"1"` for 1, '
                "no `0` for false), and no string, key or parameter may contain NUL or an "
                "unpaired UTF-16 surrogate: those are 400 problems. A request that matches "
                "the document but breaks a rule it cannot state (a date already past) is a "
                "422 problem where the operation documents one.",
            },
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            },
        },
    }


def finalise_config(config: dict[str, Any]) -> None:
    """Derive dependent settings and refuse unsafe ones. Called after overrides are applied."""
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    if not config.get("JWT_SECRET_KEY"):
        config["JWT_SECRET_KEY"] = config["SECRET_KEY"]
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(config)
    unsafe_secret = unsafe_secret_message(config)
    if unsafe_secret:
        raise ConfigurationError(unsafe_secret)
    if int(config.get("TRUSTED_PROXY_COUNT") or 0) < 0:
        raise ConfigurationError("TRUSTED_PROXY_COUNT must be 0 (no proxy) or more.")
    check_rate_limits(config, rate_limit_keys(config, {}))
