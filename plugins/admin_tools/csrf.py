"""CSRF for the admin sign-in form without a server-side session.

Flask-Admin's ``SecureForm`` keeps its CSRF secret in the session, so every anonymous visit to
``/admin/login/`` stored a new 30-day server-side session. Here the form carries a token
signed with ``SECRET_KEY`` (valid for ``TOKEN_MAX_AGE_SECONDS``) that names a random nonce,
and the same nonce travels in a short-lived cookie: a cross-site page can make the browser send
the cookie but cannot read it to build a matching token (double-submit). Nothing is stored on
the server until an admin has signed in.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import Response, current_app, g, request
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms.csrf.core import CSRF
from wtforms.validators import ValidationError

TOKEN_MAX_AGE_SECONDS = 60 * 60
SALT = "japaguide-admin-login-csrf"
NONCE_BYTES = 24
_NONCE = "_admin_login_csrf_nonce"
EXPIRED = "The form expired or was tampered with; try again."


def cookie_name() -> str:
    # ``__Host-`` cookies must be Secure, host-only and path "/", so a sibling subdomain
    # cannot plant one of its own.
    secure = current_app.config.get("SESSION_COOKIE_SECURE", True)
    return "__Host-japaguide_admin_csrf" if secure else "japaguide_admin_csrf"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _browser_nonce() -> str:
    """This browser's nonce (its cookie's, or a new one), to be (re)sent on the response."""
    nonce = (
        g.get(_NONCE) or request.cookies.get(cookie_name()) or secrets.token_urlsafe(NONCE_BYTES)
    )
    setattr(g, _NONCE, nonce)
    return nonce


class SignedCookieCSRF(CSRF):
    """WTForms CSRF backed by a signed token and a nonce cookie instead of the session."""

    def generate_csrf_token(self, csrf_token_field: Any) -> str:
        return _serializer().dumps(_browser_nonce())

    def validate_csrf_token(self, form: Any, field: Any) -> None:
        try:
            nonce = _serializer().loads(field.data or "", max_age=TOKEN_MAX_AGE_SECONDS)
        except BadData as exc:
            raise ValidationError(EXPIRED) from exc
        cookie = request.cookies.get(cookie_name(), "")
        if not cookie or not hmac.compare_digest(str(nonce), cookie):
            raise ValidationError(EXPIRED)


def set_nonce_cookie(response: Response) -> Response:
    """Send the nonce cookie, with a fresh lifetime, when a form token was made for it."""
    nonce = g.get(_NONCE)
    if nonce:
        response.set_cookie(
            cookie_name(),
            nonce,
            max_age=TOKEN_MAX_AGE_SECONDS,
            path="/",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", True),
            httponly=True,
            samesite="Lax",
        )
    return response
