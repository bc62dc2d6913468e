"""Client addresses behind reverse proxies (``TRUSTED_PROXY_COUNT``).

Anyone can send ``X-Forwarded-For``; only the proxies we run append to it honestly. So the app
trusts exactly ``TRUSTED_PROXY_COUNT`` hops, counted from the right, via Werkzeug's
``ProxyFix``, which rewrites ``REMOTE_ADDR`` (and the scheme from ``X-Forwarded-Proto``). Code
that needs the client (the per-address rate limits) reads ``request.remote_addr`` and nothing
else. With the default 0 the headers are ignored, so a client talking to the app directly
cannot pick its own address. ``X-Forwarded-Host`` is never trusted: proxies often pass a
client's value through unchanged.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    """Wrap the WSGI app in ProxyFix when proxies are configured; a no-op for 0."""
    count = int(app.config.get("TRUSTED_PROXY_COUNT") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]
