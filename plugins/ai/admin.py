"""Admin views of the AI plugin: prompt templates (sandbox-checked, previewable), request log."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_admin import expose
from markupsafe import escape
from wtforms.validators import ValidationError

from japaguide.admin import PREVIEW_ROW_ACTION, SecureModelView
from japaguide.admin_fields import choice_field
from japaguide.extensions import db
from plugins.ai.admin_routes import TemplateInSchema
from plugins.ai.models import MODES, AIRequest, PromptTemplate
from plugins.ai.prompts import check_template_text
from plugins.ai.sandbox import TemplateRejected
from plugins.ai.schemas import TONES


def _template_is_safe(form: Any, field: Any) -> None:
    try:
        check_template_text(field.data or "")
    except TemplateRejected as exc:
        raise ValidationError(f"Template refused: {exc}") from exc


class PromptTemplateView(SecureModelView):
    column_list = ("name", "mode", "tone", "temperature", "max_tokens", "is_active", "updated_at")
    column_filters = ("mode", "tone", "is_active")
    column_extra_row_actions = [PREVIEW_ROW_ACTION]
    form_excluded_columns = ("created_at", "updated_at")
    form_args = {"prompt_text": {"validators": [_template_is_safe]}}
    form_extra_fields = {
        "mode": choice_field("Mode", MODES),
        "tone": choice_field("Tone", TONES),
    }
    details_template = "admin/model/details.html"
    edit_template = "admin/edit_with_preview.html"
    # The admin API's own rules (name pattern, temperature 0-2, max tokens, mode, tone).
    record_schema = TemplateInSchema()

    @expose("/preview/", methods=["GET", "POST"])
    def preview(self) -> Any:
        """Render a template against sample context; errors are reported, never saved.

        ``GET ?id=`` previews a stored template (linked from its row and edit page); ``POST``
        previews the submitted ``prompt_text``.
        """
        if request.method == "GET":
            template = db.session.get(PromptTemplate, request.args.get("id", type=int) or 0)
            if template is None:
                return self.render("admin/preview.html", body="<p>No such template.</p>")
            text = template.prompt_text
        else:
            text = request.form.get("prompt_text", "")
        try:
            rendered = check_template_text(text)
            body = f"<h5>Preview</h5><pre>{escape(rendered)}</pre>"
        except TemplateRejected as exc:
            body = f'<div class="alert alert-danger">Template error: {escape(str(exc))}</div>'
        return self.render("admin/preview.html", body=body)


class AIRequestView(SecureModelView):
    can_create = False
    can_edit = False
    can_delete = False
    column_list = (
        "created_at",
        "provider",
        "model_used",
        "is_anonymous",
        "tokens_used",
        "cost_usd",
        "duration_seconds",
        "cache_hit",
        "fallback_used",
        "prompt_template",
    )
    column_filters = (
        "is_anonymous",
        "model_used",
        "provider",
        "created_at",
        "fallback_used",
        "cache_hit",
    )
    column_default_sort = ("created_at", True)


def register(admin: Any) -> None:
    admin.add_view(PromptTemplateView(PromptTemplate, name="Prompt templates", category="AI"))
    admin.add_view(AIRequestView(AIRequest, name="AI request log", category="AI"))
