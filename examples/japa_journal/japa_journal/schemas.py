"""Request and response shapes (camelCase on the wire, via ``CamelSchema``)."""

from __future__ import annotations

from marshmallow import fields, validate

from japaguide.schemas import CamelSchema


class EntryInSchema(CamelSchema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class EntrySchema(CamelSchema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    roadmap_id = fields.Integer(allow_none=True, required=True)
    is_anonymous = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
