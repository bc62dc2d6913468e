"""Hook implementations of the points plugin."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def register_admin_views(admin: Any, app: Any) -> None:
    from plugins.points.admin import register

    register(admin)
