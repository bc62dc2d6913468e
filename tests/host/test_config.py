"""Configuration from the environment and its safety checks."""

import secrets
from pathlib import Path

import pytest

from japaguide import create_app
from japaguide.config import ConfigurationError, normalise_database_url
from japaguide.secret_keys import KNOWN_PLACEHOLDER_SECRETS

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
STRONG_KEY = secrets.token_urlsafe(48)


def env_example_value(name):
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1].strip()
    raise AssertionError(f"{name} is not set in .env.example")


@pytest.fixture
def production(app_config, monkeypatch):
    """Build an app as production would (no debug, no testing) with extra settings."""
    for name in ("SECRET_KEY", "JWT_SECRET_KEY", "FLASK_DEBUG", "JAPAGUIDE_TESTING"):
        monkeypatch.delenv(name, raising=False)
    base = {k: v for k, v in app_config.items() if k != "SECRET_KEY"}

    def build(**settings):
        return create_app({**base, "TESTING": False, "DEBUG": False, **settings})

    return build


def test_refuses_default_secret_outside_debug(production):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        production()


def test_refuses_env_example_placeholder_secret(production):
    placeholder = env_example_value("SECRET_KEY")
    with pytest.raises(ConfigurationError, match="SECRET_KEY is a documented placeholder") as err:
        production(SECRET_KEY=placeholder)
    assert placeholder not in str(err.value)


def test_every_shipped_placeholder_is_in_the_known_set():
    assert env_example_value("SECRET_KEY") in KNOWN_PLACEHOLDER_SECRETS


@pytest.mark.parametrize("weak", ["ci", "short-but-not-a-placeholder", "x" * 31])
def test_refuses_short_secret_outside_debug(production, weak):
    with pytest.raises(ConfigurationError, match="shorter than 32 characters"):
        production(SECRET_KEY=weak)


def test_refuses_placeholder_jwt_secret(production):
    with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY is a documented placeholder"):
        production(SECRET_KEY=STRONG_KEY, JWT_SECRET_KEY="Change-Me")


def test_strong_secret_starts_and_serves(production):
    app = production(SECRET_KEY=STRONG_KEY)
    assert app.config["JWT_SECRET_KEY"] == STRONG_KEY
    assert app.test_client().get("/api/v1/health").status_code == 200


def test_debug_accepts_the_placeholder_key(production):
    """`make run` (FLASK_DEBUG=1) works with no SECRET_KEY and with .env.example copied."""
    assert production(DEBUG=True).config["DEBUG"]
    assert production(DEBUG=True, SECRET_KEY=env_example_value("SECRET_KEY")).config["DEBUG"]


def test_refuses_negative_proxy_count(production):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY_COUNT"):
        production(SECRET_KEY=STRONG_KEY, TRUSTED_PROXY_COUNT=-1)


def test_database_urls_are_normalised():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_session_cookie_is_httponly_and_lasts_30_days(client):
    client.post("/api/v1/session/save/")
    cookie = client.get_cookie("japaguide_session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert cookie.expires is not None


def test_plain_read_does_not_rewrite_session(client):
    client.post("/api/v1/session/save/")
    response = client.get("/api/v1/session/status/")
    assert "Set-Cookie" not in response.headers


def test_cors_allows_configured_origin_with_credentials(client):
    response = client.get("/api/v1/health", headers={"Origin": "http://localhost:3000"})
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    other = client.get("/api/v1/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_exposes_only_headers_the_api_sends(client):
    response = client.get("/api/v1/countries/", headers={"Origin": "http://localhost:3000"})
    exposed = {
        h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert "x-pagination" not in exposed
    assert {"etag", "x-request-id", "retry-after"} <= exposed
    assert "ETag" in response.headers and "X-Request-ID" in response.headers


def test_openapi_document_and_docs(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/session/status/" in spec["paths"]
    status_schema = spec["components"]["schemas"]["SessionStatus"]
    assert "expiresInDays" in status_schema["properties"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.data
    assert b"cdn" not in docs.data.lower()
