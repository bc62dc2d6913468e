"""Request and response schemas of the Document Builder."""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import ValidationError, fields, validate

from japaguide.schemas import CamelDict, CamelSchema, page_schema
from plugins.docs.fields import KINDS
from plugins.docs.models import FORMATS, STATUSES, TEMPLATE_TYPES
from plugins.docs.models import KINDS as DOCUMENT_KINDS

TONES = ("helpful", "uncle_japa", "bestie", "strict_officer", "hype_man", "therapist")
#: Ids are bounded like every path id (an int4 column).
MAX_ID = 2_147_483_647


class TemplateRef(fields.Field):
    """A template's id (integer) or slug (string)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool):
            raise ValidationError("A template id or slug.")
        if isinstance(value, int) and 1 <= value <= MAX_ID:
            return value
        if isinstance(value, str) and 1 <= len(value.strip()) <= 80:
            return value
        raise ValidationError("A template id or slug.")

    def _jsonschema_type_mapping(self) -> dict[str, Any]:
        return {"oneOf": [{"type": "integer"}, {"type": "string"}]}


class DocumentTemplateQuerySchema(CamelSchema):
    type = fields.String(
        validate=validate.OneOf(TEMPLATE_TYPES), metadata={"description": "Template type."}
    )
    visa_type_id = fields.Integer(
        validate=validate.Range(1, MAX_ID),
        metadata={"description": "Only templates serving this route (or every route)."},
    )
    country = fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{3}$"),
        metadata={"description": "ISO alpha-3 country: templates for its routes or any."},
    )


class DocumentFieldSchema(CamelSchema):
    name = fields.String(metadata={"description": "The key to use in `fields` when generating."})
    label = fields.String()
    kind = fields.String(metadata={"enum": list(KINDS)})
    required = fields.Boolean()
    example = fields.Raw(allow_none=True)
    help = fields.String()
    placeholder = fields.String(
        metadata={"description": "What the letter shows when the field is not given."}
    )
    max_length = fields.Integer(allow_none=True)
    choices = fields.List(fields.String(), allow_none=True)


class DocumentSourceSchema(CamelSchema):
    title = fields.String()
    url = fields.String()
    publisher = fields.String(allow_none=True)
    last_verified = fields.String(allow_none=True)


class DocumentRequirementSchema(CamelSchema):
    text = fields.String()
    source = fields.Nested(DocumentSourceSchema, allow_none=True)


class DocumentTemplateRouteSchema(CamelSchema):
    visa_type_id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    country = fields.String()
    field_specs = fields.List(
        fields.Nested(DocumentFieldSchema), attribute="fields", data_key="fields"
    )
    requirements = fields.List(fields.Nested(DocumentRequirementSchema))


class DocumentTemplateSchema(CamelSchema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    template_type = fields.String(metadata={"enum": list(TEMPLATE_TYPES)})
    description = fields.String()
    field_specs = fields.List(
        fields.Nested(DocumentFieldSchema),
        attribute="fields",
        data_key="fields",
        metadata={"description": "The template's fields (with the route's, when filtered)."},
    )
    example_fields = fields.Dict(metadata={"description": "A complete example of `fields`."})
    sources = fields.List(fields.Nested(DocumentSourceSchema))
    routes = fields.List(fields.Nested(DocumentTemplateRouteSchema))


class DocumentTemplateListSchema(CamelSchema):
    results = fields.List(fields.Nested(DocumentTemplateSchema))


class DocumentGenerateSchema(CamelSchema):
    template = TemplateRef(
        required=True,
        metadata={
            "description": "Template id or slug.",
            # What _deserialize takes, stated for the document (apispec does not read
            # _jsonschema_type_mapping): an id in range, or a slug with a visible character.
            "oneOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "\\S"},
            ],
        },
    )
    values = fields.Dict(
        keys=fields.String(validate=validate.Length(max=40)),
        data_key="fields",
        load_default=dict,
        metadata={"description": "Values keyed by the names the template declares."},
    )
    visa_type_id = fields.Integer(validate=validate.Range(1, MAX_ID), allow_none=True)
    roadmap_id = fields.Integer(validate=validate.Range(1, MAX_ID), allow_none=True)
    tone = fields.String(load_default="helpful", validate=validate.OneOf(TONES))
    format = fields.String(load_default="markdown", validate=validate.OneOf(FORMATS))


class DocumentSchema(CamelSchema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": list(DOCUMENT_KINDS)})
    title = fields.String()
    status = fields.String(
        metadata={
            "enum": list(STATUSES),
            "description": "`pending` while a job writes it (AI prose, a roadmap PDF), then "
            "`ready` or `failed`.",
        }
    )
    format = fields.String(metadata={"enum": list(FORMATS)})
    content = fields.Method(
        "_content", metadata={"description": "The letter as text or markdown (as asked)."}
    )
    markdown = fields.String(attribute="content")
    file_url = fields.Method(
        "_file_url",
        metadata={"description": "The PDF, served only to its owner (null until it is ready)."},
    )
    template = fields.Function(
        lambda d: (
            None
            if d.template is None
            else {"id": d.template.id, "slug": d.template.slug, "name": d.template.name}
        )
    )
    visa_type_id = fields.Integer(allow_none=True)
    roadmap_id = fields.Integer(allow_none=True)
    tone = fields.String()
    values = fields.Dict(
        attribute="fields",
        data_key="fields",
        metadata={"description": "The values you gave, as checked."},
    )
    placeholders = fields.Function(
        lambda d: (d.meta or {}).get("placeholders", []),
        metadata={"description": "Placeholders still in the letter: fill them in yourself."},
    )
    meta = CamelDict(data_key="metadata")
    error = fields.String()
    is_anonymous = fields.Boolean()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def _content(self, document: Any) -> str:
        from plugins.docs.rendering import markdown_to_text

        return markdown_to_text(document.content) if document.format == "text" else document.content

    def _file_url(self, document: Any) -> str | None:
        if not document.file_ref:
            return None
        return url_for("docs.file", document_id=document.id)


DocumentPageSchema = page_schema(DocumentSchema, "DocumentPage")
