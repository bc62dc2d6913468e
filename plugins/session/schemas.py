"""Schemas of the session endpoints."""

from __future__ import annotations

from marshmallow import fields, validate

from japaguide.schemas import CamelSchema


class SessionStatusSchema(CamelSchema):
    is_anonymous = fields.Boolean(required=True)
    session_started = fields.Boolean(
        required=True, metadata={"description": "False until the first write creates a session."}
    )
    created_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    expires_in_days = fields.Integer(allow_none=True)
    saved_at = fields.DateTime(allow_none=True)
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Owned items per kind (e.g. roadmaps, estimates)."},
    )


class EmailLinkSchema(CamelSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class EmailLinkResultSchema(CamelSchema):
    sent = fields.Boolean()
    expires_in_days = fields.Integer()


class RestoreQuerySchema(CamelSchema):
    token = fields.String(required=True, validate=validate.Length(max=4096))
