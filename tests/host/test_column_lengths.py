"""No writer can hand a bounded column more than it holds.

PostgreSQL refuses a string longer than ``VARCHAR(n)``; SQLite keeps it. So every
``String(n)`` column of every mapped model must be either written through a request or import
schema whose bound fits the column (registered in ``WRITERS``) or filled only by server code
from a bounded set of values (listed with the reason in ``SERVER_WRITTEN``). A new bounded
column, a schema that loses its ``Length``, or a stale entry here fails the test.

Free-form text (titles, names, descriptions, cost bases, notes, URLs) is ``Text``: its limit,
if any, is the product's decision and lives in the schema alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from marshmallow import Schema, validate
from marshmallow import fields as ma_fields
from sqlalchemy import String

from japaguide.column_lengths import ColumnTooLongError, bounded_string_columns
from japaguide.extensions import db
from japaguide.migrations import is_host_table
from japaguide.models import User
from japaguide.schemas import CountryCode
from plugins.accounts.models import UserProfile
from plugins.accounts.schemas import MeUpdateSchema, ProfileSchema, RegisterSchema
from plugins.ai.admin_routes import TemplateInSchema
from plugins.ai.models import Conversation, PromptTemplate
from plugins.ai.prompts import TemplateSchema
from plugins.ai.schemas import ChatContextSchema, ChatRequestSchema
from plugins.calc.models import CostEstimate
from plugins.calc.schemas import EstimateRequestSchema
from plugins.countries.importer import CountryRecordSchema, RatesFileSchema
from plugins.countries.models import Country
from plugins.docs.models import GeneratedDocument
from plugins.docs.schemas import DocumentGenerateSchema
from plugins.maps.importer import PointRecordSchema
from plugins.maps.models import GeoPoint
from plugins.roadmaps.models import Roadmap, RoadmapStepStatus
from plugins.roadmaps.schemas import (
    BlockSchema,
    CompleteSchema,
    GenerateSchema,
    RoadmapUpdateSchema,
)
from plugins.stories.models import Story
from plugins.stories.schemas import StorySubmitSchema, StoryUpdateSchema
from plugins.visas.importer import (
    MoneySchema,
    NigeriaStatusSchema,
    PreDepartureSchema,
    StepSchema,
    VisaTypeSchema,
)
from plugins.visas.models import PreDepartureCost, VisaMoney, VisaStep, VisaType


@dataclass(frozen=True)
class Writer:
    """A schema whose loaded fields are written to ``model``'s columns of the same name
    (``renames`` maps a field to another column)."""

    schema: type[Schema]
    model: type[Any]
    renames: dict[str, str] = field(default_factory=dict)


WRITERS = [
    Writer(RegisterSchema, User),
    Writer(MeUpdateSchema, User),
    Writer(ProfileSchema, UserProfile),
    Writer(TemplateSchema, PromptTemplate),
    Writer(TemplateInSchema, PromptTemplate),
    Writer(ChatRequestSchema, Conversation),
    Writer(ChatContextSchema, Conversation),
    Writer(GenerateSchema, Roadmap),
    Writer(RoadmapUpdateSchema, Roadmap),
    Writer(BlockSchema, RoadmapStepStatus, {"reason": "blocker_reason"}),
    Writer(CompleteSchema, RoadmapStepStatus),
    Writer(EstimateRequestSchema, CostEstimate),
    Writer(CountryRecordSchema, Country),
    Writer(VisaTypeSchema, VisaType),
    Writer(
        NigeriaStatusSchema,
        VisaType,
        {"status": "nigeria_status", "reason": "nigeria_status_reason"},
    ),
    Writer(StepSchema, VisaStep),
    Writer(MoneySchema, VisaMoney, {"step": "step_order"}),
    Writer(PreDepartureSchema, PreDepartureCost),
    Writer(PointRecordSchema, GeoPoint),
    Writer(StorySubmitSchema, Story),
    Writer(StoryUpdateSchema, Story),
    Writer(DocumentGenerateSchema, GeneratedDocument),
]

#: Bounded columns only server code fills, and why their values fit.
SERVER_WRITTEN = {
    "users.password_hash": "werkzeug password hash (about 160 characters)",
    "users.plan_type": "plan constants ('free', …); the admin form bounds it to the column",
    "anonymous_sessions.id": "random owner id from identity (token_urlsafe)",
    "server_sessions.session_id": "Flask-Session sid",
    "job_runs.job_id": "'<job name>:<12 hex>' (checked below)",
    "job_runs.name": "a registered job name (checked below)",
    "job_runs.status": "queued / started / failed / finished",
    "job_runs.mode": "inline / rq",
    "revoked_tokens.jti": "JWT id (uuid4, 36 characters)",
    "revoked_token_families.family_id": "the signed 'fam' claim (uuid4 hex) or a JWT id",
    "revoked_token_families.reason": "logout / reuse",
    "session_links.id": "random nonce (token_urlsafe(16), 22 characters)",
    "session_links.anon_id": "an anonymous_sessions.id (foreign key)",
    "session_links.used_how": "claim / continue / merge / switch / revoked",
    "usage_counters.endpoint": "a Flask endpoint name (checked below)",
    "usage_counters.owner_kind": "user / anonymous / none",
    "ai_requests.provider": "a provider name (openai, offline)",
    "chat_messages.role": "user / assistant",
    "roadmaps.ai_enrichment_status": "not_available / pending / done / fallback / failed",
    "roadmap_steps.location": "copied from a validated visa step or a generic step",
    "timelines.mode": "forward / backward",
    "timelines.origin_country": "alpha-3 code (NGA)",
    "visa_types.content_hash": "sha256 hex digest (64 characters)",
    "pre_departure_costs.group": "one of PRE_DEPARTURE_KEYS",
    "countries.alpha2": "ISO 3166-1 alpha-2 from pycountry",
    "document_templates.slug": "seed slugs match ^[a-z0-9-]{2,80}$; the admin form bounds it",
    "document_templates.template_type": "one of TEMPLATE_TYPES (seed check, admin form bound)",
    "generated_documents.kind": "letter / roadmap_export",
    "generated_documents.status": "pending / ready / failed",
    "exchange_rates.currency": "keys of the rates file, Length(equal=3) (checked below)",
    "stories.slug": "python-slugify cut at SLUG_MAX (100) plus '-N' or '-<6 hex>' (checked below)",
}
#: The owner columns every owned table shares (``OwnedMixin.session_id``).
OWNER_COLUMN = "session_id"


def writer_bound(schema_field: ma_fields.Field) -> int | None:
    """The longest string a field can load, or None when nothing bounds it."""
    if isinstance(schema_field, CountryCode):
        return 3  # always loads the ISO alpha-3 code
    bounds = []
    for validator in schema_field.validators:
        if isinstance(validator, validate.Length):
            if validator.equal is not None:
                bounds.append(validator.equal)
            elif validator.max is not None:
                bounds.append(validator.max)
        elif isinstance(validator, validate.OneOf):
            bounds.append(max(len(str(choice)) for choice in validator.choices))
        elif isinstance(validator, validate.Equal):
            bounds.append(len(str(validator.comparable)))
    return min(bounds) if bounds else None


def bounded_columns() -> dict[str, Any]:
    """``"table.column"`` → column, for every String(n) column of the host history's models
    (an installed third-party plugin's tables are its own suite's business)."""
    found = {}
    for mapper in db.Model.registry.mappers:
        if mapper.local_table is None or not is_host_table(mapper.local_table.name, db):
            continue
        for key, column in bounded_string_columns(mapper):
            found[f"{column.table.name}.{column.name}"] = (key, column)
    return found


def written_columns(writer: Writer) -> list[tuple[str, str, ma_fields.Field, Any]]:
    """(field name, "table.column", field, column) for each column a writer fills."""
    columns = {attr.key: attr.columns[0] for attr in db.inspect(writer.model).column_attrs}
    written = []
    for name, schema_field in writer.schema().fields.items():
        if schema_field.dump_only:
            continue
        target = writer.renames.get(name, schema_field.attribute or name)
        if target in columns:
            column = columns[target]
            written.append((name, f"{column.table.name}.{column.name}", schema_field, column))
    return written


def _limit(column: Any) -> int | None:
    return getattr(column.type, "length", None) if isinstance(column.type, String) else None


def test_every_bounded_column_is_accounted_for(app):
    """Every plugin is loaded (so are its models) by the app fixture."""
    accounted = set(SERVER_WRITTEN)
    for writer in WRITERS:
        accounted |= {
            where
            for _, where, schema_field, column in written_columns(writer)
            if _limit(column) and isinstance(schema_field, ma_fields.String)
        }
    columns = bounded_columns()
    missing = sorted(
        where
        for where, (key, _) in columns.items()
        if where not in accounted and key != OWNER_COLUMN
    )
    assert not missing, (
        f"bounded columns with no registered writer: {missing}. Make free-form text a Text "
        "column, or register the schema that writes it in WRITERS (or the reason its values "
        "fit in SERVER_WRITTEN)."
    )
    stale = sorted(set(SERVER_WRITTEN) - set(columns))
    assert not stale, f"SERVER_WRITTEN names columns that are not bounded strings: {stale}"


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.schema.__name__)
def test_writers_fit_their_columns(writer):
    written = written_columns(writer)
    assert written, f"{writer.schema.__name__} writes no column of {writer.model.__name__}"
    for name, where, schema_field, column in written:
        limit = _limit(column)
        if not limit or not isinstance(schema_field, ma_fields.String):
            continue  # a Text column, or a nested record mapped through its own Writer
        bound = writer_bound(schema_field)
        assert bound is not None, f"{writer.schema.__name__}.{name} → {where}: unbounded"
        assert bound <= limit, f"{writer.schema.__name__}.{name}: {bound} > {where}({limit})"
        default = schema_field.load_default
        if isinstance(default, str):
            assert len(default) <= limit, f"{writer.schema.__name__}.{name}: default too long"


def test_server_written_values_fit(app):
    from japaguide.jobs import job_registry

    columns = bounded_columns()
    with app.app_context():
        endpoints = [rule.endpoint for rule in app.url_map.iter_rules()]
        names = list(job_registry(app))
    assert max(map(len, endpoints)) <= columns["usage_counters.endpoint"][1].type.length
    assert max(map(len, names)) <= columns["job_runs.name"][1].type.length
    assert max(map(len, names)) + len(":") + 12 <= columns["job_runs.job_id"][1].type.length
    from plugins.stories.models import SLUG_COLUMN, SLUG_MAX

    assert SLUG_MAX + len("-story") + len("-") + 6 <= columns["stories.slug"][1].type.length
    assert columns["stories.slug"][1].type.length == SLUG_COLUMN
    rate_keys = RatesFileSchema().fields["rates"].key_field
    assert writer_bound(rate_keys) == columns["exchange_rates.currency"][1].type.length


def _admin_form_fields(form_class: Any, model: Any) -> list[tuple[Any, str, Any]]:
    """(model, field name, unbound field) of an admin form and of its inline forms."""
    from flask_admin.contrib.sqla.fields import InlineModelFormList

    found = []
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        field_class = getattr(unbound, "field_class", None)
        if field_class is None:
            continue
        if issubclass(field_class, InlineModelFormList):
            child_form, _, child_model = unbound.args[:3]
            found += _admin_form_fields(child_form, child_model)
        else:
            found.append((model, name, unbound))
    return found


def test_admin_forms_bound_every_bounded_column(app):
    """Flask-Admin adds ``Length(max=n)`` to String(n) columns; a custom field or a select
    must keep within the column too."""
    from wtforms.validators import Length

    admin = app.extensions["japaguide.admin"]
    checked = 0
    with app.test_request_context():
        for view in admin._views:
            form_class = getattr(view, "_create_form_class", None)
            if form_class is None or not hasattr(view, "model"):
                continue
            for model, name, unbound in _admin_form_fields(form_class, view.model):
                columns = dict(bounded_string_columns(db.inspect(model)))
                if name not in columns:
                    continue
                limit = columns[name].type.length
                validators = unbound.kwargs.get("validators") or []
                lengths = [v.max for v in validators if isinstance(v, Length) and v.max > 0]
                choices = unbound.kwargs.get("choices")
                if choices:
                    lengths.append(max(len(str(value)) for value, _ in choices))
                where = f"{view.__class__.__name__}: {model.__tablename__}.{name}"
                assert lengths, f"{where} has no length bound"
                assert min(lengths) <= limit, f"{where} allows {min(lengths)} > {limit}"
                checked += 1
    assert checked >= 10


def test_an_overlong_value_is_refused_before_sql_on_every_backend(app):
    from japaguide.column_lengths import VIOLATIONS_KEY

    with app.app_context():
        db.session.add(Country(code="CAN", name="Canada", region="x" * 61, currency="CAD"))
        with pytest.raises(ColumnTooLongError, match=r"countries\.region is 61 characters"):
            db.session.flush()
        db.session.rollback()
        assert [str(o.column) for o in app.extensions.pop(VIOLATIONS_KEY)] == ["region"]


def test_a_server_bug_that_overflows_is_a_clean_500_problem(seeded, client, monkeypatch):
    from japaguide.column_lengths import VIOLATIONS_KEY
    from plugins.roadmaps import services

    settle = services._settle_in_step

    def overflowing(country, order):
        step = settle(country, order)
        step.location = "somewhere-much-too-long"
        return step

    monkeypatch.setattr(services, "_settle_in_step", overflowing)
    response = client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    violations = seeded.extensions.pop(VIOLATIONS_KEY)
    assert [f"{v.table}.{v.column}" for v in violations] == ["roadmap_steps.location"]
    assert client.get("/api/v1/roadmaps/").status_code == 200  # the session recovered
