"""Flask-Admin at ``/admin/``: one ``Admin`` per app; plugins add views via a hook.

Only signed-in admin accounts get in. The sign-in page itself is contributed by the
``admin_tools`` plugin; without it the admin is closed to everyone.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, redirect, session, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.theme import Bootstrap4Theme

from japaguide.extensions import db

ADMIN_SESSION_KEY = "admin_user_id"


def current_admin() -> Any | None:
    """The admin user signed in to the admin site (server-side session), or None."""
    from japaguide.models import User

    user_id = session.get(ADMIN_SESSION_KEY)
    if not user_id:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_admin and user.is_active else None


class AdminAccessMixin:
    """Every admin view: visible to signed-in admins only."""

    def is_accessible(self) -> bool:
        return current_admin() is not None

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if "admin_auth.login" in _endpoints():
            return redirect(url_for("admin_auth.login"))
        abort(403)


def _endpoints() -> set[str]:
    from flask import current_app

    return set(current_app.view_functions)


class SecureIndexView(AdminAccessMixin, AdminIndexView):
    @expose("/")
    def index(self) -> Any:
        return super().index()


def create_admin(app: Flask, host: Any) -> Admin:
    admin = Admin(
        app,
        name="Japaguide admin",
        url="/admin",
        index_view=SecureIndexView(url="/admin", endpoint="admin"),
        theme=Bootstrap4Theme(swatch="flatly"),
    )
    app.extensions["japaguide.admin"] = admin
    host.hook.register_admin_views(admin=admin, app=app)
    return admin
