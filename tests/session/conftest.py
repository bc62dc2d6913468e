import pytest

from japaguide.plugins import discover_plugins
from tests.host.sample_plugin import notes_plugin


@pytest.fixture
def japaguide_plugins():
    return [*discover_plugins(), notes_plugin]
