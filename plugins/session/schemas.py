"""Schemas of the session endpoints."""

from __future__ import annotations

from marshmallow import fields, validate

from japaguide.schemas import CamelSchema, ProblemSchema
from plugins.session.models import RESTORE_CHOICES as CHOICES


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
    expires_in_days = fields.Integer(
        metadata={"description": "Days the anonymous session itself is kept."}
    )
    link_expires_at = fields.DateTime(
        metadata={"description": "When the e-mailed link stops working (it also works once)."}
    )
    link_expires_in_hours = fields.Integer()


CHOICE_DESCRIPTION = (
    "merge: the link's data moves into this browser's own session (or account), which it "
    "keeps; switch: this browser leaves its own session and continues the link's; continue: "
    "the plain case when this browser holds no data."
)


#: A link token in a URL: real ones are 43 characters. Bounded so the longest documented value,
#: percent-encoded (12 characters for a 4-byte character), still fits gunicorn's request line.
MAX_QUERY_TOKEN_LENGTH = 512


class RestoreQuerySchema(CamelSchema):
    token = fields.String(required=True, validate=validate.Length(max=MAX_QUERY_TOKEN_LENGTH))


class RestoreSchema(CamelSchema):
    token = fields.String(required=True, validate=validate.Length(max=4096))
    choice = fields.String(
        load_default=None,
        validate=validate.OneOf(CHOICES),
        metadata={
            "description": CHOICE_DESCRIPTION
            + " Optional only when this browser holds no data (then: continue)."
        },
    )


class RestoreLinkSchema(CamelSchema):
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "What the link's session holds, per kind."},
    )
    created_at = fields.DateTime()
    expires_at = fields.DateTime(metadata={"description": "When the link stops working."})


class RestoreCurrentSchema(CamelSchema):
    is_anonymous = fields.Boolean()
    session_started = fields.Boolean()
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "What this browser's own owner holds, per kind."},
    )


class RestorePreviewSchema(CamelSchema):
    """What opening the link would do. Reading it changes nothing."""

    link = fields.Nested(RestoreLinkSchema)
    current = fields.Nested(RestoreCurrentSchema)
    holds_data = fields.Boolean(
        metadata={"description": "This browser holds data of its own: a choice is required."}
    )
    same_session = fields.Boolean(
        metadata={"description": "The link opens the session this browser already holds."}
    )
    choices = fields.List(
        fields.String(validate=validate.OneOf(CHOICES)),
        metadata={"description": CHOICE_DESCRIPTION},
    )
    default_choice = fields.String(
        allow_none=True,
        metadata={"description": "What POST does without a choice; null when one is required."},
    )


class RestoreResultSchema(CamelSchema):
    choice = fields.String(validate=validate.OneOf(CHOICES))
    moved = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Rows moved into this browser's owner per kind (merge)."},
    )
    session = fields.Nested(SessionStatusSchema)


class RestoreChoiceProblemSchema(ProblemSchema):
    """The 409 of ``POST /session/restore/``: a choice is needed, and these are possible."""

    choices = fields.List(fields.String(validate=validate.OneOf(CHOICES)))
