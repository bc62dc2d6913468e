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
    from plugins.admin_tools.views import register

    register(admin)
