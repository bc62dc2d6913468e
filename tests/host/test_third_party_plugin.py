"""A third-party plugin with its own migration history (examples/japa_journal), installed or
loaded from its folder: `flask db upgrade` creates its table, the host's `flask db check` stays
clean, `--plugin` picks it, disabling it leaves the app running."""

import importlib.util
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from japaguide import create_app
from japaguide.extensions import db
from japaguide.plugins import PluginError, discover_plugins, order_plugins
from japaguide.testing import migration_diff, plugins_with

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "japa_journal"
if importlib.util.find_spec("japa_journal") is None:  # not pip-installed: load from its folder
    sys.path.insert(0, str(EXAMPLE))

from japa_journal import plugin as journal  # noqa: E402


def _app(app_config, url, **config):
    return create_app(
        {**app_config, "SQLALCHEMY_DATABASE_URI": url, **config}, plugins=plugins_with(journal)
    )


def _tables(app):
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def _dispose(app):
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_db_upgrade_creates_its_table_and_the_host_check_stays_clean(
    app_config, empty_database_url
):
    app = _app(app_config, empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert {"japa_journal_entries", "alembic_version_japa_journal", "roadmaps"} <= _tables(app)
    assert migration_diff(app) == []  # the host's history ignores the plugin's table
    assert migration_diff(app, plugin="japa_journal") == []
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    # It works: an entry through the API, on the migrated table.
    assert app.test_client().post("/api/v1/journal/", json={"text": "hi"}).status_code == 201
    _dispose(app)


def test_plugin_option_picks_one_history(app_config, empty_database_url):
    app = _app(app_config, empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "downgrade", "--plugin", "japa_journal", "base"])
    assert result.exit_code == 0, result.output
    tables = _tables(app)
    assert "japa_journal_entries" not in tables and "roadmaps" in tables
    # The host's history is untouched, and its check still clean; the plugin's is behind.
    assert migration_diff(app) == []
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code != 0 and "japa_journal" in result.output
    result = runner.invoke(args=["db", "upgrade", "--plugin", "japa_journal"])
    assert result.exit_code == 0, result.output
    assert "japa_journal_entries" in _tables(app)
    result = runner.invoke(args=["db", "current", "--plugin", "japa_journal"])
    assert result.exit_code == 0, result.output
    _dispose(app)


def test_plugin_option_names_what_is_wrong(app_config, empty_database_url):
    runner = _app(app_config, empty_database_url).test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", "--plugin", "nope"])
    assert result.exit_code != 0 and "no enabled plugin is named 'nope'" in result.output
    result = runner.invoke(args=["db", "upgrade", "--plugin", "roadmaps"])
    assert result.exit_code != 0 and "the host's history" in result.output


def test_disabled_it_leaves_the_app_running_and_its_table_alone(app_config, empty_database_url):
    enabled = _app(app_config, empty_database_url)
    assert enabled.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    _dispose(enabled)
    app = _app(app_config, empty_database_url, JAPAGUIDE_DISABLED_PLUGINS=["japa_journal"])
    client = app.test_client()
    assert client.get("/api/v1/journal/").status_code == 404
    assert client.get("/api/v1/health").status_code == 200
    assert "japa_journal" not in {
        p["name"] for p in client.get("/api/v1/health").get_json()["plugins"]
    }
    # Its table is still in the database: the host's check neither drops it nor complains.
    assert "japa_journal_entries" in _tables(app)
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert migration_diff(app) == []
    _dispose(app)


def test_the_discovery_recipe_loads_an_installed_plugin_once():
    """``[*discover_plugins(), plugin]`` with the plugin installed is one plugin, not a clash."""
    twice = [*discover_plugins(), journal, journal]
    assert [p.name for p in order_plugins(twice)].count("japa_journal") == 1
    impostor = type(journal)(name="japa_journal", version="9.9.9")
    with pytest.raises(PluginError, match="two different plugins are named 'japa_journal'"):
        order_plugins([journal, impostor])
