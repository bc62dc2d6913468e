"""Admin pages: the analytics dashboard and the users list."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import request
from flask_admin import BaseView, expose

from japaguide.admin import AdminAccessMixin, SecureModelView
from japaguide.models import User
from plugins.admin_tools.analytics import figures


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


class DashboardView(AdminAccessMixin, BaseView):
    @expose("/")
    def index(self) -> Any:
        data = figures(_date("from"), _date("to"))
        return self.render(
            "admin_tools/dashboard.html", data=data, data_json=json.dumps(data, default=str)
        )


class UserView(SecureModelView):
    can_create = False
    column_list = (
        "email",
        "full_name",
        "is_admin",
        "is_active",
        "is_anonymous_converted",
        "plan_type",
        "ai_credits_remaining",
        "created_at",
    )
    column_searchable_list = ("email", "full_name")
    column_filters = ("is_admin", "is_active", "plan_type", "created_at")
    form_columns = (
        "full_name",
        "is_active",
        "is_admin",
        "plan_type",
        "plan_expiry",
        "ai_credits_remaining",
    )


def register(admin: Any) -> None:
    admin.add_view(DashboardView(name="Dashboard", endpoint="dashboard", url="/admin/dashboard"))
    admin.add_view(UserView(User, name="Users", category="People"))
