"""`flask db upgrade` builds the schema from empty, and it matches the models exactly; plugin
histories (japaguide.migrations) stay out of the host's."""

import flask_migrate
from sqlalchemy import inspect

from japaguide import create_app
from japaguide.extensions import db
from japaguide.testing import migration_diff


def test_upgrade_from_empty_matches_models(app_config, empty_database_url):
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade()
    # The test-only plugins' tables (tests/host/sample_plugin.py, no history) are not the
    # host's: the host's check leaves them out, as it leaves out any third-party plugin's.
    assert migration_diff(app) == [], "models and migrations disagree"
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()


def test_host_check_ignores_plugin_tables_and_version_tables(app_config, empty_database_url):
    """A plugin's tables and its alembic_version_<plugin> in the database are not drift."""
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE alembic_version_elsewhere (version_num VARCHAR(32))")
            conn.exec_driver_sql("CREATE TABLE test_notes (id INTEGER PRIMARY KEY)")
        assert "test_notes" in inspect(db.engine).get_table_names()
    assert migration_diff(app) == []
    with app.app_context():
        db.engine.dispose()


def test_flask_db_check_is_clean_on_a_migrated_database(app_config, empty_database_url):
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()
