"""Admin views of the visas plugin: visa types with steps and money inline, pre-departure costs.

A route is saved only if the importer would accept it (``VisaTypeSchema``), and its USD figures
(money, steps, the route's cost range) are derived on save as the importer derives them: no
USD figure is typed by hand.
"""

from __future__ import annotations

from typing import Any

from wtforms.validators import ValidationError

from japaguide.admin import InlineForm, SecureModelView, make_read_only, record_of
from japaguide.admin_fields import (
    LINES_HELP,
    SOURCE_HELP,
    LinesField,
    SourceField,
    choice_field,
    list_args,
    list_overrides,
)
from japaguide.money import to_usd
from japaguide.provenance import CONFIDENCE_LEVELS
from plugins.countries.services import invalidate_country_caches, rates_table
from plugins.visas.importer import (
    APPLIES_TO,
    CATEGORIES,
    LOCATIONS,
    MoneySchema,
    PreDepartureSchema,
    StepSchema,
    VisaTypeSchema,
    derive_costs,
    pre_departure_group,
)
from plugins.visas.models import (
    MONEY_KINDS,
    NIGERIA_STATUSES,
    PreDepartureCost,
    VisaMoney,
    VisaStep,
    VisaType,
)
from plugins.visas.services import PAYERS


class StepInline(InlineForm):
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

    def postprocess_form(self, form_class: Any) -> Any:
        form_class.location = choice_field("Location", LOCATIONS)
        form_class.tips = LinesField("Tips", description=LINES_HELP)
        form_class.common_pitfalls = LinesField("Common pitfalls", description=LINES_HELP)
        return make_read_only(form_class, ("estimated_cost_usd",))


class MoneyInline(InlineForm):
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
        form_class.kind = choice_field("Kind", MONEY_KINDS)
        form_class.applies_to = choice_field("Applies to", APPLIES_TO)
        form_class.paid_by = choice_field("Paid by", PAYERS)
        form_class.confidence = choice_field("Confidence", CONFIDENCE_LEVELS)
        form_class.source = SourceField("Source", description=SOURCE_HELP)
        return make_read_only(form_class, ("amount_usd",))


#: List columns of a route: strings one a line, sources ``title | url``.
LINES = ("requirements", "pre_departure")
SOURCES = ("sources",)


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
    form_overrides = list_overrides(lines=LINES, sources=SOURCES)
    form_args = list_args(lines=LINES, sources=SOURCES)
    form_extra_fields = {
        "category": choice_field("Category", CATEGORIES),
        "nigeria_status": choice_field("Nigeria status", NIGERIA_STATUSES),
        "nigeria_status_source": SourceField("Nigeria status source", description=SOURCE_HELP),
        "confidence": choice_field("Confidence", CONFIDENCE_LEVELS),
    }
    form_readonly_columns = ("cost_estimate_min", "cost_estimate_max", "rates_as_of")
    inline_models = (StepInline(VisaStep), MoneyInline(VisaMoney))
    record_schema = VisaTypeSchema()

    def on_model_change(self, form: Any, model: VisaType, is_created: bool) -> None:
        # Steps are reordered by editing their numbers; keep them 1..n in the chosen order.
        for index, step in enumerate(
            sorted(model.steps, key=lambda s: (s.order or 0, s.id or 0)), 1
        ):
            step.order = index
        model.content_hash = ""  # an edited route is no longer the seed file's version

    def model_record(self, model: VisaType) -> dict[str, Any]:
        """The route as the seed file states it: status nested, steps and money as lists."""
        record = record_of(model, VisaTypeSchema())
        record["nigeria_status"] = {
            "status": model.nigeria_status,
            "reason": model.nigeria_status_reason or "",
            "as_of": model.nigeria_status_as_of and model.nigeria_status_as_of.isoformat(),
            "source": dict(model.nigeria_status_source or {}),
        }
        record["steps"] = [record_of(step, StepSchema()) for step in model.steps]
        record["money"] = [
            record_of(item, MoneySchema(), {"step": "step_order"}) for item in model.money
        ]
        return record

    def on_record_valid(self, model: VisaType, data: dict[str, Any]) -> None:
        """The importer's USD figures: each money item, each step and the route's range."""
        rates = rates_table()
        per_step, minimum, maximum, missing = derive_costs(data, rates)
        if missing:
            raise ValidationError(f"Not saved. No exchange rate for {sorted(set(missing))}.")
        for item, loaded in zip(model.money, data["money"], strict=True):
            item.currency = loaded["currency"]
            item.amount_usd = loaded["_usd"]
        for step in model.steps:
            step.estimated_cost_usd = per_step.get(step.order)
        model.cost_estimate_min, model.cost_estimate_max = minimum, maximum
        model.rates_as_of = max((rate.as_of for rate in rates.values()), default=None)

    def after_model_change(self, form: Any, model: VisaType, is_created: bool) -> None:
        invalidate_country_caches()

    def after_model_delete(self, model: VisaType) -> None:
        invalidate_country_caches()


class PreDepartureView(SecureModelView):
    column_list = ("key", "group", "label", "amount", "currency", "amount_usd", "last_verified")
    form_extra_fields = {
        "source": SourceField("Source", description=SOURCE_HELP),
        "confidence": choice_field("Confidence", CONFIDENCE_LEVELS),
    }
    form_readonly_columns = ("group", "amount_usd")
    record_schema = PreDepartureSchema()

    def on_model_change(self, form: Any, model: PreDepartureCost, is_created: bool) -> None:
        model.currency = (model.currency or "").upper()

    def on_record_valid(self, model: PreDepartureCost, data: dict[str, Any]) -> None:
        """The importer's derived figures: the group from the key, USD through the rates."""
        model.group = pre_departure_group(model.key) or model.group
        if model.amount is None:
            model.amount_usd = None
            return
        usd = to_usd(model.amount, model.currency, rates_table())
        if usd is None:
            raise ValidationError(f"Not saved. No exchange rate for {model.currency}.")
        model.amount_usd = usd

    def after_model_change(self, form: Any, model: PreDepartureCost, is_created: bool) -> None:
        invalidate_country_caches()


def register(admin: Any) -> None:
    admin.add_view(VisaTypeView(VisaType, name="Visa types", category="Content"))
    admin.add_view(
        PreDepartureView(PreDepartureCost, name="Pre-departure costs", category="Content")
    )
