"""Admin views of the countries plugin: countries (cost fields grouped) and exchange rates."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_admin.actions import action
from flask_admin.form import JSONField, rules

from japaguide.admin import CSRF_RULE, SecureModelView
from japaguide.admin_fields import (
    SOURCE_HELP,
    SourceField,
    choice_field,
    list_args,
    list_overrides,
)
from japaguide.database import utcnow
from japaguide.extensions import db
from japaguide.provenance import CONFIDENCE_LEVELS
from japaguide.schemas import lookup_country
from plugins.countries.importer import CountryRecordSchema, RatesFileSchema
from plugins.countries.models import Country, ExchangeRate
from plugins.countries.services import build_search_text, invalidate_country_caches


class CountryView(SecureModelView):
    column_list = (
        "code",
        "name",
        "region",
        "currency",
        "difficulty_score",
        "cost_of_living_index",
        "avg_rent_monthly_usd",
        "last_verified",
        "has_playbook",
    )
    column_searchable_list = ("code", "name", "region")
    column_filters = ("region", "difficulty_score", "has_playbook", "last_verified")
    column_default_sort = "name"
    # The model attribute ``meta`` would clash with WTForms' own ``Form.meta``: edit it through
    # an extra field instead.
    form_excluded_columns = ("search_text", "created_at", "updated_at", "meta")
    form_extra_fields = {
        "playbook_metadata": JSONField("Metadata (languages, cities, hidden costs)"),
        "confidence": choice_field("Confidence", CONFIDENCE_LEVELS),
    }
    form_overrides = list_overrides(lines=("aliases",), sources=("sources",))
    form_args = list_args(lines=("aliases",), sources=("sources",))
    # The importer derives alpha-2 from the code; the editor does not type it.
    form_readonly_columns = ("alpha2",)
    # Saved only if the importer would accept it (rent >= 0, difficulty 1-10, ISO codes, …).
    record_schema = CountryRecordSchema()
    record_attributes = {"metadata": "meta"}
    record_form_fields = {"metadata": "playbook_metadata"}
    form_rules = (
        CSRF_RULE,
        rules.FieldSet(
            (
                "code",
                "alpha2",
                "name",
                "aliases",
                "region",
                "capital",
                "currency",
                "population",
                "summary",
                "difficulty_score",
            ),
            "Country",
        ),
        rules.FieldSet(
            (
                "cost_of_living_index",
                "avg_rent_monthly_usd",
                "avg_meal_cost_usd",
                "healthcare_monthly_usd",
            ),
            "Cost of living (USD)",
        ),
        rules.FieldSet(
            ("playbook_metadata", "sources", "provenance", "last_verified", "confidence"),
            "Metadata and provenance",
        ),
        rules.FieldSet(("flag_image", "hero_image", "has_playbook"), "Images and visibility"),
    )

    def on_form_prefill(self, form: Any, id: Any) -> None:  # noqa: A002 - Flask-Admin's name
        country = db.session.get(Country, id)
        if country is not None:
            form.playbook_metadata.data = dict(country.meta or {})

    def on_model_change(self, form: Any, model: Country, is_created: bool) -> None:
        if isinstance(form.playbook_metadata.data, dict):
            model.meta = form.playbook_metadata.data
        model.code = (model.code or "").upper()

    def on_record_valid(self, model: Country, data: dict[str, Any]) -> None:
        iso = lookup_country(model.code)
        model.alpha2 = iso.alpha_2 if iso is not None else model.alpha2
        model.search_text = build_search_text(
            model.code, model.alpha2 or "", model.name, list(model.aliases or [])
        )

    def after_model_change(self, form: Any, model: Country, is_created: bool) -> None:
        invalidate_country_caches()

    def after_model_delete(self, model: Country) -> None:
        invalidate_country_caches()

    @action("mark_verified", "Mark verified today", "Set last verified to today for these?")
    def action_mark_verified(self, ids: list[str]) -> None:
        countries = db.session.query(Country).filter(Country.id.in_(ids)).all()
        for country in countries:
            country.last_verified = utcnow().date()
        db.session.commit()
        invalidate_country_caches()
        flash(f"{len(countries)} countries marked verified today.")

    @action("hide", "Hide playbooks", "Hide these countries from the public list?")
    def action_hide(self, ids: list[str]) -> None:
        count = (
            db.session.query(Country)
            .filter(Country.id.in_(ids))
            .update({Country.has_playbook: False}, synchronize_session=False)
        )
        db.session.commit()
        invalidate_country_caches()
        flash(f"{count} countries hidden.")


class ExchangeRateView(SecureModelView):
    column_list = ("currency", "per_usd", "as_of", "updated_at")
    column_default_sort = "currency"
    form_excluded_columns = ("updated_at",)
    form_extra_fields = {"source": SourceField("Source", description=SOURCE_HELP)}
    record_schema = RatesFileSchema()  # the rates file's rules, for a file of this one rate

    def model_record(self, model: ExchangeRate) -> dict[str, Any]:
        return {
            "base": "USD",
            "as_of": model.as_of and model.as_of.isoformat(),
            "source": dict(model.source or {}),
            "rates": {(model.currency or "").upper(): model.per_usd},
        }

    def on_model_change(self, form: Any, model: ExchangeRate, is_created: bool) -> None:
        model.currency = (model.currency or "").upper()

    def after_model_change(self, form: Any, model: ExchangeRate, is_created: bool) -> None:
        invalidate_country_caches()


def register(admin: Any) -> None:
    admin.add_view(CountryView(Country, name="Countries", category="Content"))
    admin.add_view(ExchangeRateView(ExchangeRate, name="Exchange rates", category="Content"))
