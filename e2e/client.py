"""A black-box API client that holds the server to its own OpenAPI document.

Every call names the documented operation (``"GET", "/roadmaps/{roadmap_id}/"``) and its path
values; the response is checked against that operation's documented statuses, content types,
headers and body schema (schemathesis' validators), and a 5xx fails at once. A client keeps
its cookies like a browser, so two clients are two anonymous owners.
"""

from __future__ import annotations

from typing import Any

import requests

API_PREFIX = "/api/v1"
TIMEOUT_SECONDS = 60


class ContractBroken(AssertionError):
    """A response the OpenAPI document does not allow."""


class ApiClient:
    def __init__(self, base_url: str, schema: Any, name: str = "client") -> None:
        self.base_url = base_url
        self.schema = schema
        self.name = name
        self.http = requests.Session()
        self.token: str | None = None

    def call(
        self,
        method: str,
        template: str,
        *,
        expect: int | tuple[int, ...] | None = None,
        validate: bool = True,
        **kwargs: Any,
    ) -> requests.Response:
        """Call one documented operation; ``template`` is its path below ``/api/v1``.

        Path values come as keyword arguments named like the template's placeholders; the rest
        goes to ``requests`` (``json``, ``params``, ``files``, ``headers``, ``stream``).
        """
        path_values = {key: kwargs.pop(key) for key in list(kwargs) if "{" + key + "}" in template}
        path = template.format(**path_values)
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.http.request(
            method,
            f"{self.base_url}{API_PREFIX}{path}",
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            **kwargs,
        )
        where = f"{self.name}: {method} {path} → {response.status_code}"
        if response.status_code >= 500:
            raise AssertionError(f"{where}: server error\n{response.text[:2000]}")
        if expect is not None:
            allowed = (expect,) if isinstance(expect, int) else expect
            if response.status_code not in allowed:
                raise AssertionError(f"{where}, expected {allowed}\n{response.text[:2000]}")
        if validate:
            self.check_contract(method, template, response, where)
        return response

    def check_contract(self, method: str, template: str, response: Any, where: str) -> None:
        operation = self.schema[f"{API_PREFIX}{template}"][method.upper()]
        try:
            operation.validate_response(response)
        except BaseException as exc:  # noqa: BLE001 - schemathesis raises exception groups
            if isinstance(exc, KeyboardInterrupt):
                raise
            parts = getattr(exc, "exceptions", [exc])
            detail = "\n".join(f"- {type(p).__name__}: {str(p)[:800]}" for p in parts)
            raise ContractBroken(f"{where} breaks the OpenAPI document:\n{detail}") from None

    # --- conveniences ----------------------------------------------------------------------

    def get(self, template: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", template, **kwargs)

    def post(self, template: str, **kwargs: Any) -> requests.Response:
        return self.call("POST", template, **kwargs)

    def patch(self, template: str, **kwargs: Any) -> requests.Response:
        return self.call("PATCH", template, **kwargs)

    def cookie(self, name: str = "japaguide_session") -> str | None:
        return self.http.cookies.get(name)
