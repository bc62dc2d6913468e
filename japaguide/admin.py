"""Flask-Admin at ``/admin/``: one ``Admin`` per app; plugins add views via a hook.

Only signed-in admin accounts get in. The host knows no sign-in page and no dashboard: a
plugin declares them from ``register_admin_views`` with :func:`declare_sign_in` and
:func:`add_index_link` (the built-in ``admin_tools`` plugin does); without a sign-in page the
admin is closed to everyone.
"""

from __future__ import annotations

from collections.abc import Mapping
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
        # Flatly from our own static folder, without its Google font (admin/japaguide_base.html).
        theme=Bootstrap4Theme(swatch="flatly", base_template="admin/japaguide_base.html"),
    )
    app.extensions["japaguide.admin"] = admin
    host.call_in_order("register_admin_views", admin=admin, app=app)
    return admin


from flask_admin.contrib.sqla import ModelView  # noqa: E402 - grouped with the views below
from flask_admin.contrib.sqla.filters import FilterConverter  # noqa: E402
from flask_admin.contrib.sqla.form import AdminModelConverter  # noqa: E402
from flask_admin.contrib.sqla.typefmt import DEFAULT_FORMATTERS  # noqa: E402
from flask_admin.form import JSONField, rules  # noqa: E402
from flask_admin.model.filters import convert  # noqa: E402
from flask_admin.model.form import InlineFormAdmin, converts  # noqa: E402
from flask_admin.model.template import EndpointLinkRowAction  # noqa: E402
from flask_admin.model.typefmt import DETAIL_FORMATTERS  # noqa: E402
from markupsafe import Markup  # noqa: E402
from marshmallow import EXCLUDE, Schema  # noqa: E402
from marshmallow import ValidationError as SchemaValidationError  # noqa: E402
from wtforms.validators import ValidationError  # noqa: E402

from japaguide.admin_fields import readable_name, record_label  # noqa: E402
from japaguide.admin_records import make_read_only, record_of  # noqa: E402, F401 - re-exported
from japaguide.importing import flatten_errors  # noqa: E402


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

    def _model_select_field(
        self, prop: Any, multiple: Any, remote_model: Any, **kwargs: Any
    ) -> Any:
        """Related records are picked by name (``Canada``), not by ``<Country CAN>``."""
        kwargs.setdefault("get_label", record_label)
        return super()._model_select_field(prop, multiple, remote_model, **kwargs)

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


class HiddenFieldRule(rules.Field):
    """A form rule for a hidden input (the CSRF token): the input alone, no "CSRF Token" label."""

    def __call__(self, form: Any, form_opts: Any = None, field_args: Any = None) -> Any:
        return Markup(getattr(form, self.field_name)())


class InlineForm(InlineFormAdmin):
    """An inline form (a visa route's steps, its money) labelled like the other forms."""

    def prettify_name(self, name: str) -> str:
        return readable_name(name)


#: A row's link to its ``.preview?id=`` page (views of templates that can be previewed).
PREVIEW_ROW_ACTION = EndpointLinkRowAction("fa fa-eye", ".preview", title="Preview")

#: Put first in a view's ``form_rules``: a form laid out by rules renders only what they name.
CSRF_RULE = HiddenFieldRule("csrf_token")


def _label_formatter(view: Any, value: Any, name: str) -> str:
    return record_label(value)


class SecureModelView(AdminAccessMixin, ModelView):
    """Base for every plugin's admin view: admins only, CSRF-protected forms, secrets hidden.

    A view that sets :attr:`record_schema` saves nothing its plugin's importer or API would
    refuse: after the form is applied to the model (and the view's ``on_model_change`` has
    normalised it), the model is read back as a record and loaded with that schema; any error
    refuses the save (nothing is written) and is shown on the form.
    """

    form_base_class = SecureForm
    model_form_converter = ModelConverter
    filter_converter = Filters()
    page_size = 50
    can_view_details = True
    column_type_formatters = {**DEFAULT_FORMATTERS, db.Model: _label_formatter}
    column_type_formatters_detail = {**DETAIL_FORMATTERS, db.Model: _label_formatter}
    #: The schema the plugin's importer or API validates these records with (None: no check).
    record_schema: Schema | None = None
    #: Schema field → model attribute, where the names differ (e.g. ``metadata`` → ``meta``).
    record_attributes: Mapping[str, str] = {}
    #: Schema field → form field, where an error belongs to a field of another name.
    record_form_fields: Mapping[str, str] = {}
    #: Derived columns: shown read-only, never taken from the form (the view computes them).
    form_readonly_columns: tuple[str, ...] = ()

    def __init__(self, model: Any, **kwargs: Any) -> None:
        super().__init__(model, db, **kwargs)

    def prettify_name(self, name: str) -> str:
        """Form labels (``Amount (USD)``, not ``Amount Usd``)."""
        return readable_name(name)

    def _prettify_name(self, name: str) -> str:
        """List and details column names, as the form labels them."""
        return readable_name(name)

    def model_record(self, model: Any) -> dict[str, Any]:
        """The record :attr:`record_schema` validates (override for nested records)."""
        assert self.record_schema is not None
        return record_of(model, self.record_schema, self.record_attributes)

    def on_record_valid(self, model: Any, data: dict[str, Any]) -> None:
        """Derive what the importer derives (USD figures, codes) from the validated record."""

    def _on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        super()._on_model_change(form, model, is_created)
        if self.record_schema is None:
            return
        with db.session.no_autoflush:  # nothing reaches the database before the check
            try:
                data = self.record_schema.load(self.model_record(model), unknown=EXCLUDE)
            except SchemaValidationError as exc:
                raise self._refusal(form, flatten_errors(exc.messages)) from exc
            self.on_record_valid(model, data)

    def _refusal(self, form: Any, problems: list[tuple[str, str]]) -> ValidationError:
        """The problems on their form fields, and one message saying nothing was saved."""
        assert self.record_schema is not None
        attribute_of = {
            (field.data_key or name): self.record_attributes.get(name, name)
            for name, field in self.record_schema.fields.items()
        }
        lines = []
        for key, reason in problems:
            head, _, rest = key.partition(".")
            name = self.record_form_fields.get(head) or attribute_of.get(head, head)
            field = getattr(form, name, None)
            if field is not None and hasattr(field, "errors"):
                if isinstance(field.errors, list):
                    field.errors.append(reason)
                label = field.label.text + (f" ({rest})" if rest else "")
            else:
                label = key
            lines.append(f"{label}: {reason}")
        return ValidationError("Not saved. " + " ".join(lines))

    def get_column_names(self, only_columns: Any, excluded_columns: Any) -> list[Any]:
        """List, details and export columns, less :data:`HIDDEN_COLUMNS`."""
        columns = super().get_column_names(only_columns, excluded_columns)
        return [(name, label) for name, label in columns if name not in HIDDEN_COLUMNS]

    def scaffold_form(self) -> Any:
        """The create/edit form, less :data:`HIDDEN_COLUMNS`, derived columns read-only."""
        form_class = super().scaffold_form()
        for name in HIDDEN_COLUMNS:
            if hasattr(form_class, name):
                delattr(form_class, name)
        return make_read_only(form_class, self.form_readonly_columns)
