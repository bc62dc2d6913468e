"""Model providers behind one small interface: OpenAI (or any compatible server) and offline.

``Provider.complete(messages, …) -> Completion``; ``stream(…)`` yields text chunks. Failures of
the paid provider raise :class:`ProviderError`; the service then answers with the offline
provider and says ``fallbackUsed``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import httpx2

#: USD per 1M tokens (input, output). Unknown models are priced like gpt-4o-mini.
PRICES_PER_MILLION = {
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("1.60")),
    "gpt-4.1-nano": (Decimal("0.10"), Decimal("0.40")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
}


#: Distinct provider settings kept at once (one in production; tests point at many fake servers).
SHARED_PROVIDERS = 8


class ProviderError(RuntimeError):
    """The provider failed (timeout, 5xx, quota, malformed output)."""


@dataclass
class Completion:
    text: str
    model: str
    provider: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    data: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def cost_usd(self) -> Decimal:
        if self.provider != "openai":
            return Decimal(0)
        prompt_price, completion_price = PRICES_PER_MILLION.get(
            self.model, PRICES_PER_MILLION["gpt-4o-mini"]
        )
        return (
            (prompt_price * self.prompt_tokens + completion_price * self.completion_tokens)
            / Decimal(1_000_000)
        ).quantize(Decimal("0.000001"))


class Provider(Protocol):
    name: str

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        temperature: float,
        max_tokens: int,
        json_output: bool = False,
        retry: bool = False,
    ) -> Completion: ...

    def stream(
        self,
        messages: list[dict[str, str]],
        *,
        temperature: float,
        max_tokens: int,
        usage: dict[str, int] | None = None,
    ) -> Iterator[str]: ...


class OpenAIProvider:
    """The official SDK; ``base_url`` points it at any OpenAI-compatible server."""

    name = "openai"

    def __init__(self, api_key: str, model: str, base_url: str | None, timeout: float) -> None:
        from openai import OpenAI

        self.model = model
        # Someone waits on a chat: one attempt, so a hung model costs one timeout, not two
        # (the SDK retries a timeout). Jobs may retry once, on the same connection pool.
        self.client = OpenAI(
            api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=0
        )
        self.retrying_client = self.client.with_options(max_retries=1)

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        temperature: float,
        max_tokens: int,
        json_output: bool = False,
        retry: bool = False,
    ) -> Completion:
        import openai

        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": temperature,
            "max_tokens": max_tokens,
        }
        if json_output:
            kwargs["response_format"] = {"type": "json_object"}
        try:
            client = self.retrying_client if retry else self.client
            response = client.chat.completions.create(**kwargs)
        except (openai.OpenAIError, ValueError) as exc:  # ValueError: a body that is not JSON
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc
        try:
            text = response.choices[0].message.content or ""
            usage = response.usage
        except (AttributeError, IndexError) as exc:
            raise ProviderError("malformed completion") from exc
        data = None
        if json_output:
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise ProviderError("the model did not return valid JSON") from exc
            if not isinstance(data, dict):
                raise ProviderError("the model's JSON is not an object")
        return Completion(
            text=text,
            model=getattr(response, "model", self.model) or self.model,
            provider=self.name,
            prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
            data=data,
        )

    def stream(
        self,
        messages: list[dict[str, str]],
        *,
        temperature: float,
        max_tokens: int,
        usage: dict[str, int] | None = None,
    ) -> Iterator[str]:
        """The answer's text as the model writes it (one attempt: someone is waiting).

        ``usage`` (if given) receives the token counts the server reports in its last chunk.
        """
        import openai

        try:
            chunks = self.client.chat.completions.create(
                model=self.model,
                messages=messages,
                temperature=temperature,
                max_tokens=max_tokens,
                stream=True,
                stream_options={"include_usage": True},
            )
            with chunks:
                for chunk in chunks:
                    if usage is not None and getattr(chunk, "usage", None):
                        usage["prompt_tokens"] = chunk.usage.prompt_tokens or 0
                        usage["completion_tokens"] = chunk.usage.completion_tokens or 0
                    if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
        except (openai.OpenAIError, ValueError, httpx2.HTTPError) as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc


def openai_provider(config: dict[str, Any]) -> OpenAIProvider | None:
    """The OpenAI provider for these settings (None without a key), built once and reused.

    Building a client costs a fresh HTTP connection pool and TLS context (a few hundred
    milliseconds of CPU under load); forty chats building forty clients at once held the GIL
    long enough to slow every other request of the process. The SDK client is thread-safe.
    """
    if not config.get("OPENAI_API_KEY"):
        return None
    return _shared_provider(
        config["OPENAI_API_KEY"],
        config["OPENAI_MODEL"],
        config.get("OPENAI_BASE_URL"),
        float(config["OPENAI_TIMEOUT_SECONDS"]),
    )


@functools.lru_cache(maxsize=SHARED_PROVIDERS)
def _shared_provider(
    api_key: str, model: str, base_url: str | None, timeout: float
) -> OpenAIProvider:
    return OpenAIProvider(api_key, model, base_url, timeout)
