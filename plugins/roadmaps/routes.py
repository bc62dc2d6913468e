"""Roadmap endpoints (no auth required). Someone else's roadmap is a 404 for every verb."""

from __future__ import annotations

from typing import Any

from japaguide.api import Blueprint, operation_ref
from japaguide.identity import current_owner, require_owner
from japaguide.schemas import PageQuerySchema
from plugins.roadmaps import services
from plugins.roadmaps.schemas import (
    BlockSchema,
    CompleteSchema,
    GenerateSchema,
    RoadmapPageSchema,
    RoadmapSchema,
    RoadmapUpdateSchema,
)

STEP_URL = "/<int(max=2147483647):roadmap_id>/steps/<int(max=2147483647):step_id>"
ROADMAP_URL = "/<int(max=2147483647):roadmap_id>/"
PREFIX = "/roadmaps"


#: The brief's answer shape ``{roadmap_id, title, status, steps[], ai_enrichment_status,
#: is_anonymous}``, camelCased, with one step (the live answer carries more fields).
BRIEF_ROADMAP = {
    "roadmapId": 12,
    "id": 12,
    "title": "Work in Canada",
    "status": "draft",
    "goal": "work",
    "aiTone": "uncle_japa",
    "steps": [
        {
            "id": 101,
            "order": 1,
            "title": "Check your eligibility for Express Entry",
            "description": "Score yourself on the CRS before paying for any test.",
            "estimatedTimeDays": 7,
            "estimatedCostUsd": 0,
            "tips": ["Use the official CRS tool"],
            "pitfalls": ["Paying an agent for a free check"],
            "commonPitfalls": ["Paying an agent for a free check"],
            "aiEnhanced": False,
        }
    ],
    "aiEnrichmentStatus": "pending",
    "isAnonymous": True,
    "sessionExpiresInDays": 30,
}


def roadmap_links() -> dict[str, Any]:
    """OpenAPI links from a new roadmap to what a client does with it next.

    They tell generated clients (and schemathesis' stateful phase) that the ``id`` and the
    first step's ``id`` of the answer feed the roadmap's own operations.
    """
    roadmap = {"roadmap_id": "$response.body#/id"}
    step = {**roadmap, "step_id": "$response.body#/steps/0/id"}
    links: dict[str, Any] = {
        "GetRoadmap": {
            "operationRef": operation_ref(f"{PREFIX}/{{roadmap_id}}/", "get"),
            "parameters": roadmap,
        },
        "UpdateRoadmap": {
            "operationRef": operation_ref(f"{PREFIX}/{{roadmap_id}}/", "patch"),
            "parameters": roadmap,
        },
    }
    for action in ("complete", "uncomplete", "block", "unblock"):
        links[f"{action.capitalize()}FirstStep"] = {
            "operationRef": operation_ref(
                f"{PREFIX}/{{roadmap_id}}/steps/{{step_id}}/{action}/", "post"
            ),
            "parameters": step,
        }
    return links


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("roadmaps", __name__, description="Migration roadmaps (no auth required)")

    @bp.route("/generate/", methods=["POST"])
    @bp.body(
        GenerateSchema,
        example={
            "country": "CAN",
            "goal": "work",
            "profile": {"educationLevel": "bachelor"},
            "aiTone": "uncle_japa",
        },
    )
    @bp.response(201, RoadmapSchema, example=BRIEF_ROADMAP)
    @bp.doc(responses={201: {"links": roadmap_links()}})
    def generate(data: dict[str, Any]) -> Any:
        """Generate a roadmap now (deterministic); AI enrichment, when available, follows."""
        return services.generate_roadmap(
            require_owner(),
            country_code=data["country"],
            goal=data["goal"],
            visa_type_ref=data.get("visa_type_id"),
            profile=data["profile"],
            ai_tone=data["ai_tone"],
        )

    @bp.route("/", methods=["GET"])
    @bp.arguments(PageQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, RoadmapPageSchema)
    def index(page: int, page_size: int) -> Any:
        """Your roadmaps, newest first."""
        return services.list_roadmaps(current_owner(), page, page_size)

    @bp.route(ROADMAP_URL, methods=["GET"])
    @bp.response(200, RoadmapSchema)
    def detail(roadmap_id: int) -> Any:
        """A roadmap with its steps in order, their status, AI advice and progress."""
        return services.get_roadmap(current_owner(), roadmap_id)

    @bp.route(ROADMAP_URL, methods=["PATCH"])
    @bp.body(RoadmapUpdateSchema, example={"title": "My Canada move", "status": "active"})
    @bp.response(200, RoadmapSchema)
    def update(data: dict[str, Any], roadmap_id: int) -> Any:
        """Rename, or move the status (draft → active → completed/archived)."""
        return services.update_roadmap(current_owner(), roadmap_id, data)

    def step_action(
        action: str, schema: type | None = None, doc: str = "", example: dict | None = None
    ) -> None:
        def view(roadmap_id: int, step_id: int, data: dict[str, Any] | None = None) -> Any:
            data = data or {}
            services.set_step_state(
                current_owner(),
                roadmap_id,
                step_id,
                action,
                reason=data.get("reason", ""),
                notes=data.get("notes"),
            )
            return services.get_roadmap(current_owner(), roadmap_id)

        view.__name__ = f"step_{action}"
        view.__doc__ = doc
        decorated = bp.response(200, RoadmapSchema)(view)
        if schema is not None:
            decorated = bp.body(schema, as_kwargs=False, example=example)(_data_last(decorated))
        bp.route(f"{STEP_URL}/{action}/", methods=["POST"], endpoint=f"step_{action}")(decorated)

    step_action(
        "complete",
        CompleteSchema,
        "Mark a step complete (idempotent; clears a block).",
        {"notes": "Submitted the application online"},
    )
    step_action("uncomplete", None, "Reopen a completed step (idempotent).")
    step_action(
        "block",
        BlockSchema,
        "Mark a step blocked, with the reason (idempotent).",
        {"reason": "Waiting for my transcript from the university"},
    )
    step_action("unblock", None, "Clear a step's block (idempotent).")
    return [(bp, PREFIX)]


def _data_last(view: Any) -> Any:
    """smorest passes the body first; our step views take it as a keyword."""
    import functools

    @functools.wraps(view)
    def wrapper(data: dict[str, Any], **kwargs: Any) -> Any:
        return view(data=data, **kwargs)

    return wrapper
