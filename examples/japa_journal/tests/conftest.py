"""The plugin's suite runs on the host's test kit (installed with japaguide: app, client,
other_client, admin_client, make_user, seeded, runner, migrated_app, migration_diff)."""

import pytest
from japa_journal import plugin

from japaguide.testing import plugins_with


@pytest.fixture
def japaguide_plugins():
    # The installed plugins plus this one: loaded once even when it is pip-installed too.
    return plugins_with(plugin)
