"""Request and response schemas of the points endpoints (camelCase on the wire)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from japaguide.schemas import CamelSchema
from plugins.points.tables import australia, crs, germany, uk
from plugins.points.tables.language import (
    AUSTRALIAN_TESTS,
    CANADIAN_TESTS,
    scale_errors,
)

YEARS = validate.Range(0, 50)


def _skill(description: str) -> fields.Float:
    return fields.Float(required=True, allow_nan=False, metadata={"description": description})


class _TestResultSchema(CamelSchema):
    speaking = _skill("Speaking score on the test's own scale.")
    listening = _skill("Listening score on the test's own scale.")
    reading = _skill("Reading score on the test's own scale.")
    writing = _skill("Writing score on the test's own scale.")

    @validates_schema
    def _on_the_scale(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors = scale_errors(data)
        if errors:
            raise ValidationError(errors)


class CanadianLanguageSchema(_TestResultSchema):
    """A result IRCC accepts, or CLB/NCLC levels given directly (``test: CLB``)."""

    test = fields.String(
        required=True,
        validate=validate.OneOf(CANADIAN_TESTS),
        metadata={
            "description": "CLB (levels 0-12 given directly), IELTS_GENERAL (0-9), CELPIP "
            "(1-12), PTE_CORE (10-90), TEF (TEF Canada, 'Équivalence ancien score': reading "
            "0-300, listening 0-360, speaking and writing 0-450), TCF (TCF Canada: reading and "
            "listening 100-699, speaking and writing 0-20)."
        },
    )
    official_language = fields.String(
        validate=validate.OneOf(("english", "french")),
        metadata={
            "description": "For test CLB: English (CLB) or French (NCLC); the others say it."
        },
    )


class AustralianEnglishSchema(_TestResultSchema):
    test = fields.String(required=True, validate=validate.OneOf(AUSTRALIAN_TESTS))


class CrsProfileSchema(CamelSchema):
    age = fields.Integer(required=True, validate=validate.Range(16, 99))
    marital_status = fields.String(
        validate=validate.OneOf(crs.MARITAL_STATUSES), load_default="single"
    )
    spouse_accompanying = fields.Boolean(
        metadata={"description": "Will your spouse or partner come with you? (default true)"}
    )
    spouse_canadian_or_pr = fields.Boolean(
        metadata={"description": "A spouse who is a Canadian citizen or PR: scored as single."}
    )
    education = fields.String(validate=validate.OneOf(crs.EDUCATION_LEVELS))
    language = fields.Nested(CanadianLanguageSchema, required=True)
    second_language = fields.Nested(CanadianLanguageSchema)
    canadian_experience_years = fields.Integer(validate=YEARS)
    foreign_experience_years = fields.Integer(validate=YEARS)
    canadian_education = fields.String(validate=validate.OneOf(crs.CANADIAN_EDUCATION))
    sibling = fields.Boolean()
    provincial_nomination = fields.Boolean()
    certificate_of_qualification = fields.Boolean()
    job_offer = fields.Boolean(
        metadata={"description": "Accepted and shown, but worth 0 since 2025-03-25."}
    )
    spouse_education = fields.String(validate=validate.OneOf(crs.EDUCATION_LEVELS))
    spouse_language = fields.Nested(CanadianLanguageSchema)
    spouse_canadian_experience_years = fields.Integer(validate=YEARS)


class FswProfileSchema(CamelSchema):
    age = fields.Integer(required=True, validate=validate.Range(16, 99))
    marital_status = fields.String(
        validate=validate.OneOf(crs.MARITAL_STATUSES), load_default="single"
    )
    spouse_accompanying = fields.Boolean()
    education = fields.String(validate=validate.OneOf(crs.EDUCATION_LEVELS))
    language = fields.Nested(CanadianLanguageSchema, required=True)
    second_language = fields.Nested(CanadianLanguageSchema)
    experience_years = fields.Integer(
        validate=YEARS, metadata={"description": "Skilled work (TEER 0-3), last 10 years."}
    )
    arranged_employment = fields.Boolean()
    canadian_experience_years = fields.Integer(validate=YEARS)
    canadian_study = fields.Boolean()
    relative_in_canada = fields.Boolean()
    spouse_language = fields.Nested(CanadianLanguageSchema)
    spouse_canadian_study = fields.Boolean()
    spouse_canadian_experience_years = fields.Integer(validate=YEARS)


class AustraliaProfileSchema(CamelSchema):
    age = fields.Integer(
        required=True,
        validate=validate.Range(
            18, 44, error="The points test applies from 18 to 44 (under 45 at invitation)."
        ),
    )
    subclass = fields.String(validate=validate.OneOf(australia.SUBCLASSES), load_default="189")
    english = fields.Nested(AustralianEnglishSchema)
    english_level = fields.String(
        validate=validate.OneOf(australia.ENGLISH_LEVELS),
        metadata={"description": "Used when no test result is given."},
    )
    overseas_experience_years = fields.Integer(validate=validate.Range(0, 10))
    australian_experience_years = fields.Integer(validate=validate.Range(0, 10))
    qualification = fields.String(validate=validate.OneOf(australia.QUALIFICATIONS))
    specialist_education = fields.Boolean()
    australian_study = fields.Boolean()
    professional_year = fields.Boolean()
    community_language = fields.Boolean()
    regional_study = fields.Boolean()
    partner_status = fields.String(validate=validate.OneOf(australia.PARTNER_STATUSES))
    nominated = fields.Boolean(
        metadata={
            "description": "190: state/territory nomination; 491: regional nomination or "
            "family sponsorship."
        }
    )


class OpportunityCardProfileSchema(CamelSchema):
    age = fields.Integer(required=True, validate=validate.Range(18, 99))
    qualification = fields.String(validate=validate.OneOf(germany.QUALIFICATIONS))
    qualification_recognised_abroad = fields.Boolean(
        metadata={"description": "Recognised by the country where it was earned (default true)."}
    )
    recognition_in_germany = fields.String(validate=validate.OneOf(germany.RECOGNITION))
    shortage_occupation = fields.Boolean()
    experience_years = fields.Integer(validate=YEARS)
    german_level = fields.String(
        validate=validate.OneOf(germany.LANGUAGE_LEVELS),
        metadata={"description": "CEFR level (a Goethe-Zertifikat's level is in its name)."},
    )
    english_level = fields.String(validate=validate.OneOf(germany.LANGUAGE_LEVELS))
    prior_stay_in_germany = fields.Boolean()
    has_partner = fields.Boolean()
    partner_eligible = fields.Boolean()
    financial_means = fields.Boolean()


class UkSkilledWorkerProfileSchema(CamelSchema):
    job_offer_from_sponsor = fields.Boolean(required=True)
    job_skill_level_met = fields.Boolean(
        required=True,
        metadata={"description": "Occupation at RQF 6+, or on the ISL / Temporary Shortage List."},
    )
    english_level = fields.String(required=True, validate=validate.OneOf(uk.LANGUAGE_LEVELS))
    salary = fields.Float(required=True, allow_nan=False, validate=validate.Range(0, 10_000_000))
    going_rate = fields.Float(allow_nan=False, validate=validate.Range(0, 10_000_000))
    phd = fields.String(validate=validate.OneOf(uk.PHD), load_default="none")
    immigration_salary_list = fields.Boolean()
    new_entrant = fields.Boolean(
        metadata={
            "description": "Under 26, a recent UK graduate, in training, … "
            "(Appendix Skilled Worker)."
        }
    )
    health_or_education_pay_scale = fields.Boolean()


PROFILE_SCHEMAS = {
    "crs": CrsProfileSchema,
    "fsw": FswProfileSchema,
    "australia": AustraliaProfileSchema,
    "opportunity-card": OpportunityCardProfileSchema,
    "uk-skilled-worker": UkSkilledWorkerProfileSchema,
}


class BenchmarkSchema(CamelSchema):
    score = fields.Integer()
    date = fields.String(allow_none=True)
    source = fields.String()
    label = fields.String()
    last_verified = fields.String()


class FactorSchema(CamelSchema):
    factor = fields.String()
    points = fields.Integer()
    max = fields.Integer()
    rule = fields.String()


class NextBestSchema(CamelSchema):
    change = fields.String()
    points_gained = fields.Integer()
    new_total = fields.Integer()


class TableSourceSchema(CamelSchema):
    title = fields.String()
    url = fields.String()
    effective_date = fields.String()
    last_verified = fields.String()
    note = fields.String()


class PointsResultSchema(CamelSchema):
    scheme = fields.String()
    total = fields.Integer()
    eligible = fields.Boolean()
    eligibility_notes = fields.List(fields.String())
    points_needed = fields.Integer(
        allow_none=True, metadata={"description": "Points short of the pass mark or cut-off."}
    )
    factors = fields.List(fields.Nested(FactorSchema))
    pass_mark = fields.Nested(BenchmarkSchema)
    latest_cutoff = fields.Nested(BenchmarkSchema)
    next_best = fields.List(fields.Nested(NextBestSchema))
    filled_from_profile = fields.List(
        fields.String(), metadata={"description": "Fields taken from your saved profile."}
    )
    source = fields.Nested(TableSourceSchema)


class SchemeSchema(CamelSchema):
    id = fields.String()
    name = fields.String()
    country = fields.String()
    routes = fields.List(fields.String())
    pass_mark = fields.Nested(BenchmarkSchema)
    latest_cutoff = fields.Nested(BenchmarkSchema)
    source = fields.String()
    effective_date = fields.String()
    last_verified = fields.String()
    language_tables = fields.List(fields.Nested(TableSourceSchema))


class SchemeListSchema(CamelSchema):
    schemes = fields.List(fields.Nested(SchemeSchema))


EXAMPLES: dict[str, dict[str, Any]] = {
    "crs": {
        "age": 29,
        "maritalStatus": "married",
        "spouseAccompanying": True,
        "education": "bachelor",
        "language": {
            "test": "IELTS_GENERAL",
            "speaking": 7.0,
            "listening": 8.0,
            "reading": 7.0,
            "writing": 7.0,
        },
        "canadianExperienceYears": 0,
        "foreignExperienceYears": 3,
        "spouseEducation": "bachelor",
        "spouseLanguage": {
            "test": "CELPIP",
            "speaking": 7,
            "listening": 7,
            "reading": 7,
            "writing": 7,
        },
    },
    "fsw": {
        "age": 30,
        "education": "masters",
        "language": {
            "test": "IELTS_GENERAL",
            "speaking": 7.0,
            "listening": 8.0,
            "reading": 7.0,
            "writing": 7.0,
        },
        "experienceYears": 4,
    },
    "australia": {
        "age": 31,
        "subclass": "190",
        "english": {
            "test": "IELTS_GENERAL",
            "speaking": 7.5,
            "listening": 8.0,
            "reading": 7.0,
            "writing": 7.0,
        },
        "overseasExperienceYears": 6,
        "qualification": "bachelor",
        "partnerStatus": "single",
        "nominated": True,
    },
    "opportunity-card": {
        "age": 33,
        "qualification": "university",
        "experienceYears": 3,
        "germanLevel": "A2",
        "englishLevel": "B2",
        "financialMeans": True,
    },
    "uk-skilled-worker": {
        "jobOfferFromSponsor": True,
        "jobSkillLevelMet": True,
        "englishLevel": "B2",
        "salary": 38000,
        "goingRate": 36000,
        "phd": "stem_relevant",
    },
}
