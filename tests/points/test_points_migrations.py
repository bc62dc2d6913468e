"""The plugin's own history: it creates and seeds ``points_benchmarks`` (version table
``alembic_version_points``), the host's history never sees the table, and it downgrades."""

from __future__ import annotations

from sqlalchemy import inspect, select

from japaguide.migrations import downgrade_plugin, upgrade_plugin
from japaguide.testing import migration_diff


def test_points_history(migrated_app):
    from japaguide.extensions import db
    from plugins.points.models import PointsBenchmark

    assert migration_diff(migrated_app, plugin="points") == []
    assert migration_diff(migrated_app) == []
    with migrated_app.app_context():
        rows = {r.scheme: r for r in db.session.scalars(select(PointsBenchmark))}
        assert sorted(rows) == sorted(
            ["crs", "fsw", "australia", "opportunity-card", "uk-skilled-worker"]
        )
        assert rows["crs"].kind == "latest_cutoff" and rows["crs"].source.startswith("https://")
        assert {r.score for s, r in rows.items() if s != "crs"} == {67, 65, 6, 70}
        db.session.remove()
    downgrade_plugin(migrated_app, "points", "base")
    with migrated_app.app_context():
        assert "points_benchmarks" not in inspect(db.engine).get_table_names()
    upgrade_plugin(migrated_app, "points")
    with migrated_app.app_context():
        assert "points_benchmarks" in inspect(db.engine).get_table_names()
