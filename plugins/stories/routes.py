"""Story endpoints: public list and detail, submissions (no auth), the owner's own, moderation."""

from __future__ import annotations

from typing import Any

from flask import request

from japaguide.api import PUBLIC, Blueprint
from japaguide.identity import current_owner, require_admin, require_owner
from japaguide.ratelimit import limit_scope
from japaguide.schemas import PageQuerySchema
from plugins.stories import services
from plugins.stories.schemas import (
    AdminStoryQuerySchema,
    ModerationSchema,
    StoryPageSchema,
    StoryQuerySchema,
    StorySchema,
    StorySubmitSchema,
    StoryUpdateSchema,
)

STORY_ID = "<int(max=2147483647):story_id>"
COVER_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"cover": {"type": "string", "format": "binary"}},
                    "required": ["cover"],
                }
            }
        },
    }
}


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("stories", __name__, description="Japa stories (no auth required)")

    @bp.route("/", methods=["GET"])
    @bp.doc(**PUBLIC)
    @bp.arguments(StoryQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, StoryPageSchema)
    def index(**filters: Any) -> Any:
        """Approved stories, newest first (filters: country, route, tag, featured)."""
        return services.published_stories(filters)

    @bp.route("/", methods=["POST"])
    @limit_scope("stories")
    @bp.body(
        StorySubmitSchema,
        example={
            "title": "How I moved to Toronto on a study permit",
            "authorName": "Ada",
            "content": "I applied for my study permit in January and landed in Toronto in August.",
            "country": "CAN",
            "tags": ["study"],
            "year": 2025,
            "householdSize": 1,
            "totalCost": 18000,
            "currency": "USD",
            "monthsTaken": 7,
        },
    )
    @bp.response(201, StorySchema)
    def submit(data: dict[str, Any]) -> Any:
        """Submit a story (anonymous or signed in): yours to edit while an editor reviews it."""
        return services.story_view(services.submit_story(require_owner(), data))

    @bp.route("/mine/", methods=["GET"])
    @bp.arguments(PageQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, StoryPageSchema)
    def mine(page: int, page_size: int) -> Any:
        """Your stories, pending ones included, newest first."""
        return services.own_stories(current_owner(), page, page_size)

    @bp.route(f"/mine/{STORY_ID}/", methods=["GET"])
    @bp.response(200, StorySchema)
    def own_detail(story_id: int) -> Any:
        """One of your stories, whatever its status."""
        return services.story_view(services.own_story(current_owner(), story_id))

    @bp.route(f"/mine/{STORY_ID}/", methods=["PATCH"])
    @bp.body(
        StoryUpdateSchema, example={"title": "How I moved to Toronto on a study permit (updated)"}
    )
    @bp.response(200, StorySchema)
    def update(data: dict[str, Any], story_id: int) -> Any:
        """Edit your story while it is not yet published (409 once it is)."""
        return services.story_view(services.update_story(current_owner(), story_id, data))

    @bp.route(f"/mine/{STORY_ID}/cover/", methods=["POST"])
    @bp.response(200, StorySchema)
    @bp.doc(**COVER_DOC)
    def cover(story_id: int) -> Any:
        """Upload the cover image (PNG, JPEG or WebP, judged by its bytes)."""
        upload = request.files.get("cover")
        return services.story_view(services.set_cover(current_owner(), story_id, upload))

    @bp.route("/<string(maxlength=120):slug>/", methods=["GET"])
    @bp.doc(**PUBLIC)
    @bp.response(200, StorySchema)
    def detail(slug: str) -> Any:
        """A published story (or your own pending one)."""
        return services.story_view(services.story_by_slug(current_owner(), slug))

    admin = Blueprint("stories_admin", __name__, description="Admin: story moderation")

    @admin.route("/", methods=["GET"])
    @admin.arguments(AdminStoryQuerySchema, location="query", as_kwargs=True)
    @admin.response(200, StoryPageSchema)
    def queue(status: str | None, page: int, page_size: int) -> Any:
        """Every story, pending first (admin only)."""
        require_admin()
        return services.moderation_queue(status, page, page_size)

    @admin.route(f"/{STORY_ID}/", methods=["PATCH"])
    @admin.body(ModerationSchema, example={"approved": True, "featured": False})
    @admin.response(200, StorySchema)
    def moderate(data: dict[str, Any], story_id: int) -> Any:
        """Approve, feature, or reject with a reason (admin only)."""
        require_admin()
        return services.story_view(services.moderate_by_id(story_id, data))

    return [(bp, "/stories"), (admin, "/admin/stories")]
