"""Admin view of map points: editors fix addresses, sources and coordinates."""

from __future__ import annotations

from typing import Any

from flask_admin.form import JSONField
from wtforms import SelectField

from japaguide.admin import SecureModelView
from japaguide.admin_fields import choices, list_args, list_overrides
from plugins.maps.importer import PointRecordSchema
from plugins.maps.models import POINT_TYPES, PRECISIONS, GeoPoint
from plugins.maps.services import invalidate_map_caches


class GeoPointView(SecureModelView):
    column_list = (
        "country",
        "point_type",
        "name",
        "city_name",
        "address",
        "serves",
        "precision",
        "last_verified",
    )
    column_searchable_list = ("country", "name", "city_name", "address")
    column_filters = ("country", "point_type", "precision", "last_verified")
    column_default_sort = ("country", False)
    form_excluded_columns = ("created_at", "updated_at", "meta")
    form_args = {
        "point_type": {"choices": choices(POINT_TYPES)},
        "precision": {"choices": choices(PRECISIONS)},
        **list_args(lines=("serves",), sources=("sources",)),
    }
    form_extra_fields = {"point_metadata": JSONField("Metadata (operator, note, …)")}
    form_overrides = {
        "point_type": SelectField,
        "precision": SelectField,
        **list_overrides(lines=("serves",), sources=("sources",)),
    }
    # Saved only if the importer would accept it (ISO codes, both coordinates, sources, …).
    record_schema = PointRecordSchema()
    record_attributes = {"metadata": "meta"}
    record_form_fields = {"metadata": "point_metadata"}

    def on_form_prefill(self, form: Any, id: Any) -> None:  # noqa: A002 - Flask-Admin's name
        from japaguide.extensions import db

        point = db.session.get(GeoPoint, id)
        if point is not None:
            form.point_metadata.data = dict(point.meta or {})

    def on_model_change(self, form: Any, model: GeoPoint, is_created: bool) -> None:
        if isinstance(form.point_metadata.data, dict):
            model.meta = form.point_metadata.data
        model.country = (model.country or "").upper()

    def after_model_change(self, form: Any, model: GeoPoint, is_created: bool) -> None:
        invalidate_map_caches()

    def after_model_delete(self, model: GeoPoint) -> None:
        invalidate_map_caches()


def register(admin: Any) -> None:
    admin.add_view(GeoPointView(GeoPoint, name="Map points", category="Content"))
