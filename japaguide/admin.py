"""Flask-Admin at ``/admin/``: one ``Admin`` per app; plugins add views via a hook.

Only signed-in admin accounts get in. The host knows no sign-in page and no dashboard: a
plugin declares them from ``register_admin_views`` with :func:`declare_sign_in` and
:func:`add_index_link` (the built-in ``admin_tools`` plugin does); without a sign-in page the
admin is closed to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import Flask, abort, current_app, redirect, session, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.form import SecureForm
from flask_admin.theme import Bootstrap4Theme

from japaguide.extensions import db
from japaguide.models import User

ADMIN_SESSION_KEY = "admin_user_id"
LINKS_KEY = "japaguide.admin.links"


def current_admin() -> Any | None:
    """The admin user signed in to the admin site (server-side session), or None."""

    user_id = session.get(ADMIN_SESSION_KEY)
    if not user_id:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_admin and user.is_active else None


@dataclass(frozen=True)
class AdminLinks:
    """What plugins told the admin: where to sign in and out, and the index page's links."""

    login_endpoint: str | None = None
    logout_endpoint: str | None = None
    index_links: tuple[tuple[str, str], ...] = ()  # (label, endpoint)


def _links(app: Flask | None = None) -> AdminLinks:
    return (app or current_app).extensions.get(LINKS_KEY, AdminLinks())


def declare_sign_in(app: Flask, *, login_endpoint: str, logout_endpoint: str) -> None:
    """Name the endpoints of the admin sign-in and sign-out pages (one plugin provides them).

    A visitor who is not signed in is sent to ``login_endpoint``; the index page shows a sign-out
    button posting to ``logout_endpoint`` (with a CSRF token).
    """
    current = _links(app)
    if current.login_endpoint not in (None, login_endpoint):
        raise RuntimeError(
            f"two admin sign-in pages: {current.login_endpoint!r}, {login_endpoint!r}"
        )
    app.extensions[LINKS_KEY] = replace(
        current, login_endpoint=login_endpoint, logout_endpoint=logout_endpoint
    )


def add_index_link(app: Flask, label: str, endpoint: str) -> None:
    """Add a button to the admin index page (e.g. a plugin's dashboard)."""
    current = _links(app)
    app.extensions[LINKS_KEY] = replace(
        current, index_links=(*current.index_links, (label, endpoint))
    )


class AdminAccessMixin:
    """Every admin view: visible to signed-in admins only."""

    def is_accessible(self) -> bool:
        return current_admin() is not None

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        login = _links().login_endpoint
        if login is not None and login in current_app.view_functions:
            return redirect(url_for(login))
        abort(403)


class SecureIndexView(AdminAccessMixin, AdminIndexView):
    @expose("/")
    def index(self) -> Any:
        links = _links()
        endpoints = set(current_app.view_functions)
        logout = links.logout_endpoint if links.logout_endpoint in endpoints else None
        return self.render(
            "admin/index.html",
            logout_form=SecureForm() if logout else None,
            logout_endpoint=logout,
            index_links=[(label, e) for label, e in links.index_links if e in endpoints],
        )


def create_admin(app: Flask, host: Any) -> Admin:
    admin = Admin(
        app,
        name="Japaguide admin",
        url="/admin",
        index_view=SecureIndexView(url="/admin", endpoint="admin"),
        theme=Bootstrap4Theme(swatch="flatly"),
    )
    app.extensions["japaguide.admin"] = admin
    host.call_in_order("register_admin_views", admin=admin, app=app)
    return admin


from flask_admin.contrib.sqla import ModelView  # noqa: E402 - grouped with the views below
from flask_admin.contrib.sqla.filters import FilterConverter  # noqa: E402
from flask_admin.contrib.sqla.form import AdminModelConverter  # noqa: E402
from flask_admin.form import JSONField  # noqa: E402
from flask_admin.model.filters import convert  # noqa: E402
from flask_admin.model.form import converts  # noqa: E402


class JSONListField(JSONField):
    """A JSON field whose empty value is ``[]`` (our list columns refuse ``{}`` or None)."""

    data: list[Any] | None

    def _value(self) -> str:
        import json

        if self.raw_data:
            return self.raw_data[0]
        return json.dumps(self.data if self.data is not None else [], ensure_ascii=False)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = []
            return
        super().process_formdata(valuelist)
        if not isinstance(self.data, list):
            self.data = None
            raise ValueError('Enter a JSON list, e.g. ["first", "second"].')


class JSONDictField(JSONField):
    data: dict[str, Any] | None

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = {}
            return
        super().process_formdata(valuelist)
        if not isinstance(self.data, dict):
            self.data = None
            raise ValueError('Enter a JSON object, e.g. {"key": "value"}.')


class ModelConverter(AdminModelConverter):
    """Form fields for our column types (UTC-aware datetimes, JSON lists and objects)."""

    @converts("JSON")
    def convert_JSON(self, field_args: Any, **extra: Any) -> Any:  # noqa: N802 - library's name
        column = extra.get("column")
        default = getattr(getattr(column, "default", None), "arg", None)
        is_list = default is list or getattr(default, "__wrapped__", None) is list
        return (JSONListField if is_list else JSONDictField)(**field_args)

    @converts("Text")
    def convert_text(self, field_args: Any, **extra: Any) -> Any:
        """A single-line input for one-line text (``info=ONE_LINE``), a text area otherwise."""
        column = extra.get("column")
        if column is not None and column.info.get("one_line"):
            from wtforms import fields

            self._string_common(field_args=field_args, **extra)
            return fields.StringField(**field_args)
        return self.conv_Text(field_args, **extra)

    @converts("UTCDateTime")
    def convert_utc_datetime(self, field_args: Any, **extra: Any) -> Any:
        return self.convert_datetime(field_args, **extra)

    @converts("Float", "Double")  # SQLAlchemy 2.1's Float is no longer found via Numeric
    def convert_float(self, field_args: Any, **extra: Any) -> Any:
        from wtforms import fields

        return fields.FloatField(**field_args)


class Filters(FilterConverter):
    @convert("UTCDateTime")
    def conv_utc_datetime(self, column: Any, name: str, **kwargs: Any) -> Any:
        return self.conv_datetime(column, name, **kwargs)


#: Columns no admin view lists, shows, exports or edits, whatever the view declares: editors
#: must never see a password hash, nor set one behind the password rule.
HIDDEN_COLUMNS = frozenset({"password_hash"})


class SecureModelView(AdminAccessMixin, ModelView):
    """Base for every plugin's admin view: admins only, CSRF-protected forms, secrets hidden."""

    form_base_class = SecureForm
    model_form_converter = ModelConverter
    filter_converter = Filters()
    page_size = 50
    can_view_details = True

    def __init__(self, model: Any, **kwargs: Any) -> None:
        super().__init__(model, db, **kwargs)

    def get_column_names(self, only_columns: Any, excluded_columns: Any) -> list[Any]:
        """List, details and export columns, less :data:`HIDDEN_COLUMNS`."""
        columns = super().get_column_names(only_columns, excluded_columns)
        return [(name, label) for name, label in columns if name not in HIDDEN_COLUMNS]

    def scaffold_form(self) -> Any:
        """The create/edit form, less :data:`HIDDEN_COLUMNS`."""
        form_class = super().scaffold_form()
        for name in HIDDEN_COLUMNS:
            if hasattr(form_class, name):
                delattr(form_class, name)
        return form_class
