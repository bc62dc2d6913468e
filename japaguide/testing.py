"""The project's pytest fixtures, shipped as a pytest plugin (entry point ``pytest11``).

A third-party plugin's repository gets the same tools by installing japaguide (pytest loads
this module by itself): override the ``japaguide_plugins`` fixture to add its plugin
(``return plugins_with(my_plugin)`` — the installed plugins plus yours, once even when yours
is installed too), then use ``app``, ``client``, ``other_client``, ``admin_client``,
``make_user``, ``seeded``, ``runner``, ``db_session`` and ``count_queries``.

Schema: by default the ``app`` fixture builds tables with ``create_all()``. Return
``"migrations"`` from the ``japaguide_schema`` fixture (in your conftest, for the whole suite)
to build them with ``flask db upgrade`` instead — the host's history and every plugin's — on a
database of its own. ``migrated_app`` is an app on a brand-new empty database after ``flask db
upgrade``, and :func:`migration_diff` says whether models and migrations agree: together they
test a plugin's history (see ``examples/japa_journal/tests``).

The database is SQLite in a temporary folder, or ``JAPAGUIDE_TEST_DATABASE_URL`` (CI points it
at PostgreSQL). ``JAPAGUIDE_TEST_REDIS_URL`` runs the suite against real Redis.

SQLite ignores ``VARCHAR(n)``; the app refuses a string longer than its column on every
backend (``japaguide.column_lengths``), and a test during which that happened fails at
teardown even if it swallowed the 500, so a plugin's suite on SQLite behaves like PostgreSQL.
A test that provokes an overflow on purpose pops ``app.extensions[VIOLATIONS_KEY]``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

TEST_SEED_DIR = Path(__file__).resolve().parent / "testing_seed"
_MIGRATED: set[tuple[str, tuple[str, ...]]] = set()


def plugins_with(*extra: Any) -> list[Any]:
    """The installed plugins plus ``extra`` (a plugin under test): a plugin that is both
    installed and passed is loaded once."""
    from japaguide.plugins import dedupe_plugins, discover_plugins

    return dedupe_plugins([*discover_plugins(), *extra])


def _backend_url(url: str) -> str:
    from japaguide.config import normalise_database_url

    return normalise_database_url(url)


def _create_database(base_url: str, name: str, *, if_missing: bool = False) -> str:
    """A PostgreSQL database ``name`` beside ``base_url``'s; its URL."""
    admin = create_engine(_backend_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not (exists and if_missing):
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return _backend_url(base_url).rsplit("/", 1)[0] + f"/{name}"


def _drop_database(base_url: str, name: str) -> None:
    admin = create_engine(_backend_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def japaguide_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("JAPAGUIDE_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def japaguide_migrated_database_url(
    japaguide_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The database of ``japaguide_schema == "migrations"`` (never mixed with create_all;
    on PostgreSQL a database of its own, dropped at the end of the session)."""
    if japaguide_database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path_factory.mktemp('migrated') / 'test.db'}"
        return
    name = _backend_url(japaguide_database_url).rsplit("/", 1)[1] + f"_migr_{uuid.uuid4().hex[:6]}"
    url = _create_database(japaguide_database_url, name)
    yield url
    _drop_database(japaguide_database_url, name)


@pytest.fixture
def japaguide_plugins() -> list[Any] | None:
    """The plugins the test app loads; ``None`` means the installed entry points."""
    return None


@pytest.fixture
def japaguide_schema() -> str:
    """How the ``app`` fixture builds tables: ``"create_all"`` or ``"migrations"``."""
    return "create_all"


@pytest.fixture
def empty_database_url(tmp_path: Any) -> Iterator[str]:
    """A brand-new empty database on the suite's backend (dropped after the test)."""
    base = os.environ.get("JAPAGUIDE_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"japaguide_empty_{uuid.uuid4().hex[:8]}"
    url = _create_database(base, name)
    yield url
    _drop_database(base, name)


@pytest.fixture
def migrated_app(
    app_config: dict[str, Any], empty_database_url: str, japaguide_plugins: list[Any] | None
) -> Iterator[Any]:
    """An app on a brand-new database after ``flask db upgrade`` (host and every plugin)."""
    from japaguide import create_app
    from japaguide.extensions import db
    from japaguide.migrations import upgrade_all

    application = create_app(
        {**app_config, "SQLALCHEMY_DATABASE_URI": empty_database_url}, plugins=japaguide_plugins
    )
    upgrade_all(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def migration_diff(app: Any, plugin: str | None = None) -> list[Any]:
    """Alembic's differences between the models and the migrated database: the host history's
    tables, or with ``plugin`` that plugin's own. ``[]`` means they agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from japaguide.extensions import db
    from japaguide.migrations import host_include_object, plugin_include_object
    from japaguide.plugins import get_host

    with app.app_context():
        if plugin is None:
            include = host_include_object(app)
        else:
            found = get_host(app).get(plugin)
            assert found is not None, f"plugin {plugin!r} is not loaded"
            include = plugin_include_object(found)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": include}
            )
            return compare_metadata(context, db.metadata)


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
def app(
    app_config: dict[str, Any],
    japaguide_plugins: list[Any] | None,
    japaguide_schema: str,
    request: pytest.FixtureRequest,
) -> Iterator[Any]:
    """A fresh app per test on a clean schema (tables emptied afterwards).

    Tables come from ``create_all()``, or with ``japaguide_schema == "migrations"`` from
    ``flask db upgrade`` (host and plugins' histories) on a database of their own.
    """
    from japaguide import create_app
    from japaguide.column_lengths import install_column_length_check
    from japaguide.extensions import cache, db

    if japaguide_schema not in {"create_all", "migrations"}:
        raise ValueError(
            f"japaguide_schema must be 'create_all' or 'migrations', not {japaguide_schema!r}"
        )
    if japaguide_schema == "migrations":
        url = request.getfixturevalue("japaguide_migrated_database_url")
        app_config = {**app_config, "SQLALCHEMY_DATABASE_URI": url}
    application = create_app(app_config, plugins=japaguide_plugins)
    install_column_length_check(db.session)  # the host installs it; the kit insists on it
    with application.app_context():
        if japaguide_schema == "migrations":
            _migrate_once(application)
        else:
            db.create_all()
        _empty_tables(db)
        _reset_redis_state(application, cache)
    yield application
    with application.app_context():
        db.session.remove()
        _empty_tables(db)
        db.engine.dispose()
    _fail_on_column_overflows(application)


def _migrate_once(application: Any) -> None:
    """``flask db upgrade`` once per database and set of plugins in a test session."""
    from japaguide.migrations import upgrade_all
    from japaguide.plugins import get_host

    key = (
        application.config["SQLALCHEMY_DATABASE_URI"],
        tuple(p.name for p in get_host(application).plugins),
    )
    if key not in _MIGRATED:
        upgrade_all(application)
        _MIGRATED.add(key)


def _fail_on_column_overflows(application: Any) -> None:
    """PostgreSQL would have refused these writes: the test must not pass on SQLite."""
    from japaguide.column_lengths import VIOLATIONS_KEY

    overflows = application.extensions.pop(VIOLATIONS_KEY, [])
    if overflows:
        pytest.fail(
            "strings longer than their columns: " + "; ".join(map(str, overflows)), pytrace=False
        )


def _empty_tables(db: Any) -> None:
    """Empty every table of the metadata that the database has (a migrated database lacks
    the tables of plugins loaded in this process without a history, or disabled)."""
    from sqlalchemy import inspect

    present = set(inspect(db.engine).get_table_names())
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name in present]
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
    """``runner.invoke(args=["my-command", ...])`` runs a ``flask`` command on the test app."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Any) -> Any:
    """``make_user(email=..., is_admin=False)`` creates an account; returns ``(user_id,
    headers)`` where ``headers`` carry its access token (``client.get(url, headers=headers)``)."""
    from flask_jwt_extended import create_access_token

    from japaguide.extensions import db
    from japaguide.models import User

    def make(email: str = "ada@example.com", is_admin: bool = False) -> tuple[int, dict[str, str]]:
        with app.app_context():
            user = User(email=email, password_hash=None, is_admin=is_admin)
            db.session.add(user)
            db.session.commit()
            token = create_access_token(identity=str(user.id))
            return user.id, {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def admin_client(app: Any, make_user: Any) -> Any:
    """A browser signed in as an admin (every request carries the admin's access token);
    ``admin_client.user_id`` is the admin's id."""
    user_id, headers = make_user(email="admin@example.com", is_admin=True)
    browser = app.test_client()
    browser.environ_base["HTTP_AUTHORIZATION"] = headers["Authorization"]
    browser.user_id = user_id
    return browser


@pytest.fixture
def japaguide_seed_dir() -> str:
    """The folder ``seeded`` loads: the kit's small dataset (countries CAN/DEU/GBR, exchange
    rates, two Canadian and German visa sets, pre-departure costs). Override to add yours."""
    return str(TEST_SEED_DIR)


@pytest.fixture
def seeded(app: Any, runner: Any, japaguide_seed_dir: str) -> Any:
    """The app after ``flask seed --dir <japaguide_seed_dir>`` (every plugin's ``seed_data``)."""
    result = runner.invoke(args=["seed", "--dir", japaguide_seed_dir])
    assert result.exit_code == 0, result.output
    return app


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
