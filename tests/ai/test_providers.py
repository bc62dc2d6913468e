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


def test_the_retrying_client_shares_the_connection_pool():
    """Interactive calls make one attempt (a hung model costs one timeout); jobs may retry —
    on the same HTTP connection pool, not a second client."""
    provider = openai_provider(SETTINGS)
    assert provider.client.max_retries == 0 and provider.retrying_client.max_retries == 1
    assert provider.retrying_client._client is provider.client._client
