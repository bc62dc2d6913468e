"""Admin views of the visas plugin: visa types with steps and money inline."""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.form import InlineModelConverter  # noqa: F401 - documents the base
from flask_admin.model.form import InlineFormAdmin

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


class MoneyInline(InlineFormAdmin):
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
        "source",
        "last_verified",
        "confidence",
        "note",
    )


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
