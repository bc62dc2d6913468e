"""Every environment variable the host reads, typed, with its default and what it means.

Read once per app by :func:`load_settings` (``japaguide.config`` turns the result into Flask
config). A value that does not parse stops start-up with :class:`ConfigurationError` naming the
variable: ``RATELIMIT_ANONYMOUS=lots`` must never quietly mean "no limit", which is what
Flask-Limiter does with a limit string it cannot parse. An empty variable counts as unset.

Plugins declare their own settings as defaults in ``Plugin.config``; the host parses their
environment values to the default's type and checks rate limits the same way
(:func:`parse_plugin_value`, :func:`check_rate_limits`). The README's configuration table is
checked against both by ``tests/host/test_settings.py``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from limits import parse_many
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from japaguide.secret_keys import DEV_SECRET_KEY

DEFAULT_SESSION_LIFETIME_DAYS = 30
TWO_MEBIBYTES = 2 * 1024 * 1024
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
#: Values of these variables are never repeated in an error message (secrets, credentials).
SECRET_MARKERS = ("SECRET", "PASSWORD", "KEY", "URL")


class ConfigurationError(RuntimeError):
    """The configuration cannot run safely (an invalid value, the default key in production)."""


def check_rate_limit(value: str) -> str:
    """A Flask-Limiter limit string (``100/hour``, ``5/minute;50/day``), or ValueError."""
    try:
        parse_many(value)
    except ValueError:
        raise ValueError(
            f"not a rate limit: {value!r} (expected e.g. '100/hour' or '5/minute;50/day')"
        ) from None
    return value


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _retry_intervals(value: Any) -> Any:
    value = _comma_list(value)
    if isinstance(value, list):
        return [part for part in value if not (isinstance(part, str) and part.lower() == "none")]
    return value


RateLimit = Annotated[str, AfterValidator(check_rate_limit)]
CommaList = Annotated[list[str], NoDecode, BeforeValidator(_comma_list)]
Seconds = Annotated[float, Field(gt=0)]


class Settings(BaseSettings):
    """The host's environment. Names are the variables' names; ``None`` means "derived"."""

    model_config = SettingsConfigDict(
        case_sensitive=True, env_ignore_empty=True, extra="ignore", validate_default=True
    )

    # core
    SECRET_KEY: str = Field(
        DEV_SECRET_KEY,
        description="signs sessions, tokens and links; outside debug/testing the app refuses "
        "a documented placeholder or a key shorter than 32 characters",
    )
    FLASK_DEBUG: bool = Field(False, description="development mode (dev key, non-Secure cookies)")
    JAPAGUIDE_TESTING: bool = Field(False, description="Flask's testing mode")
    JAPAGUIDE_BENCH_COUNTERS: bool = Field(
        False, description="X-Bench-SQL/X-Bench-Redis counts on every response (make bench only)"
    )
    PUBLIC_BASE_URL: str = Field(
        "http://127.0.0.1:8000", description="public base of the API (API links in e-mails)"
    )
    FRONTEND_BASE_URL: str | None = Field(
        None,
        description="base of the frontend; e-mailed session links open its /restore page "
        "(without it they point at the API's restore endpoint)",
    )
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "INFO", description="logging level (JSON lines on standard error)"
    )
    TRUSTED_PROXY_COUNT: int = Field(
        0, ge=0, description="reverse proxies whose X-Forwarded-For/-Proto are trusted"
    )
    # database
    DATABASE_URL: str | None = Field(None, description="PostgreSQL URL (SQLite file otherwise)")
    DATABASE_CONNECT_TIMEOUT: int = Field(5, ge=1, description="seconds to connect to PostgreSQL")
    DATABASE_POOL_SIZE: int | None = Field(
        None, ge=1, description="connections a process keeps open (default GUNICORN_THREADS)"
    )
    DATABASE_MAX_OVERFLOW: int | None = Field(
        None, ge=0, description="extra connections at a peak (default threads - pool size)"
    )
    DATABASE_POOL_TIMEOUT: int = Field(10, ge=1, description="seconds to wait for a connection")
    DATABASE_STATEMENT_TIMEOUT_MS: int = Field(
        30_000, ge=0, description="PostgreSQL statement_timeout (0: none)"
    )
    # Redis and jobs
    REDIS_URL: str | None = Field(None, description="Redis for sessions, cache, limits and jobs")
    REDIS_SOCKET_TIMEOUT: Seconds = Field(0.05, description="seconds a Redis command may take")
    REDIS_CONNECT_TIMEOUT: Seconds = Field(0.05, description="seconds to connect to Redis")
    JOBS_MODE: Literal["rq", "inline"] | None = Field(
        None, description="where jobs run: rq with Redis, else inline"
    )
    JOBS_QUEUE: str = Field("japaguide", min_length=1, description="RQ queue name")
    JOBS_RETRY_INTERVALS: Annotated[
        list[Annotated[int, Field(ge=0)]], NoDecode, BeforeValidator(_retry_intervals)
    ] = Field([10, 60], description="seconds before each RQ retry of a failed job; none: none")
    # sessions and auth
    SESSION_LIFETIME_DAYS: int = Field(
        DEFAULT_SESSION_LIFETIME_DAYS, ge=1, description="anonymous session lifetime in days"
    )
    SESSION_COOKIE_NAME: str = Field(
        "japaguide_session", min_length=1, description="session cookie name"
    )
    SESSION_COOKIE_SAMESITE: Literal["Lax", "Strict", "None"] = Field(
        "Lax", description="SameSite attribute of the session cookie"
    )
    SESSION_COOKIE_SECURE: bool | None = Field(
        None, description="Secure attribute of the session cookie (default: on unless debug)"
    )
    JWT_SECRET_KEY: str | None = Field(None, description="JWT signing key (default SECRET_KEY)")
    JWT_ACCESS_TOKEN_EXPIRES_MINUTES: int = Field(30, ge=1, description="access token lifetime")
    JWT_REFRESH_TOKEN_EXPIRES_DAYS: int = Field(30, ge=1, description="refresh token lifetime")
    JWT_REFRESH_FAMILY_MAX_DAYS: int = Field(
        90, ge=1, description="a sign-in's hard end, however often it is refreshed"
    )
    # rate limits
    RATELIMIT_ENABLED: bool = Field(True, description="turn rate limiting off (never in prod)")
    RATELIMIT_ANONYMOUS: RateLimit = Field("100/hour", description="calls per anonymous owner")
    RATELIMIT_USER: RateLimit = Field("1000/hour", description="calls per signed-in user")
    RATELIMIT_PER_ADDRESS: RateLimit = Field("300/hour", description="calls per client address")
    # HTTP
    CACHE_DEFAULT_TIMEOUT: int = Field(3600, ge=0, description="cache TTL in seconds")
    CORS_ALLOWED_ORIGINS: CommaList = Field(
        ["http://localhost:3000", "http://127.0.0.1:3000"],
        description="frontend origins allowed with credentials (comma-separated)",
    )
    MAX_CONTENT_LENGTH: int = Field(
        TWO_MEBIBYTES, ge=1, description="largest request body in bytes"
    )
    # images
    CLOUDINARY_URL: str | None = Field(None, description="cloudinary://KEY:SECRET@CLOUD")
    MEDIA_ROOT: str | None = Field(None, description="local image folder")
    PRIVATE_MEDIA_ROOT: str | None = Field(None, description="generated documents folder")
    MEDIA_MAX_IMAGE_BYTES: int = Field(
        TWO_MEBIBYTES, ge=1, description="largest uploaded image in bytes"
    )
    # mail
    MAIL_SERVER: str | None = Field(None, description="SMTP server (outbox folder otherwise)")
    MAIL_PORT: int = Field(587, ge=1, le=65535, description="SMTP port")
    MAIL_USERNAME: str | None = Field(None, description="SMTP user")
    MAIL_PASSWORD: str | None = Field(None, description="SMTP password")
    MAIL_USE_TLS: bool = Field(True, description="STARTTLS before sending")
    MAIL_FROM: str = Field("Japaguide <no-reply@japaguide.local>", description="From header")
    MAIL_OUTBOX_DIR: str | None = Field(None, description="where mail goes without SMTP")
    # plugins
    JAPAGUIDE_DISABLED_PLUGINS: CommaList = Field([], description="plugins to turn off")
    JAPAGUIDE_EXTRA_PLUGINS: str | None = Field(
        None, description="module:attr,... plugins to load without installing them"
    )
    # production server (gunicorn.conf.py); the pool defaults follow GUNICORN_THREADS
    GUNICORN_BIND: str = Field("0.0.0.0:8000", description="address gunicorn listens on")
    GUNICORN_WORKERS: int = Field(2, ge=1, description="gunicorn processes")
    GUNICORN_THREADS: int = Field(32, ge=1, description="threads per gunicorn process")
    GUNICORN_TIMEOUT: int = Field(60, ge=1, description="seconds before a stuck worker is killed")


def describe_error(error: ValidationError) -> str:
    """One line per invalid variable: its name, what is wrong, and (unless secret) the value."""
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "?"
        shown = "" if any(m in name for m in SECRET_MARKERS) else f" (got {item['input']!r})"
        lines.append(f"{name}: {item['msg']}{shown}")
    return "Invalid configuration: " + "; ".join(lines)


def load_settings(**values: Any) -> Settings:
    """The environment (``values`` win over it), validated; ConfigurationError if invalid."""
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigurationError(describe_error(exc)) from None


def parse_plugin_value(name: str, raw: str, like: Any) -> Any:
    """Parse a plugin setting's environment string into the type of its default.

    Booleans take 1/true/yes/on and 0/false/no/off only; anything else names the variable.
    """
    text = raw.strip()
    try:
        if isinstance(like, bool):
            word = text.lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                raise ValueError("expected true or false (1/0, yes/no, on/off)")
            return word in TRUE_WORDS
        if isinstance(like, int):
            return int(text)
        if isinstance(like, float):
            return float(text)
        if isinstance(like, list | tuple):
            return [part.strip() for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise ConfigurationError(
            f"Invalid configuration: {name}: {exc} (got {raw!r}; the default is {like!r})"
        ) from None
    return raw


def rate_limit_keys(config: dict[str, Any], plugin_defaults: dict[str, Any]) -> list[str]:
    """The settings that hold limit strings: the host's and plugins' ``RATELIMIT_*`` strings.

    Flask-Limiter's own ``RATELIMIT_*`` options (storage URI, strategy…) are not limits.
    """
    host = [
        name
        for name, field in Settings.model_fields.items()
        if field.annotation is str and name.startswith("RATELIMIT_")
    ]
    plugins = [
        k for k, v in plugin_defaults.items() if k.startswith("RATELIMIT_") and isinstance(v, str)
    ]
    return [key for key in host + plugins if isinstance(config.get(key), str)]


def check_rate_limits(config: dict[str, Any], keys: list[str]) -> None:
    """Each of ``keys`` in the final config (env, plugin defaults, overrides) must parse."""
    for key in keys:
        try:
            check_rate_limit(config[key])
        except ValueError as exc:
            raise ConfigurationError(f"Invalid configuration: {key}: {exc}") from None
