"""The plugin's own Alembic history, on a brand-new empty database (SQLite, or PostgreSQL
with JAPAGUIDE_TEST_DATABASE_URL)."""

from sqlalchemy import inspect

from japaguide.extensions import db
from japaguide.migrations import downgrade_plugin, upgrade_plugin
from japaguide.testing import migration_diff


def _tables(app):
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_creates_the_table_and_matches_the_models(migrated_app):
    tables = _tables(migrated_app)
    assert {"japa_journal_entries", "alembic_version_japa_journal", "users"} <= tables
    assert migration_diff(migrated_app, plugin="japa_journal") == []
    assert migration_diff(migrated_app) == []  # the host's history does not see our table


def test_downgrade_removes_only_the_plugins_table(migrated_app):
    downgrade_plugin(migrated_app, "japa_journal", "base")
    tables = _tables(migrated_app)
    assert "japa_journal_entries" not in tables and "users" in tables
    # Without its table the plugin's health check fails: reported, not a 500.
    health = migrated_app.test_client().get("/api/v1/health")
    assert health.status_code == 200
    plugin = next(p for p in health.get_json()["plugins"] if p["name"] == "japa_journal")
    assert plugin["status"] == "degraded"
    upgrade_plugin(migrated_app, "japa_journal")
    assert "japa_journal_entries" in _tables(migrated_app)


def test_flask_db_commands_take_the_plugin(migrated_app):
    runner = migrated_app.test_cli_runner()
    result = runner.invoke(args=["db", "current", "--plugin", "japa_journal"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["db", "check"]).exit_code == 0
    result = runner.invoke(args=["db", "downgrade", "--plugin", "japa_journal", "base"])
    assert result.exit_code == 0, result.output
    assert "japa_journal_entries" not in _tables(migrated_app)
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0  # host, then every plugin
    assert "japa_journal_entries" in _tables(migrated_app)
