"""Admin JSON API for prompt templates (admin JWT). Templates are sandbox-checked on save."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate
from sqlalchemy import select

from japaguide.api import Blueprint
from japaguide.errors import APIError, validation_error
from japaguide.extensions import db
from japaguide.identity import no_anonymous_session, require_admin
from japaguide.schemas import CamelSchema
from plugins.ai.models import MODES, PromptTemplate
from plugins.ai.prompts import check_template_text
from plugins.ai.sandbox import TemplateRejected
from plugins.ai.schemas import TONES


class TemplateInSchema(CamelSchema):
    name = fields.String(
        required=True,
        validate=[validate.Length(min=2, max=100), validate.Regexp(r"^[a-z0-9_]+$")],
    )
    description = fields.String(load_default="")
    prompt_text = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    temperature = fields.Float(load_default=0.7, validate=validate.Range(0, 2))
    max_tokens = fields.Integer(load_default=1000, validate=validate.Range(1, 4000))
    mode = fields.String(load_default="general", validate=validate.OneOf(MODES))
    tone = fields.String(load_default="helpful", validate=validate.OneOf(TONES))
    json_output = fields.Boolean(load_default=False)
    is_active = fields.Boolean(load_default=True)


class TemplatePatchSchema(TemplateInSchema):
    """Any subset of the fields (loaded with ``partial=True``)."""


class TemplateOutSchema(TemplateInSchema):
    id = fields.Integer()
    preview = fields.String(dump_only=True, allow_none=True)
    updated_at = fields.DateTime()


def _checked(text: str) -> str:
    try:
        return check_template_text(text)
    except TemplateRejected as exc:
        raise validation_error({"promptText": [str(exc)]}) from exc


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = no_anonymous_session(
        Blueprint("admin_prompts", __name__, description="Admin: prompt templates")
    )

    @bp.route("/", methods=["GET"])
    @bp.response(200, TemplateOutSchema(many=True))
    def index() -> Any:
        """Every prompt template."""
        require_admin()
        return db.session.scalars(select(PromptTemplate).order_by(PromptTemplate.name)).all()

    @bp.route("/", methods=["POST"])
    @bp.body(
        TemplateInSchema,
        example={
            "name": "roadmap_enrich_custom",
            "description": "Roadmap enrichment, house style",
            "promptText": "You are {{personality_intro}}.\n"
            "TARGET: {{country}} for {{goal}}\n{{tone_instructions}}",
            "temperature": 0.7,
            "maxTokens": 1000,
            "mode": "roadmap_enrich",
            "tone": "helpful",
            "isActive": True,
        },
    )
    @bp.response(201, TemplateOutSchema)
    def create(data: dict[str, Any]) -> Any:
        """Create a template (refused if it does not render safely in the sandbox)."""
        require_admin()
        preview = _checked(data["prompt_text"])
        if db.session.scalar(select(PromptTemplate).where(PromptTemplate.name == data["name"])):
            raise APIError(409, f"A template named {data['name']!r} exists.")
        template = PromptTemplate(**data)
        db.session.add(template)
        db.session.commit()
        template.preview = preview
        return template

    @bp.route("/<int(max=2147483647):template_id>/", methods=["PATCH"])
    @bp.body(TemplatePatchSchema(partial=True), example={"temperature": 0.5, "isActive": True})
    @bp.response(200, TemplateOutSchema)
    def update(data: dict[str, Any], template_id: int) -> Any:
        """Change a template; a hostile or broken template is refused and nothing is saved."""
        require_admin()
        template = db.session.get(PromptTemplate, template_id)
        if template is None:
            raise APIError(404, f"No template {template_id}.")
        preview = _checked(data["prompt_text"]) if "prompt_text" in data else None
        name = data.get("name", template.name)
        taken = select(PromptTemplate.id).where(
            PromptTemplate.name == name, PromptTemplate.id != template.id
        )
        if db.session.scalar(taken) is not None:  # else the unique index answers with a 500
            raise APIError(409, f"A template named {name!r} exists.")
        for key, value in data.items():
            setattr(template, key, value)
        db.session.commit()
        template.preview = preview
        return template

    return [(bp, "/admin/ai/prompts")]
