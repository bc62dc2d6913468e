"""Cache helpers that never fail a request: a cache outage means computing the value again.

Keys follow the brief's formats (``countries:list:{filters_hash}``, ``visas:country:{code}``,
``ai:completion:{template_id}:{prompt_hash}``). Invalidation is by version: each namespace has a
version number stored in the cache, bumped on any write, so one bump retires every key of the
namespace without scanning.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from japaguide.extensions import cache

log = logging.getLogger(__name__)


def stable_hash(value: Any) -> str:
    """A short hash of any JSON-able value, independent of key order."""
    raw = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception as exc:  # noqa: BLE001
        log.warning("cache get failed for %s: %s", key, exc)
        return None


def cache_set(key: str, value: Any, timeout: int | None = None) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        log.warning("cache set failed for %s: %s", key, exc)


def namespace_version(namespace: str) -> int:
    return cache_get(f"ns:{namespace}:version") or 1


def bump_namespace(namespace: str) -> None:
    """Invalidate every key built with :func:`versioned_key` for ``namespace``."""
    cache_set(f"ns:{namespace}:version", namespace_version(namespace) + 1, timeout=0)


def versioned_key(namespace: str, key: str) -> str:
    return f"{key}:v{namespace_version(namespace)}"


def remember(key: str, timeout: int, producer: Callable[[], Any]) -> tuple[Any, bool]:
    """Return ``(value, hit)``: the cached value or ``producer()``'s result, then stored."""
    value = cache_get(key)
    if value is not None:
        return value, True
    value = producer()
    cache_set(key, value, timeout=timeout)
    return value, False
