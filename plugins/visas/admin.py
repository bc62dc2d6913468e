"""Admin views of the visas plugin: visa types with steps and money inline."""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.form import InlineModelConverter  # noqa: F401 - documents the base
from flask_admin.model.form import InlineFormAdmin
from wtforms import SelectField

from japaguide.admin import SecureModelView
from plugins.countries.services import invalidate_country_caches
from plugins.visas.models import PreDepartureCost, VisaMoney, VisaStep, VisaType


class StepInline(InlineFormAdmin):
    form_columns = (
        "id",
        "order",
        "title",
        "description",
        "estimated_time_days",
        "estimated_cost_usd",
        "location",
        "tips",
        "common_pitfalls",
    )


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value.replace("_", " ")) for value in values]


class MoneyInline(InlineFormAdmin):
    """Money items of a route. The words the calculator counts by (kind, applies_to, paid_by,
    confidence) are picked from lists: a typo would otherwise count a fee wrongly."""

    form_columns = (
        "id",
        "key",
        "label",
        "kind",
        "category",
        "amount",
        "currency",
        "amount_usd",
        "applies_to",
        "refundable",
        "effective_date",
        "holding_period_days",
        "step_order",
        "paid_by",
        "household_size",
        "in_cities",
        "outside_cities",
        "source",
        "last_verified",
        "confidence",
        "note",
    )

    def postprocess_form(self, form_class: Any) -> Any:
        from japaguide.provenance import CONFIDENCE_LEVELS
        from plugins.visas.importer import APPLIES_TO
        from plugins.visas.models import MONEY_KINDS
        from plugins.visas.services import PAYERS

        form_class.kind = SelectField("Kind", choices=_choices(MONEY_KINDS))
        form_class.applies_to = SelectField("Applies to", choices=_choices(APPLIES_TO))
        form_class.paid_by = SelectField("Paid by", choices=_choices(PAYERS))
        form_class.confidence = SelectField("Confidence", choices=_choices(CONFIDENCE_LEVELS))
        return form_class


class VisaTypeView(SecureModelView):
    column_list = (
        "country",
        "name",
        "category",
        "nigeria_status",
        "processing_time_min_weeks",
        "processing_time_max_weeks",
        "cost_estimate_min",
        "last_verified",
        "is_active",
    )
    column_searchable_list = ("name", "slug")
    column_filters = ("category", "nigeria_status", "is_active", "last_verified")
    form_excluded_columns = ("content_hash", "created_at", "updated_at")
    inline_models = (StepInline(VisaStep), MoneyInline(VisaMoney))

    def on_model_change(self, form: Any, model: VisaType, is_created: bool) -> None:
        # Steps are reordered by editing their numbers; keep them 1..n in the chosen order.
        for index, step in enumerate(
            sorted(model.steps, key=lambda s: (s.order or 0, s.id or 0)), 1
        ):
            step.order = index
        model.content_hash = ""  # an edited route is no longer the seed file's version

    def after_model_change(self, form: Any, model: VisaType, is_created: bool) -> None:
        invalidate_country_caches()

    def after_model_delete(self, model: VisaType) -> None:
        invalidate_country_caches()


class PreDepartureView(SecureModelView):
    column_list = ("key", "group", "label", "amount", "currency", "amount_usd", "last_verified")


def register(admin: Any) -> None:
    admin.add_view(VisaTypeView(VisaType, name="Visa types", category="Content"))
    admin.add_view(
        PreDepartureView(PreDepartureCost, name="Pre-departure costs", category="Content")
    )
