"""The connection pool and statement timeout come from settings, sized against gunicorn threads."""

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from japaguide import create_app
from japaguide.config import finalise_config
from japaguide.database_pool import database_settings, engine_options
from japaguide.extensions import db

POSTGRES = "postgresql://postgres@127.0.0.1:5432/somewhere"


def finalised(**config):
    config = {"SECRET_KEY": "x" * 40, "TESTING": True, **config}
    finalise_config(config)
    return config


def test_defaults_cover_the_gunicorn_threads(monkeypatch):
    for name in ("DATABASE_POOL_SIZE", "DATABASE_MAX_OVERFLOW", "DATABASE_POOL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GUNICORN_THREADS", "32")
    settings = database_settings()
    # The steady pool is the threads: no thread waits for a connection or reconnects.
    assert settings["DATABASE_POOL_SIZE"] == 32
    assert settings["DATABASE_POOL_SIZE"] + settings["DATABASE_MAX_OVERFLOW"] == 32
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    small = database_settings()
    assert small["DATABASE_POOL_SIZE"] + small["DATABASE_MAX_OVERFLOW"] == 4


def test_explicit_settings_win_over_derived_ones(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_SIZE", "3")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "2")
    monkeypatch.setenv("DATABASE_POOL_TIMEOUT", "7")
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT_MS", "1500")
    assert database_settings() == {
        "DATABASE_POOL_SIZE": 3,
        "DATABASE_MAX_OVERFLOW": 2,
        "DATABASE_POOL_TIMEOUT": 7,
        "DATABASE_STATEMENT_TIMEOUT_MS": 1500,
        "DATABASE_CONNECT_TIMEOUT": 5,
    }


def test_postgresql_engine_options_come_from_settings():
    config = finalised(
        SQLALCHEMY_DATABASE_URI=POSTGRES,
        DATABASE_POOL_SIZE=6,
        DATABASE_MAX_OVERFLOW=10,
        DATABASE_POOL_TIMEOUT=4,
        DATABASE_STATEMENT_TIMEOUT_MS=2500,
        DATABASE_CONNECT_TIMEOUT=3,
    )
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_size": 6,
        "max_overflow": 10,
        "pool_timeout": 4,
        "connect_args": {"connect_timeout": 3, "options": "-c statement_timeout=2500"},
    }


def test_statement_timeout_zero_sends_no_option():
    options = engine_options(
        {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://h/db", "DATABASE_STATEMENT_TIMEOUT_MS": 0}
    )
    assert "options" not in options["connect_args"]


def test_sqlite_keeps_sqlalchemy_defaults():
    options = finalised(SQLALCHEMY_DATABASE_URI="sqlite:///x.db", DATABASE_POOL_SIZE=6)[
        "SQLALCHEMY_ENGINE_OPTIONS"
    ]
    assert options == {}


def test_the_app_engine_uses_the_settings(app_config):
    if not app_config["SQLALCHEMY_DATABASE_URI"].startswith("postgres"):
        pytest.skip("pool settings apply to PostgreSQL only")
    settings = {"DATABASE_POOL_SIZE": 4, "DATABASE_MAX_OVERFLOW": 3}
    app = create_app({**app_config, **settings, "DATABASE_STATEMENT_TIMEOUT_MS": 2500})
    with app.app_context():
        assert db.engine.pool.size() == 4
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "2500ms"
        db.session.remove()
        db.engine.dispose()


def _backend_pid() -> int:
    return db.session.execute(text("SELECT pg_backend_pid()")).scalar()


def test_an_idle_connection_postgresql_dropped_is_replaced_unseen(app_config, monkeypatch):
    """PostgreSQL restarted (here: the backend terminated) while the connection sat in the
    pool: the next request gets a live connection, not an error."""
    if not app_config["SQLALCHEMY_DATABASE_URI"].startswith("postgres"):
        pytest.skip("the idle ping is for PostgreSQL")
    import japaguide.database_pool as pool_module

    monkeypatch.setattr(pool_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    settings = {"DATABASE_POOL_SIZE": 1, "DATABASE_MAX_OVERFLOW": 0}
    app = create_app({**app_config, **settings})
    with app.app_context():
        first = _backend_pid()
        db.session.remove()  # back to the pool
        outside = create_engine(db.engine.url, poolclass=NullPool)  # not the pool's connection
        with outside.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        outside.dispose()
        replaced = _backend_pid()
        assert replaced != first
        db.session.remove()
        db.engine.dispose()


def test_a_connection_back_a_moment_ago_is_not_pinged(app_config):
    """Under load connections come back within milliseconds: no extra round trip for them."""
    if not app_config["SQLALCHEMY_DATABASE_URI"].startswith("postgres"):
        pytest.skip("the idle ping is for PostgreSQL")
    app = create_app({**app_config, "DATABASE_POOL_SIZE": 1, "DATABASE_MAX_OVERFLOW": 0})
    statements: list[str] = []
    with app.app_context():
        _backend_pid()
        db.session.remove()
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        _backend_pid()
        assert statements == ["SELECT pg_backend_pid()"]
        db.session.remove()
        db.engine.dispose()
