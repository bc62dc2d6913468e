"""Schemas of the auth endpoints."""

from __future__ import annotations

from marshmallow import INCLUDE, fields, post_dump, validate

from japaguide.schemas import (
    BoundedDate,
    CamelSchema,
    CountryCode,
    Money,
    between,
    max_items,
    max_length,
    one_of,
)
from plugins.accounts.models import EDUCATION_LEVELS

PASSWORD_RULE = (
    "A new account. Password rule: 10 to 128 characters, not containing the e-mail's name, "
    "and not common or easy to guess: passwords on common and breached-password lists (e.g. "
    "`password12`), keyboard runs, repeats, dates and names are refused with a 422 whose "
    "`errors.password` gives the reason. A phrase of a few unrelated words passes."
)


class RegisterSchema(CamelSchema):
    class Meta(CamelSchema.Meta):
        description = PASSWORD_RULE  # the OpenAPI document shows the rule to client authors

    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        metadata={
            "minLength": 10,
            "maxLength": 128,
            "description": "10-128 characters; common, breached or easily guessed passwords "
            "are refused (422 naming `password`, with the reason).",
        },
    )
    full_name = fields.String(load_default="", validate=validate.Length(max=200))


class LoginSchema(CamelSchema):
    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class RefreshSchema(CamelSchema):
    refresh_token = fields.String(required=True, validate=validate.Length(max=4096))


class LogoutSchema(CamelSchema):
    refresh_token = fields.String(load_default=None, validate=validate.Length(max=4096))


class ClaimSchema(CamelSchema):
    token = fields.String(
        load_default=None,
        validate=validate.Length(max=4096),
        metadata={
            "description": "Token of an emailed session link (optional "
            "when the session cookie is sent). A link works once, within its lifetime."
        },
    )


class ProfileSchema(CamelSchema):
    education_level = fields.String(validate=validate.OneOf(("", *EDUCATION_LEVELS)))
    field_of_study = fields.String(validate=validate.Length(max=200))
    years_experience = fields.Integer(validate=validate.Range(0, 70))
    current_job_title = fields.String(validate=validate.Length(max=200))
    budget_usd = Money(allow_none=True)
    monthly_savings_usd = Money(allow_none=True)
    target_move_date = BoundedDate(allow_none=True)
    skills = fields.List(
        fields.String(validate=validate.Length(max=100)), validate=validate.Length(max=50)
    )
    languages = fields.List(
        fields.String(validate=validate.Length(max=60)), validate=validate.Length(max=20)
    )
    has_dependents = fields.Boolean()
    num_dependents = fields.Integer(validate=validate.Range(0, 20))
    preferred_climate = fields.String(validate=validate.Length(max=40))


class ProfileOutSchema(ProfileSchema):
    """The profile as shown (its own document component: responses stay open to new fields,
    while the request's ``Profile`` is closed)."""


class MeUpdateSchema(CamelSchema):
    full_name = fields.String(validate=validate.Length(max=200))
    bio = fields.String(validate=validate.Length(max=2000))
    country_of_origin = CountryCode(allow_none=True)
    current_country = CountryCode(allow_none=True)
    profile = fields.Nested(ProfileSchema)


class MeSchema(CamelSchema):
    id = fields.Integer()
    email = fields.String()
    full_name = fields.String()
    bio = fields.String()
    country_of_origin = fields.String()
    current_country = fields.String()
    avatar = fields.String(allow_none=True)
    is_anonymous_converted = fields.Boolean()
    plan_type = fields.String()
    plan_expiry = fields.Date(allow_none=True)
    ai_credits_remaining = fields.Integer()
    created_at = fields.DateTime()
    profile = fields.Nested(ProfileOutSchema)


class ClaimResultSchema(CamelSchema):
    """Counts per owned kind. Kinds of other plugins appear as ``migrated<Kind>`` too, so
    the document allows further ``migrated…`` integers rather than pretending a closed set."""

    class Meta:
        unknown = INCLUDE

    migrated = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Rows moved per owned kind."},
    )
    migrated_roadmaps = fields.Integer()
    migrated_ai_requests = fields.Integer()
    migrated_estimates = fields.Integer()
    migrated_conversations = fields.Integer()
    migrated_timelines = fields.Integer()

    @post_dump(pass_original=True)
    def _every_kind(self, data: dict, original: dict, **kwargs: object) -> dict:
        for key, value in original.items():
            if key.startswith("migrated") and key not in data:
                data[key] = value
        return data


class AuthResultSchema(CamelSchema):
    user = fields.Nested(MeSchema)
    access_token = fields.String()
    refresh_token = fields.String()
    claimed = fields.Nested(ClaimResultSchema)


class TokenSchema(CamelSchema):
    access_token = fields.String()
    refresh_token = fields.String(
        metadata={"description": "Replaces the refresh token just used, which is now spent."}
    )


class MigrantProfileSchema(CamelSchema):
    """What a user tells us about themselves (all optional); shared by every feature."""

    education_level = fields.String(validate=one_of(("", *EDUCATION_LEVELS)))
    field_of_study = fields.String(validate=max_length(200))
    years_experience = fields.Integer(validate=between(0, 70))
    current_job_title = fields.String(validate=max_length(200))
    budget_usd = Money(allow_none=True)
    monthly_savings_usd = Money(allow_none=True)
    target_move_date = BoundedDate(allow_none=True)
    # Bounded so a whole profile always fits in the prompts that carry it (20,000 characters).
    skills = fields.List(fields.String(validate=max_length(100)), validate=max_items(50))
    languages = fields.List(fields.String(validate=max_length(60)), validate=max_items(20))
    has_dependents = fields.Boolean()
    num_dependents = fields.Integer(validate=between(0, 20))
    preferred_climate = fields.String(validate=max_length(40))
    nationality = CountryCode(metadata={"description": "Passport country; defaults to NGA."})
