"""Every roadmap the shipped seed data can produce is stored, on SQLite as on PostgreSQL.

The small fixture seed never produced the 206-character cost basis that broke
``POST /roadmaps/generate/`` on PostgreSQL; only the full ``seed_data/`` did. So this loads
the full seed once for the module and generates a roadmap for every country × goal (generic
steps) and for every visa route (its own steps), with AI enrichment running inline, and
asserts that none was refused by the column length check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from japaguide.column_lengths import VIOLATIONS_KEY
from japaguide.testing import _empty_tables

GOALS = ("study", "work", "business", "family")


@pytest.fixture(scope="module")
def full_seed_app(
    japaguide_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """One app on the full seed for the whole module (seeding takes seconds)."""
    from japaguide import create_app
    from japaguide.extensions import db

    media = tmp_path_factory.mktemp("full_seed")
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": japaguide_database_url,
            "REDIS_URL": None,
            "JOBS_MODE": "inline",
            "SESSION_COOKIE_SECURE": False,
            "MEDIA_ROOT": str(media / "media"),
            "MAIL_OUTBOX_DIR": str(media / "outbox"),
            "CLOUDINARY_URL": None,
            "OPENAI_API_KEY": None,
            "JAPAGUIDE_DISABLED_PLUGINS": [],
            "RATELIMIT_ENABLED": False,  # ~200 generations from one client
        }
    )
    with application.app_context():
        db.create_all()
        _empty_tables(db)
    result = application.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    yield application
    with application.app_context():
        db.session.remove()
        _empty_tables(db)
        db.engine.dispose()


def _seeded(app: Any) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Country codes, and (country, slug, category) of every active visa route."""
    from japaguide.extensions import db
    from plugins.countries.models import Country
    from plugins.visas.models import VisaType

    with app.app_context():
        codes = list(db.session.scalars(select(Country.code).order_by(Country.code)))
        routes = [
            (visa.country.code, visa.slug, visa.category)
            for visa in db.session.scalars(select(VisaType).where(VisaType.is_active.is_(True)))
        ]
    return codes, routes


def _goal_for(category: str) -> str:
    return {"talent": "work", "visit": "business"}.get(category, category)


def _generate(client: Any, **body: Any) -> Any:
    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={"profile": {"education_level": "bachelor"}, "ai_tone": "uncle_japa", **body},
    )
    return response


def test_every_country_and_goal_and_every_route_generates(full_seed_app):
    codes, routes = _seeded(full_seed_app)
    assert len(codes) >= 30 and len(routes) >= 60
    failures = []
    for code in codes:
        client = full_seed_app.test_client()  # a fresh owner per country keeps lists short
        for goal in GOALS:
            response = _generate(client, country=code, goal=goal)
            if response.status_code != 201:
                failures.append((code, goal, None, response.status_code))
    for code, slug, category in routes:
        response = _generate(
            full_seed_app.test_client(), country=code, goal=_goal_for(category), visaTypeId=slug
        )
        if response.status_code != 201:
            failures.append((code, category, slug, response.status_code))
        elif response.get_json()["visaType"]["slug"] != slug:
            failures.append((code, category, slug, "wrong route"))
    assert not failures, failures
    overflows = full_seed_app.extensions.pop(VIOLATIONS_KEY, [])
    assert not overflows, [str(o) for o in overflows]
