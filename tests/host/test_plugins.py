"""Plugin discovery, ordering, disabling and loud failures."""

import json

import pytest

from japaguide import create_app
from japaguide.plugins import Plugin, PluginError, discover_plugins, hookimpl, order_plugins


def test_builtin_plugins_come_from_entry_points():
    names = {p.name for p in discover_plugins()}
    assert "session" in names


def test_disabled_plugin_routes_are_gone(app_config):
    app = create_app(
        {**app_config, "JAPAGUIDE_DISABLED_PLUGINS": ["session", "accounts", "admin_tools"]}
    )
    client = app.test_client()
    assert client.get("/api/v1/session/status/").status_code == 404
    assert "session" not in [p["name"] for p in client.get("/api/v1/health").get_json()["plugins"]]


def test_disabled_plugins_from_environment(app_config, monkeypatch):
    monkeypatch.setenv("JAPAGUIDE_DISABLED_PLUGINS", "accounts,session,admin_tools")
    config = {k: v for k, v in app_config.items() if k != "JAPAGUIDE_DISABLED_PLUGINS"}
    app = create_app(config)
    assert app.test_client().get("/api/v1/session/status/").status_code == 404


def test_disabling_a_required_plugin_names_the_dependant(app_config):
    with pytest.raises(PluginError, match="'accounts' requires plugin 'session'"):
        create_app({**app_config, "JAPAGUIDE_DISABLED_PLUGINS": ["session"]})


def test_missing_requirement_stops_startup(app_config):
    lonely = Plugin(name="lonely", version="1", requires=("maps",))
    with pytest.raises(PluginError, match="'lonely' requires plugin 'maps'"):
        create_app(app_config, plugins=[lonely])


def test_unsupported_api_version_stops_startup():
    with pytest.raises(PluginError, match="'future'"):
        order_plugins([Plugin(name="future", version="1", api_version=99)])


def test_cycle_is_reported():
    a = Plugin(name="a", version="1", requires=("b",))
    b = Plugin(name="b", version="1", requires=("a",))
    with pytest.raises(PluginError, match="cycle"):
        order_plugins([a, b])


def test_order_is_topological_then_by_name():
    plugins = [
        Plugin(name="zeta", version="1"),
        Plugin(name="visas", version="1", requires=("countries",)),
        Plugin(name="countries", version="1"),
        Plugin(name="ai", version="1", after=("visas", "missing-is-fine")),
    ]
    assert [p.name for p in order_plugins(plugins)] == ["countries", "zeta", "visas", "ai"]


def test_two_plugins_claiming_one_prefix_fail(app_config):
    from japaguide.api import Blueprint

    def bps(name):
        return lambda: [(Blueprint(name, __name__), "/same")]

    one = Plugin(name="one", version="1", blueprints=bps("one"))
    two = Plugin(name="two", version="1", blueprints=bps("two"))
    with pytest.raises(PluginError, match="both claim"):
        create_app(app_config, plugins=[one, two])


def test_misspelt_hook_fails_at_start(app_config):
    class Hooks:
        @hookimpl
        def roadmap_generatd(self, roadmap_id):  # typo on purpose
            return None

    with pytest.raises(PluginError, match="typo"):
        create_app(app_config, plugins=[Plugin(name="typo", version="1", hooks=Hooks())])


def test_plugin_config_defaults_yield_to_environment(app_config, monkeypatch):
    plugin = Plugin(name="cfg", version="1", config={"CFG_LIMIT": 5, "CFG_NAME": "x"})
    monkeypatch.setenv("CFG_LIMIT", "9")
    app = create_app(app_config, plugins=[plugin])
    assert app.config["CFG_LIMIT"] == 9
    assert app.config["CFG_NAME"] == "x"


def test_flask_plugins_lists_name_version_blueprints_hooks(runner):
    result = runner.invoke(args=["plugins", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)["plugins"]}
    assert rows["session"]["blueprints"] == ["session"]
    assert "register_jobs" in rows["session"]["hooks"]
    assert rows["notes"]["requires"] == ["session"]


def test_two_apps_in_one_process_do_not_collide(app_config):
    first = create_app(app_config)
    second = create_app(app_config)
    assert first.extensions["limiter"] is not second.extensions["limiter"]
    assert first.test_client().get("/api/v1/health").status_code == 200
    assert second.test_client().get("/api/v1/health").status_code == 200
