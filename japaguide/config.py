"""Settings from the environment, with embedded defaults.

Every variable read here is documented in the README and in `.env.example`. With none of them
set the app runs on the embedded default: SQLite in the instance folder, sessions in the
database, in-process cache and rate limits, jobs inline, the offline AI assistant, local images.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from japaguide.database_pool import database_settings, engine_options
from japaguide.secret_keys import DEV_SECRET_KEY, unsafe_secret_message

DEFAULT_SECRET_KEY = DEV_SECRET_KEY
SESSION_LIFETIME_DAYS = 30


class ConfigurationError(RuntimeError):
    """The configuration cannot run safely (e.g. the default secret key in production)."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool = False) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


def _env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in (_env(name, default) or "").split(",") if part.strip()]


def normalise_database_url(url: str) -> str:
    """Accept Heroku-style `postgres://` and plain `postgresql://` URLs.

    SQLAlchemy 2.1 rejects `postgres://`; we always pick the psycopg 3 driver explicitly.
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def parse_env_value(raw: str, like: Any) -> Any:
    """Parse an environment string into the type of a plugin's default value."""
    if isinstance(like, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        return float(raw)
    if isinstance(like, list | tuple):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def load_config(instance_path: str) -> dict[str, Any]:
    """Build the host configuration from the environment."""
    debug = _env_bool("FLASK_DEBUG")
    database_url = _env("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'japaguide.db'}"
    redis_url = _env("REDIS_URL")
    lifetime = timedelta(days=_env_int("SESSION_LIFETIME_DAYS", SESSION_LIFETIME_DAYS))
    return {
        "DEBUG": debug,
        "TESTING": _env_bool("JAPAGUIDE_TESTING"),
        "SECRET_KEY": _env("SECRET_KEY", DEFAULT_SECRET_KEY),
        "PUBLIC_BASE_URL": _env("PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
        "LOG_LEVEL": _env("LOG_LEVEL", "INFO"),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).
        "TRUSTED_PROXY_COUNT": _env_int("TRUSTED_PROXY_COUNT", 0),
        # Database
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Pool size, overflow, pool and statement timeouts (see japaguide/database_pool.py)
        **database_settings(),
        # Redis (sessions, cache, limits, jobs) – optional
        "REDIS_URL": redis_url,
        # Seconds a Redis command / connect may take. Redis answers in well under a millisecond
        # on a LAN; tens of milliseconds leave ample headroom, yet a hung Redis costs a request
        # only that long (then sessions refuse anonymous writes with 503, the cache is skipped).
        "REDIS_SOCKET_TIMEOUT": float(_env("REDIS_SOCKET_TIMEOUT", "0.05") or 0.05),
        "REDIS_CONNECT_TIMEOUT": float(_env("REDIS_CONNECT_TIMEOUT", "0.05") or 0.05),
        # Sessions: 30 days, HttpOnly, SameSite, Secure outside debug; no write on plain reads.
        "SESSION_LIFETIME_DAYS": lifetime.days,
        "PERMANENT_SESSION_LIFETIME": lifetime,
        "SESSION_PERMANENT": True,
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_COOKIE_NAME": _env("SESSION_COOKIE_NAME", "japaguide_session"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": _env("SESSION_COOKIE_SAMESITE", "Lax"),
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", not debug),
        "SESSION_KEY_PREFIX": "session:",
        # JWT (optional auth everywhere)
        "JWT_SECRET_KEY": _env("JWT_SECRET_KEY"),
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(
            minutes=_env_int("JWT_ACCESS_TOKEN_EXPIRES_MINUTES", 30)
        ),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=_env_int("JWT_REFRESH_TOKEN_EXPIRES_DAYS", 30)),
        # However often a sign-in is refreshed, it ends this long after it began.
        "JWT_REFRESH_FAMILY_MAX_AGE": timedelta(days=_env_int("JWT_REFRESH_FAMILY_MAX_DAYS", 90)),
        "JWT_TOKEN_LOCATION": ["headers"],
        "JWT_ALGORITHM": "HS256",
        # Rate limits (Flask-Limiter strings). The per-address cap stands behind the per-owner one.
        "RATELIMIT_ANONYMOUS": _env("RATELIMIT_ANONYMOUS", "100/hour"),
        "RATELIMIT_USER": _env("RATELIMIT_USER", "1000/hour"),
        "RATELIMIT_PER_ADDRESS": _env("RATELIMIT_PER_ADDRESS", "300/hour"),
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Cache
        "CACHE_DEFAULT_TIMEOUT": _env_int("CACHE_DEFAULT_TIMEOUT", 3600),
        # CORS
        "CORS_ALLOWED_ORIGINS": _env_list(
            "CORS_ALLOWED_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000"
        ),
        # Request bodies
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024),
        # Jobs: "rq" when Redis is configured, "inline" otherwise (or forced).
        "JOBS_MODE": _env("JOBS_MODE", "rq" if redis_url else "inline"),
        "JOBS_QUEUE": _env("JOBS_QUEUE", "japaguide"),
        # Seconds before each RQ retry of a failed job ("none": no retry).
        "JOBS_RETRY_INTERVALS": [
            int(s) for s in _env_list("JOBS_RETRY_INTERVALS", "10,60") if s.lower() != "none"
        ],
        # Images
        "CLOUDINARY_URL": _env("CLOUDINARY_URL"),
        "MEDIA_ROOT": _env("MEDIA_ROOT", str(Path(instance_path) / "media")),
        "PRIVATE_MEDIA_ROOT": _env(
            "PRIVATE_MEDIA_ROOT", str(Path(instance_path) / "private_media")
        ),
        "MEDIA_MAX_IMAGE_BYTES": _env_int("MEDIA_MAX_IMAGE_BYTES", 2 * 1024 * 1024),
        # Mail (SMTP when MAIL_SERVER is set, else log + outbox folder)
        "MAIL_SERVER": _env("MAIL_SERVER"),
        "MAIL_PORT": _env_int("MAIL_PORT", 587),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", True),
        "MAIL_FROM": _env("MAIL_FROM", "Japaguide <no-reply@japaguide.local>"),
        "MAIL_OUTBOX_DIR": _env("MAIL_OUTBOX_DIR", str(Path(instance_path) / "outbox")),
        # Plugins
        "JAPAGUIDE_DISABLED_PLUGINS": _env_list("JAPAGUIDE_DISABLED_PLUGINS"),
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
