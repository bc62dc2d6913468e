"""Public GET pages cached as ready bytes: a hit runs no schema, no JSON encoder and no SQL.

A view decorated with :func:`cached_page` (between ``@bp.route`` and the smorest decorators)
is answered from the cache when its page is there: the stored body, its ETag, ``Cache-Control``
and ``Vary``. The page's key is the path plus the sorted query string, and each page remembers
the version of its cache namespace (:mod:`japaguide.caching`) it was built under; both are read
in one ``MGET``, so an import or admin edit (which bumps the namespace) retires every page
without scanning and a hit costs one Redis round trip.

Revalidation comes first: :func:`answer_revalidation` runs before the rate limiter, so an
``If-None-Match`` naming the current ETag, weak (``W/"…"``) or strong, gets its 304 without
spending the caller's rate limit (a 304 carries no body and costs the server one cache read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, g, request

from japaguide.extensions import cache

log = logging.getLogger(__name__)

PAGE_CACHE_ATTR = "_japaguide_page_cache"
#: Browsers and proxies may reuse a page this long, then revalidate with its ETag.
PUBLIC_MAX_AGE_SECONDS = 60
CACHE_CONTROL = f"public, max-age={PUBLIC_MAX_AGE_SECONDS}"
#: The body never depends on the cookie; CORS headers depend on the Origin.
VARY = "Origin"
_MISSING = object()


@dataclass(frozen=True)
class PageSpec:
    namespace: str
    timeout: int


@dataclass
class CachedPage:
    version: int
    etag: str
    body: bytes
    mimetype: str


def cached_page(namespace: str, timeout: int) -> Callable[[Callable], Callable]:
    """Serve the view's 200 answers from the cache, stored under ``namespace``'s version."""
    spec = PageSpec(namespace, timeout)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            version, page = _lookup(spec)
            if page is not None:
                return _page_response(page)
            response = view(*args, **kwargs)
            if isinstance(response, Response) and response.status_code == 200:
                _store(spec, version, response)
                _public_headers(response)
            return response

        setattr(wrapper, PAGE_CACHE_ATTR, spec)
        return wrapper

    return decorator


def page_key() -> str:
    query = "&".join(sorted(f"{k}={v}" for k, v in request.args.items(multi=True)))
    return f"page:{request.path}?{query}"


def _version_key(namespace: str) -> str:
    return f"ns:{namespace}:version"


def _lookup(spec: PageSpec) -> tuple[int, CachedPage | None]:
    """(current namespace version, the page if cached under it); one MGET, memoised per request."""
    memo = g.get("_page_cache_lookup", _MISSING)
    if memo is not _MISSING:
        return memo
    try:
        version, page = cache.get_many(_version_key(spec.namespace), page_key())
    except Exception as exc:  # noqa: BLE001 - a cache outage means building the page again
        log.warning("page cache read failed for %s: %s", request.path, exc)
        version, page = None, None
    version = version or 1
    if not isinstance(page, CachedPage) or page.version != version:
        page = None
    g._page_cache_lookup = (version, page)
    return version, page


def _store(spec: PageSpec, version: int, response: Response) -> None:
    etag, _weak = response.get_etag()
    if not etag:
        response.add_etag()
        etag, _weak = response.get_etag()
    if not etag:  # add_etag always sets one; nothing to revalidate against otherwise
        return
    page = CachedPage(version, etag, response.get_data(), response.mimetype or "application/json")
    try:
        cache.set(page_key(), page, timeout=spec.timeout)
    except Exception as exc:  # noqa: BLE001
        log.warning("page cache write failed for %s: %s", request.path, exc)


def _public_headers(response: Response) -> None:
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.vary.add(VARY)


def _page_response(page: CachedPage) -> Response:
    if request.if_none_match.contains_weak(page.etag):
        response = Response(status=304)
    else:
        response = Response(page.body, status=200, mimetype=page.mimetype)
    response.set_etag(page.etag)
    _public_headers(response)
    return response


def answer_revalidation() -> Response | None:
    """``before_request``: a matching ``If-None-Match`` on a cached page is a 304 right away."""
    if request.method not in ("GET", "HEAD") or not request.if_none_match:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    spec = getattr(view, PAGE_CACHE_ATTR, None)
    if spec is None:
        return None
    _version, page = _lookup(spec)
    if page is None or not request.if_none_match.contains_weak(page.etag):
        return None
    return _page_response(page)


def name_confirmed_etag(response: Response) -> Response:
    """``after_request``: a 304 from smorest's own check carries the ETag it confirmed."""
    if response.status_code == 304 and "ETag" not in response.headers:
        etag = g.get("not_modified_etag")
        if etag:
            response.set_etag(etag)
    return response


def init_app(app: Flask) -> None:
    """Register the revalidation check; call before the rate limiter is created."""
    app.before_request(answer_revalidation)
    app.after_request(name_confirmed_etag)
