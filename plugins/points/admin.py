"""Admin view of the pass marks and the latest Express Entry cut-off."""

from __future__ import annotations

from typing import Any

from wtforms import SelectField

from japaguide.admin import SecureModelView
from plugins.points.models import BENCHMARK_KINDS, PointsBenchmark
from plugins.points.registry import SCHEMES


class PointsBenchmarkView(SecureModelView):
    column_list = ("scheme", "kind", "score", "date", "label", "source", "last_verified")
    column_default_sort = ("scheme", False)
    form_excluded_columns = ("updated_at",)
    form_overrides = {"scheme": SelectField, "kind": SelectField}
    form_args = {
        "scheme": {"choices": [(s, s) for s in SCHEMES]},
        "kind": {"choices": [(k, k) for k in BENCHMARK_KINDS]},
    }


def register(admin: Any) -> None:
    admin.add_view(
        PointsBenchmarkView(PointsBenchmark, name="Points pass marks", category="Content")
    )
