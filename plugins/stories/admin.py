"""Flask-Admin moderation of stories: approve, feature, reject with a reason (bulk too)."""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_admin.actions import action

from japaguide.admin import SecureModelView
from japaguide.admin_fields import list_args, list_overrides
from japaguide.extensions import db
from plugins.stories.models import Story
from plugins.stories.rendering import render_markdown
from plugins.stories.schemas import StorySubmitSchema
from plugins.stories.services import moderate

#: The reason a bulk rejection records (editors write a specific one on the story's form).
BULK_REJECTION = "Rejected by an editor (see the editorial guidelines)."


class StoryView(SecureModelView):
    column_list = (
        "title",
        "country",
        "author_name",
        "approved",
        "featured",
        "rejection_reason",
        "created_at",
    )
    column_searchable_list = ("title", "slug", "author_name", "country")
    column_filters = ("country", "approved", "featured", "created_at")
    column_default_sort = ("created_at", True)
    form_excluded_columns = (
        "content_html",
        "user_id",
        "session_id",
        "is_anonymous",
        "created_at",
        "updated_at",
        "approved_at",
        "rejected_at",
        "cover_image",
    )

    form_overrides = list_overrides(lines=("tags",))
    form_args = list_args(lines=("tags",))
    # The submission rules of the API (lengths, ISO codes, ranges, at most ten tags).
    record_schema = StorySubmitSchema()

    def on_model_change(self, form: Any, model: Story, is_created: bool) -> None:
        model.content_html = render_markdown(model.content)
        if model.featured and not model.approved:
            raise ValueError("Only an approved story can be featured.")

    def _bulk(self, ids: list[str], data: dict[str, Any], done: str) -> None:
        stories = db.session.query(Story).filter(Story.id.in_(ids)).all()
        changed = 0
        for story in stories:
            if data.get("featured") and not story.approved:
                continue
            moderate(story, data)
            changed += 1
        flash(f"{changed} {done}.")

    @action("approve", "Approve", "Publish these stories?")
    def action_approve(self, ids: list[str]) -> None:
        self._bulk(ids, {"approved": True}, "stories approved")

    @action("feature", "Feature", "Feature these (approved) stories?")
    def action_feature(self, ids: list[str]) -> None:
        self._bulk(ids, {"featured": True}, "stories featured")

    @action("unfeature", "Stop featuring", "Stop featuring these stories?")
    def action_unfeature(self, ids: list[str]) -> None:
        self._bulk(ids, {"featured": False}, "stories no longer featured")

    @action("reject", "Reject", "Reject these stories?")
    def action_reject(self, ids: list[str]) -> None:
        reason = (request.form.get("rejection_reason") or "").strip() or BULK_REJECTION
        self._bulk(ids, {"rejection_reason": reason}, "stories rejected")


def register(admin: Any) -> None:
    admin.add_view(StoryView(Story, name="Stories", category="Content"))
