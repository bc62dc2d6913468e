"""Sign-in to the admin site: admin accounts only, CSRF-protected, session regenerated."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_admin.form import SecureForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from japaguide.admin import ADMIN_SESSION_KEY, current_admin
from plugins.admin_tools import services


class LoginForm(SecureForm):
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
        error = None
        if request.method == "POST" and form.validate():
            user = services.authenticate_admin(form.email.data, form.password.data)
            if user is None:
                error = "Wrong email or password, or not an admin account."
            else:
                if session:
                    current_app.session_interface.regenerate(session)
                session[ADMIN_SESSION_KEY] = user.id
                return redirect(url_for("admin.index"))
        elif request.method == "POST":
            error = "The form expired or was tampered with; try again."
        status = 401 if error else 200
        return render_template("admin_tools/login.html", form=form, error=error), status

    @bp.route("/admin/logout/", methods=["POST"])
    def logout() -> Any:
        form = LogoutForm(request.form)
        if form.validate():
            session.pop(ADMIN_SESSION_KEY, None)
        return redirect(url_for("admin_auth.login"))

    return bp
