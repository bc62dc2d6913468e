"""The host knows no feature: settings, admin links, session rules and owned kinds come from
the enabled plugins, and an app that turns a plugin off keeps nothing of it."""

from __future__ import annotations

import ast
from typing import Any

from flask import Flask

from japaguide import create_app
from japaguide.api import Blueprint
from japaguide.config import load_config
from japaguide.identity import no_anonymous_session, owned_models, require_owner
from japaguide.plugins import Plugin, discover_plugins
from tests.host.import_scan import ROOT

AI_SETTINGS = {
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "OPENAI_TIMEOUT_SECONDS",
    "AI_DAILY_BUDGET_USD",
}


def test_ai_settings_are_the_ai_plugins_config(app_config: dict[str, Any], monkeypatch, tmp_path):
    assert AI_SETTINGS.isdisjoint(load_config(str(tmp_path)))
    ai = next(p for p in discover_plugins() if p.name == "ai")
    assert set(ai.config) >= AI_SETTINGS

    monkeypatch.setenv("OPENAI_MODEL", "local-llama")
    monkeypatch.setenv("OPENAI_TIMEOUT_SECONDS", "7.5")
    monkeypatch.setenv("AI_DAILY_BUDGET_USD", "")  # empty is unset: the default holds
    config = {k: v for k, v in app_config.items() if k != "OPENAI_API_KEY"}
    app = create_app(config)
    assert app.config["OPENAI_MODEL"] == "local-llama"
    assert app.config["OPENAI_TIMEOUT_SECONDS"] == 7.5
    assert app.config["AI_DAILY_BUDGET_USD"] == 5.0
    assert app.config["OPENAI_API_KEY"] is None

    # The document builder renders letters in the AI plugin's sandbox: it goes with it.
    without_ai = create_app({**config, "JAPAGUIDE_DISABLED_PLUGINS": ["ai", "docs"]})
    assert AI_SETTINGS.isdisjoint(without_ai.config)


def test_the_hosts_code_names_no_built_in_plugin():
    """No string literal of the host names a built-in plugin's URL, endpoint or setting."""
    # "session" and "docs" are also plain words of the host's own (the session cookie, the
    # Swagger UI's path ``/api/v1/docs``), not the plugins of those names.
    features = {p.name for p in discover_plugins()} - {"session", "docs"}
    suspicious = ("/api/v1/auth", "/api/v1/admin/", "admin_auth.", "dashboard.", "OPENAI_")
    found = []
    for path in sorted((ROOT / "japaguide").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if text.startswith(suspicious) or text in features:
                    found.append(f"{path.name}:{node.lineno}: {text!r}")
    assert not found, "\n".join(found)


def _status_counts(app: Flask) -> dict[str, int]:
    client = app.test_client()
    client.post("/api/v1/session/save/")
    return client.get("/api/v1/session/status/").get_json()["counts"]


def test_owned_kinds_are_the_enabled_plugins_only(app: Flask, app_config: dict[str, Any]):
    """Two apps side by side: the one without ``timeline`` has no timelines kind.

    (``app`` — the host tests' app, with the sample ``notes`` plugin — made the tables.)
    """
    notes = {m.owned_kind() for m in owned_models(app)}
    assert {"notes", "note_tags", "timelines"} <= notes
    app = create_app(app_config)  # the installed plugins only: no notes
    other = create_app({**app_config, "JAPAGUIDE_DISABLED_PLUGINS": ["timeline"]})
    with app.app_context():
        kinds = {m.owned_kind() for m in owned_models()}
    with other.app_context():
        other_kinds = {m.owned_kind() for m in owned_models()}
    assert "timelines" in kinds
    assert other_kinds == kinds - {"timelines"}
    assert "timelines" in _status_counts(app)
    assert "timelines" not in _status_counts(other)
    # the first app is untouched by the second one's choice
    with app.app_context():
        assert {m.owned_kind() for m in owned_models()} == kinds


def _marker_plugin() -> Plugin:
    def blueprints() -> list[tuple[Blueprint, str]]:
        open_bp = Blueprint("probe_open", __name__)
        closed_bp = no_anonymous_session(Blueprint("probe_closed", __name__))

        @open_bp.route("/", methods=["POST"])
        def open_write() -> Any:
            require_owner()
            return {"ok": True}

        @open_bp.route("/token/", methods=["POST"])
        @no_anonymous_session
        def token_write() -> Any:
            return {"ok": True}

        @closed_bp.route("/", methods=["POST"])
        def closed_write() -> Any:
            return {"ok": True}

        return [(open_bp, "/probe-open"), (closed_bp, "/probe-closed")]

    return Plugin(name="probe", version="1", requires=("session",), blueprints=blueprints)


def test_routes_without_an_anonymous_session_are_marked_by_their_plugin(app_config):
    app = create_app(app_config, plugins=[*discover_plugins(), _marker_plugin()])
    cookie = app.config["SESSION_COOKIE_NAME"]

    def sets_session(path: str) -> bool:
        client = app.test_client()
        response = client.post(path)
        assert response.status_code == 200, response.get_data(as_text=True)
        return client.get_cookie(cookie) is not None

    with app.app_context():
        from japaguide.extensions import db

        db.create_all()
    assert sets_session("/api/v1/probe-open/")
    assert not sets_session("/api/v1/probe-open/token/")  # a marked view
    assert not sets_session("/api/v1/probe-closed/")  # a marked blueprint


def test_admin_links_come_from_the_plugin_that_declares_them(app: Flask, app_config):
    page = app.test_client().get("/admin/")
    assert page.status_code == 302 and page.headers["Location"].endswith("/admin/login/")
    closed = create_app({**app_config, "JAPAGUIDE_DISABLED_PLUGINS": ["admin_tools"]})
    assert closed.test_client().get("/admin/").status_code == 403
