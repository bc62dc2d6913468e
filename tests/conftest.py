"""Shared test setup. The japaguide pytest plugin (japaguide/testing.py) provides app, client,
other_client, admin_client, runner, make_user, seeded and count_queries; the small seed dataset
it loads ships with it (``japaguide/testing_seed``)."""

import pytest

from japaguide.testing import TEST_SEED_DIR as FIXTURE_SEED  # noqa: F401 - tests import it


@pytest.fixture
def app_config(app_config):
    """The kit's settings, with the AI plugin offline whatever the developer's environment says
    (the AI tests that want a model use the ``fake_openai`` fixture of tests/ai)."""
    return {**app_config, "OPENAI_API_KEY": None}
