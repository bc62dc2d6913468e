"""The project's pytest fixtures, shipped as a pytest plugin (entry point ``pytest11``).

A third-party plugin's repository gets the same tools by installing japaguide: override the
``japaguide_plugins`` fixture to add its plugin, then use ``app``, ``client``,
``other_client``, ``runner`` and ``count_queries``.

The database is SQLite in a temporary folder, or ``JAPAGUIDE_TEST_DATABASE_URL`` (CI points it
at PostgreSQL). ``JAPAGUIDE_TEST_REDIS_URL`` runs the suite against real Redis.

SQLite ignores ``VARCHAR(n)``; the app refuses a string longer than its column on every
backend (``japaguide.column_lengths``), and a test during which that happened fails at
teardown even if it swallowed the 500, so a plugin's suite on SQLite behaves like PostgreSQL.
A test that provokes an overflow on purpose pops ``app.extensions[VIOLATIONS_KEY]``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text


@pytest.fixture(scope="session")
def japaguide_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("JAPAGUIDE_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture
def japaguide_plugins() -> list[Any] | None:
    """The plugins the test app loads; ``None`` means the installed entry points."""
    return None


@pytest.fixture
def app_config(japaguide_database_url: str, tmp_path: Any) -> dict[str, Any]:
    """Settings of the test app; override or extend in a conftest."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
        "SQLALCHEMY_DATABASE_URI": japaguide_database_url,
        "REDIS_URL": os.environ.get("JAPAGUIDE_TEST_REDIS_URL") or None,
        "SESSION_COOKIE_SECURE": False,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private_media"),
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "CLOUDINARY_URL": None,
        "OPENAI_API_KEY": None,
        "JAPAGUIDE_DISABLED_PLUGINS": [],
    }
    if not config["REDIS_URL"]:
        config["JOBS_MODE"] = "inline"
    else:
        config["JOBS_MODE"] = os.environ.get("JAPAGUIDE_TEST_JOBS_MODE", "inline")
        # The suite's Redis is shared by loaded CI machines, where a healthy Redis can stall
        # beyond the production default of 50 ms; fault tests that want the production
        # timeouts use a private redis-server and drop these two keys.
        timeout = float(os.environ.get("JAPAGUIDE_TEST_REDIS_TIMEOUT", "1"))
        config["REDIS_SOCKET_TIMEOUT"] = config["REDIS_CONNECT_TIMEOUT"] = timeout
    return config


@pytest.fixture
def app(app_config: dict[str, Any], japaguide_plugins: list[Any] | None) -> Iterator[Any]:
    """A fresh app per test on a clean schema (tables emptied afterwards)."""
    from japaguide import create_app
    from japaguide.column_lengths import install_column_length_check
    from japaguide.extensions import cache, db

    application = create_app(app_config, plugins=japaguide_plugins)
    install_column_length_check(db.session)  # the host installs it; the kit insists on it
    with application.app_context():
        db.create_all()
        _empty_tables(db)
        _reset_redis_state(application, cache)
    yield application
    with application.app_context():
        db.session.remove()
        _empty_tables(db)
        db.engine.dispose()
    _fail_on_column_overflows(application)


def _fail_on_column_overflows(application: Any) -> None:
    """PostgreSQL would have refused these writes: the test must not pass on SQLite."""
    from japaguide.column_lengths import VIOLATIONS_KEY

    overflows = application.extensions.pop(VIOLATIONS_KEY, [])
    if overflows:
        pytest.fail(
            "strings longer than their columns: " + "; ".join(map(str, overflows)), pytrace=False
        )


def _empty_tables(db: Any) -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def _reset_redis_state(application: Any, cache: Any) -> None:
    """Empty the cache and the test Redis database (tolerating a Redis that is down on purpose)."""
    from japaguide.sessions import redis_client

    try:
        cache.clear()
        client = redis_client(application)
        if client is not None:
            client.flushdb()
    except Exception:  # noqa: BLE001 - tests of a dead Redis
        pass


@pytest.fixture
def client(app: Any) -> Any:
    """An anonymous browser (keeps its session cookie)."""
    return app.test_client()


@pytest.fixture
def other_client(app: Any) -> Any:
    """A second, unrelated anonymous browser."""
    return app.test_client()


@pytest.fixture
def runner(app: Any) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def db_session(app: Any) -> Iterator[Any]:
    from japaguide.extensions import db

    with app.app_context():
        yield db.session


@pytest.fixture
def count_queries(app: Any) -> Any:
    """``with count_queries() as q: ...`` then ``q.count``: SQL statements run in the block."""

    class Counter:
        count = 0
        statements: list[str] = []

    @contextmanager
    def counting() -> Iterator[Counter]:
        from japaguide.extensions import db

        counter = Counter()
        counter.statements = []
        with app.app_context():
            engine = db.engine

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            counter.count += 1
            counter.statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def fake_openai(app: Any) -> Iterator[Any]:
    """A local OpenAI-compatible server; the app is switched to the openai provider."""
    from japaguide.fake_openai import FakeOpenAI

    with FakeOpenAI() as fake:
        app.config.update(
            OPENAI_API_KEY="sk-test-fake", OPENAI_BASE_URL=fake.base_url, OPENAI_TIMEOUT_SECONDS=1.5
        )
        yield fake
