"""Timeline endpoints: create, read as JSON, export as iCalendar."""

from __future__ import annotations

from typing import Any

from flask import Response

from japaguide.api import Blueprint
from japaguide.identity import current_owner
from japaguide.schemas import ProblemSchema
from plugins.timeline import services
from plugins.timeline.schemas import TimelineCreateSchema, TimelineQuerySchema, TimelineSchema

ROADMAP_ID = "<int(max=2147483647):roadmap_id>"
# An int status, as smorest keys its own responses: a "200" string would replace the JSON
# answer's documentation instead of adding the calendar to it.
ICS_DOC = {
    "responses": {
        200: {
            "description": "The timeline (JSON, or text/calendar with ?format=ics)",
            "content": {"text/calendar": {}},
        }
    }
}


def _ics_response(roadmap_id: int) -> Response:
    timeline = services.get_timeline(current_owner(), roadmap_id)
    return Response(
        services.timeline_ics(timeline),
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="japaguide-roadmap-{roadmap_id}.ics"'
        },
    )


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("timeline", __name__, description="Dated timelines for roadmaps")

    @bp.route("/create/", methods=["POST"])
    @bp.body(
        TimelineCreateSchema,
        example={"roadmapId": 1, "startDate": "2027-01-15", "targetDate": "2027-12-01"},
    )
    @bp.response(201, TimelineSchema)
    @bp.alt_response(
        422,
        schema=ProblemSchema,
        content_type="application/problem+json",
        description="Dates that cannot make a plan: targetDate not after startDate, in the past "
        "when planning backwards, or more than the longest window ahead.",
    )
    def create(data: dict[str, Any]) -> Any:
        """Schedule a roadmap between two dates, or backwards from a target date."""
        owner = current_owner()
        timeline = services.create_timeline(
            owner,
            data["roadmap_id"],
            data["start_date"],
            data["target_date"],
            data["origin_country"],
        )
        return services.timeline_view(timeline)

    @bp.route(f"/{ROADMAP_ID}/", methods=["GET"])
    @bp.arguments(TimelineQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, TimelineSchema)
    @bp.doc(**ICS_DOC)
    def detail(roadmap_id: int, format: str) -> Any:  # noqa: A002 - the query parameter's name
        """The timeline, calendar-friendly (``?format=ics`` for an iCalendar file)."""
        if format == "ics":
            return _ics_response(roadmap_id)
        return services.timeline_view(services.get_timeline(current_owner(), roadmap_id))

    @bp.route(f"/{ROADMAP_ID}.ics", methods=["GET"])
    @bp.doc(**ICS_DOC)
    def ics(roadmap_id: int) -> Any:
        """The timeline as an iCalendar file a phone calendar imports."""
        return _ics_response(roadmap_id)

    return [(bp, "/timeline")]
