"""Admin view of map points: editors fix addresses, sources and coordinates."""

from __future__ import annotations

from typing import Any

from flask_admin.form import JSONField
from wtforms import SelectField
from wtforms.validators import NumberRange

from japaguide.admin import SecureModelView
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
    form_overrides = {"point_type": SelectField, "precision": SelectField}
    form_args = {
        "point_type": {"choices": [(t, t) for t in POINT_TYPES]},
        "precision": {"choices": [(p, p) for p in PRECISIONS]},
        "lat": {"validators": [NumberRange(-90, 90)]},
        "lng": {"validators": [NumberRange(-180, 180)]},
    }
    form_extra_fields = {"point_metadata": JSONField("Metadata (operator, note, …)")}

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
