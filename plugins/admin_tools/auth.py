"""Sign-in to the admin site: admin accounts only, CSRF-protected, session regenerated.

The sign-in form's CSRF does not use the session (see :mod:`plugins.admin_tools.csrf`), so an
anonymous visitor gets no server-side session; attempts go through the same lockout as the
API login (per account and per address).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_admin.form import SecureForm
from wtforms import EmailField, Form, PasswordField
from wtforms.validators import DataRequired, Length

from japaguide.admin import ADMIN_SESSION_KEY, current_admin
from japaguide.errors import DomainError
from japaguide.ratelimit import address_key
from plugins.admin_tools import services
from plugins.admin_tools.csrf import SignedCookieCSRF, set_nonce_cookie

WRONG_CREDENTIALS = "Wrong email or password, or not an admin account."


class LoginForm(Form):
    class Meta:
        csrf = True
        csrf_class = SignedCookieCSRF

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class LogoutForm(SecureForm):
    pass


def make_blueprint() -> Blueprint:
    bp = Blueprint(
        "admin_auth",
        __name__,
        template_folder="templates",
        static_folder="static",
        static_url_path="/admin-tools/static",
    )

    @bp.route("/admin/login/", methods=["GET", "POST"])
    def login() -> Any:
        if current_admin() is not None:
            return redirect(url_for("admin.index"))
        form = LoginForm(request.form)
        error, status, headers = None, 200, {}
        if request.method == "POST" and form.validate():
            try:
                user = services.authenticate_admin(
                    form.email.data, form.password.data, address_key()
                )
            except DomainError as exc:
                error, status = _sign_in_error(exc), exc.status
                headers = exc.headers
            else:
                if session:
                    current_app.session_interface.regenerate(session)
                session[ADMIN_SESSION_KEY] = user.id
                return redirect(url_for("admin.index"))
        elif request.method == "POST":
            error, status = "The form expired or was tampered with; try again.", 401
        page = render_template("admin_tools/login.html", form=form, error=error)
        return set_nonce_cookie(Response(page, status=status, headers=headers))

    @bp.route("/admin/logout/", methods=["POST"])
    def logout() -> Any:
        form = LogoutForm(request.form)
        if form.validate():
            session.pop(ADMIN_SESSION_KEY, None)
        return redirect(url_for("admin_auth.login"))

    return bp


def _sign_in_error(exc: DomainError) -> str:
    """The lockout explains itself; every other refusal gets the one vague message."""
    return exc.detail if exc.status == 429 else WRONG_CREDENTIALS
