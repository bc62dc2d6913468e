"""``JAPAGUIDE_BENCH_COUNTERS``: per-request statement and Redis counts, only when asked for."""

import pytest


@pytest.fixture
def app_config(app_config, monkeypatch):
    monkeypatch.setenv("JAPAGUIDE_BENCH_COUNTERS", "1")
    return app_config


def test_each_response_names_its_statements_and_round_trips(client, seeded):
    built = client.get("/api/v1/countries/CAN/")
    assert int(built.headers["X-Bench-SQL"]) >= 1
    cached = client.get("/api/v1/countries/CAN/")
    assert cached.headers["X-Bench-SQL"] == "0"  # a cached page runs no SQL
    assert int(cached.headers["X-Bench-Redis"]) >= 0


def test_counters_are_off_without_the_setting(app, seeded, monkeypatch):
    from japaguide import create_app

    monkeypatch.delenv("JAPAGUIDE_BENCH_COUNTERS")
    plain = create_app(dict(app.config))
    response = plain.test_client().get("/api/v1/health")
    assert "X-Bench-SQL" not in response.headers
