"""Fixtures of the end-to-end suite: one production stack for the whole run, and clients.

The stack is started once (``e2e/stack.py``); every test drives it over HTTP only. After the
last test the run fails if gunicorn's access log holds any 5xx or the worker logged a traceback,
so an error the client did not see (a job, a streamed response) still counts.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.client import ApiClient
from e2e.stack import ADMIN_EMAIL, ADMIN_PASSWORD, Stack

_emails = itertools.count(1)


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    workdir = Path(os.environ.get("E2E_WORKDIR") or tempfile.mkdtemp(prefix="japaguide-e2e-"))
    running = Stack(workdir=workdir)
    try:
        running.start()
    except BaseException:
        running.stop()
        raise
    yield running
    running.stop()
    errors = running.server_errors()
    failures = running.worker_failures()
    print(f"\ne2e: {running.request_count()} requests served; logs in {workdir}")
    if errors or failures:
        pytest.fail(
            f"{len(errors)} responses 5xx in gunicorn's access log, {len(failures)} tracebacks "
            "in the worker's log:\n"
            + "\n".join(errors[:30] + failures[:30])
            + f"\n{running.logs()}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def schema(stack: Stack) -> Any:
    """The OpenAPI document as the running server publishes it."""
    import schemathesis

    return schemathesis.openapi.from_url(f"{stack.base_url}/api/v1/openapi.json")


@pytest.fixture
def new_client(stack: Stack, schema: Any) -> Callable[[str], ApiClient]:
    """A fresh browser-like client: its own cookies, so its own anonymous owner."""
    return lambda name="client": ApiClient(stack.base_url, schema, name=name)


@pytest.fixture
def anon(new_client: Callable[[str], ApiClient]) -> ApiClient:
    return new_client("anonymous")


@pytest.fixture
def other_anon(new_client: Callable[[str], ApiClient]) -> ApiClient:
    return new_client("other anonymous")


def register(client: ApiClient, email: str | None = None) -> dict[str, Any]:
    """Sign ``client`` up with a fresh address; it then calls with the access token."""
    email = email or f"e2e-user-{os.getpid()}-{next(_emails)}@example.com"
    body = client.post(
        "/auth/register/", json={"email": email, "password": "a long e2e pass phrase"}, expect=201
    ).json()
    client.token = body["accessToken"]
    return {**body, "email": email}


@pytest.fixture
def user(new_client: Callable[[str], ApiClient]) -> ApiClient:
    client = new_client("registered user")
    register(client)
    return client


@pytest.fixture
def admin(new_client: Callable[[str], ApiClient]) -> ApiClient:
    client = new_client("admin")
    body = client.post(
        "/auth/login/", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, expect=200
    ).json()
    client.token = body["accessToken"]
    return client


@pytest.fixture(scope="session")
def catalog(stack: Stack, schema: Any) -> dict[str, list[dict[str, Any]]]:
    """Every seeded country code with its visa routes, as the API lists them."""
    client = ApiClient(stack.base_url, schema, name="catalog")
    codes: list[str] = []
    page = 1
    while True:
        body = client.get("/countries/", params={"page": page, "pageSize": 50}, expect=200).json()
        codes += [country["code"] for country in body["results"]]
        if page >= body["pages"]:
            break
        page += 1
    routes = {}
    for code in codes:
        listed = client.get("/countries/{code}/visa-types/", code=code, expect=200).json()
        routes[code] = listed["results"] if isinstance(listed, dict) else listed
    return routes


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: generated requests; run after every other test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fuzz last: its admin examples import generated records into the shared stack."""
    items.sort(key=lambda item: item.get_closest_marker("fuzz") is not None)
