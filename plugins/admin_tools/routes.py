"""Admin JSON API: analytics (admin JWT; non-admins 403, anonymous 401)."""

from __future__ import annotations

from typing import Any

from japaguide.api import Blueprint
from japaguide.errors import rule_error
from japaguide.identity import no_anonymous_session, require_admin
from japaguide.schemas import BoundedDate, CamelSchema, camelize_keys
from plugins.admin_tools.analytics import figures


class AnalyticsQuerySchema(CamelSchema):
    from_ = BoundedDate(data_key="from", load_default=None)
    to = BoundedDate(load_default=None)

    def on_bind_field(self, field_name: str, field_obj: Any) -> None:
        if field_name != "from_":
            super().on_bind_field(field_name, field_obj)


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = no_anonymous_session(
        Blueprint("admin_analytics", __name__, description="Admin: analytics")
    )

    @bp.route("/", methods=["GET"])
    @bp.arguments(AnalyticsQuerySchema, location="query", as_kwargs=True)
    @bp.response(200)
    def analytics(from_: Any = None, to: Any = None) -> Any:
        """The dashboard's figures for a period (default: the last 30 days)."""
        require_admin()
        if from_ and to and from_ > to:  # an order between two fields: no schema states it
            raise rule_error({"from": ["Must not be after `to`."]}, "`from` is after `to`.")
        return camelize_keys(figures(from_, to))

    return [(bp, "/admin/analytics")]
