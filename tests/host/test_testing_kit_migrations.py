"""The test kit's app fixture can build tables with `flask db upgrade` instead of create_all()."""

import pytest
from sqlalchemy import inspect

from japaguide.extensions import db
from japaguide.plugins import discover_plugins


@pytest.fixture
def japaguide_schema():
    return "migrations"


@pytest.fixture
def japaguide_plugins():
    return discover_plugins()  # the test-only plugins of tests/host have no history


def test_the_app_fixture_runs_migrations(app, client):
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert "alembic_version" in tables and "roadmaps" in tables
    assert "test_notes" not in tables  # create_all() would have made it
    assert client.get("/api/v1/health").status_code == 200


def test_seeded_and_admin_fixtures_work_on_migrated_tables(seeded, admin_client, make_user):
    assert admin_client.get("/api/v1/admin/analytics/").status_code == 200
    assert seeded.test_client().get("/api/v1/countries/CAN/").status_code == 200
    _user_id, headers = make_user(email="kit@example.com")
    assert seeded.test_client().get("/api/v1/auth/me/", headers=headers).status_code == 200
