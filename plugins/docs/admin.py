"""Admin views of the Document Builder: templates (sandbox-checked, previewable), documents."""

from __future__ import annotations

import json
from typing import Any

from flask import request
from flask_admin import expose
from markupsafe import escape
from wtforms.validators import ValidationError

from japaguide.admin import PREVIEW_ROW_ACTION, SecureModelView
from japaguide.admin_fields import choice_field, list_args, list_overrides
from japaguide.extensions import db
from plugins.docs.fields import FieldSpecError, check_field_specs
from plugins.docs.models import (
    TEMPLATE_TYPES,
    DocumentTemplate,
    DocumentTemplateRoute,
    GeneratedDocument,
)
from plugins.docs.rendering import TemplateRejected, check_template


def _json(value: Any, default: Any) -> Any:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return json.loads(value)
    return value


def check_submission(source: str, specs: Any, example: Any) -> str:
    """The preview of an editor's template, or :data:`TemplateRejected` saying what is wrong."""
    try:
        specs = check_field_specs(_json(specs, []))
        example = _json(example, {})
    except (FieldSpecError, ValueError) as exc:
        raise TemplateRejected(f"fields: {exc}") from exc
    if not isinstance(example, dict):
        raise TemplateRejected("example fields must be an object")
    return check_template(source, specs, example)


class DocumentTemplateView(SecureModelView):
    column_list = ("name", "slug", "template_type", "is_active", "updated_at")
    column_filters = ("template_type", "is_active")
    column_searchable_list = ("name", "slug")
    form_excluded_columns = ("created_at", "updated_at", "routes")
    form_overrides = list_overrides(sources=("sources",))
    form_args = list_args(sources=("sources",))
    column_extra_row_actions = [PREVIEW_ROW_ACTION]
    edit_template = "admin/edit_with_preview.html"

    form_extra_fields = {"template_type": choice_field("Template type", TEMPLATE_TYPES)}

    def on_model_change(self, form: Any, model: DocumentTemplate, is_created: bool) -> None:
        """Refuse a template that fails in the sandbox, with its fields or example values."""
        from plugins.docs.seeding import SLUG  # the seed loader's rule (it imports this module)

        if not SLUG.match(model.slug or ""):
            raise ValidationError("Not saved. Slug: 2-80 of a-z, 0-9 and -.")
        try:
            check_submission(model.content_template or "", model.fields, model.example_fields)
        except TemplateRejected as exc:
            raise ValidationError(f"Template refused: {exc}") from exc

    @expose("/preview/", methods=["GET", "POST"])
    def preview(self) -> Any:
        """Render a template against its example fields in the sandbox; nothing is saved.

        ``GET ?id=`` previews a stored template; ``POST`` previews the submitted
        ``content_template``, ``fields`` and ``example_fields``.
        """
        if request.method == "GET":
            template = db.session.get(DocumentTemplate, request.args.get("id", type=int) or 0)
            if template is None:
                return self.render("admin/preview.html", body="<p>No such template.</p>")
            source, specs, example = (
                template.content_template,
                template.fields,
                template.example_fields,
            )
        else:
            source = request.form.get("content_template", "")
            specs = request.form.get("fields", "[]")
            example = request.form.get("example_fields", "{}")
        try:
            rendered = check_submission(source, specs, example)
            body = f"<h5>Preview</h5><pre>{escape(rendered)}</pre>"
        except TemplateRejected as exc:
            body = f'<div class="alert alert-danger">Template error: {escape(str(exc))}</div>'
        return self.render("admin/preview.html", body=body)


class DocumentTemplateRouteView(SecureModelView):
    column_list = ("template", "visa_type")


class GeneratedDocumentView(SecureModelView):
    """Read-only: editors may need to see what was generated, never change it."""

    can_create = False
    can_edit = False
    column_list = ("created_at", "kind", "title", "format", "status", "is_anonymous")
    column_filters = ("kind", "format", "status", "is_anonymous")
    column_default_sort = ("created_at", True)


def register(admin: Any) -> None:
    category = "Documents"
    admin.add_view(DocumentTemplateView(DocumentTemplate, name="Templates", category=category))
    admin.add_view(
        DocumentTemplateRouteView(DocumentTemplateRoute, name="Template routes", category=category)
    )
    admin.add_view(
        GeneratedDocumentView(GeneratedDocument, name="Generated documents", category=category)
    )
