"""The OpenAI provider is built once per settings: a client per call cost each chat hundreds of
milliseconds of CPU and slowed every other request of the process."""

from plugins.ai.providers import openai_provider

SETTINGS = {
    "OPENAI_API_KEY": "sk-test",
    "OPENAI_MODEL": "gpt-4o-mini",
    "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
    "OPENAI_TIMEOUT_SECONDS": 1.5,
}


def test_same_settings_share_one_client():
    assert openai_provider(SETTINGS) is openai_provider(dict(SETTINGS))


def test_other_settings_get_their_own_client():
    other = openai_provider({**SETTINGS, "OPENAI_BASE_URL": "http://127.0.0.1:10/v1"})
    assert other is not openai_provider(SETTINGS)
    assert other.client.base_url.port == 10


def test_no_key_no_provider():
    assert openai_provider({**SETTINGS, "OPENAI_API_KEY": None}) is None
