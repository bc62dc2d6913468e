"""Configuration from the environment and its safety checks."""

import pytest

from japaguide import create_app
from japaguide.config import ConfigurationError, normalise_database_url


def test_refuses_default_secret_outside_debug(app_config, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {k: v for k, v in app_config.items() if k not in {"SECRET_KEY", "TESTING"}}
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({**config, "TESTING": False, "DEBUG": False})


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
