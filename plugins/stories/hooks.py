"""Hook implementations of the stories plugin."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def reported_move_costs(country_code: str, visa_type_id: int | None) -> list[dict] | None:
    from plugins.stories.services import reported_costs

    return reported_costs(country_code, visa_type_id)


@hookimpl
def register_admin_views(admin: Any, app: Any) -> None:
    from plugins.stories.admin import register

    register(admin)
