"""Behind one trusted proxy the per-address limits key on the address the proxy saw."""

import pytest


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "TRUSTED_PROXY_COUNT": 1,
        "RATELIMIT_ANONYMOUS": "3/hour",
        "RATELIMIT_PER_ADDRESS": "5/hour",
    }


def post_note_via_proxy(app, forwarded_for):
    """A new browser (no cookie) whose request reached us through the proxy."""
    return app.test_client().post(
        "/api/v1/notes/",
        json={"text": "a"},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},  # the proxy itself
    )


def test_clients_behind_the_proxy_each_get_their_own_address_budget(app):
    statuses = [post_note_via_proxy(app, f"203.0.113.{i}").status_code for i in range(7)]
    assert statuses == [201] * 7


def test_one_client_behind_the_proxy_is_capped(app):
    statuses = [post_note_via_proxy(app, "203.0.113.9").status_code for _ in range(7)]
    assert statuses[:5] == [201] * 5
    assert statuses[5:] == [429, 429]


def test_addresses_the_client_prepends_are_not_trusted(app):
    """The proxy appends the real peer; whatever the client sent before it stays untrusted."""
    statuses = [post_note_via_proxy(app, f"192.0.2.{i}, 203.0.113.9").status_code for i in range(7)]
    assert statuses[5:] == [429, 429]
