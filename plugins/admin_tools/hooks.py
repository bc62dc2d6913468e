"""Hook implementations of the admin_tools plugin."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def japaguide_app_ready(app: Any) -> None:
    from plugins.admin_tools.auth import make_blueprint

    app.register_blueprint(make_blueprint())


@hookimpl
def register_admin_views(admin: Any, app: Any) -> None:
    from japaguide.admin import add_index_link, declare_sign_in
    from plugins.admin_tools.views import register

    register(admin)
    declare_sign_in(app, login_endpoint="admin_auth.login", logout_endpoint="admin_auth.logout")
    add_index_link(app, "Open the analytics dashboard", "dashboard.index")
