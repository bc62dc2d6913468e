"""`flask db upgrade` builds the schema from empty, and it matches the models exactly."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from japaguide import create_app
from japaguide.config import normalise_database_url
from japaguide.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database on the same backend as the suite."""
    base = os.environ.get("JAPAGUIDE_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"japaguide_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_database_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield normalise_database_url(base).rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _only_real_tables(obj, name, type_, reflected, compare_to):
    # Test-only plugins (tests/host/sample_plugin.py) have no migrations by design.
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return not (table is not None and table.name.startswith("test_"))


def test_upgrade_from_empty_matches_models(app_config, empty_database_url):
    import flask_migrate

    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": _only_real_tables}
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()
