"""Shared test setup. The japaguide pytest plugin (japaguide/testing.py) provides app, client,
other_client, admin_client, runner, make_user, seeded and count_queries; the small seed dataset
it loads ships with it (``japaguide/testing_seed``)."""

from japaguide.testing import TEST_SEED_DIR as FIXTURE_SEED  # noqa: F401 - tests import it
