"""Points endpoints: the schemes, scoring a profile, and turning a result into a roadmap.

Scoring writes nothing, so the blueprint mints no anonymous session; "make this my plan"
creates the owner it needs (``require_owner``), as roadmap generation does."""

from __future__ import annotations

from typing import Any

from japaguide.api import Blueprint
from japaguide.identity import current_owner, no_anonymous_session, require_owner
from plugins.points import services
from plugins.points.registry import SCHEMES
from plugins.points.schemas import EXAMPLES, PROFILE_SCHEMAS, PointsResultSchema, SchemeListSchema
from plugins.roadmaps.schemas import RoadmapSchema


def _add_scheme_routes(bp: Blueprint, scheme_id: str) -> None:
    schema = PROFILE_SCHEMAS[scheme_id]
    name = SCHEMES[scheme_id].name
    endpoint = scheme_id.replace("-", "_")

    @bp.body(schema, example=EXAMPLES[scheme_id])
    @bp.response(200, PointsResultSchema)
    def score(data: dict[str, Any]) -> Any:
        return services.score_profile(current_owner(), scheme_id, data)

    score.__doc__ = (
        f"Score a profile: {name}.\n\nThe total, every factor with the rule that gave its "
        "points, the pass mark or latest cut-off, and the single changes that add the most. "
        "Missing education and experience come from your saved profile."
    )
    bp.add_url_rule(
        f"/{scheme_id}/", endpoint=f"score_{endpoint}", view_func=score, methods=["POST"]
    )

    @bp.body(schema, example=EXAMPLES[scheme_id])
    @bp.response(201, RoadmapSchema)
    def plan(data: dict[str, Any]) -> Any:
        return services.make_plan(require_owner(), scheme_id, data)

    plan.__doc__ = (
        f"Make this my plan: {name}.\n\nScores the profile and generates your roadmap for the "
        "best-fitting route (as POST /api/v1/roadmaps/generate/ does)."
    )
    bp.add_url_rule(
        f"/{scheme_id}/plan/", endpoint=f"plan_{endpoint}", view_func=plan, methods=["POST"]
    )


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = no_anonymous_session(
        Blueprint("points", __name__, description="Points calculators (no auth required)")
    )

    @bp.route("/", methods=["GET"])
    @bp.response(200, SchemeListSchema)
    def index() -> Any:
        """The points schemes: country, routes, pass mark or latest cut-off, sources."""
        return services.list_schemes()

    for scheme_id in SCHEMES:
        _add_scheme_routes(bp, scheme_id)
    return [(bp, "/points")]
