"""``/api/v1/journal/``: an owner's entries. Someone else's entry is a 404."""

from __future__ import annotations

from typing import Any

from japa_journal import services
from japa_journal.schemas import EntryInSchema, EntrySchema
from japaguide.api import Blueprint
from japaguide.identity import current_owner, require_owner

ENTRY_URL = "/<int(max=2147483647):entry_id>/"


def make_blueprint() -> Blueprint:
    bp = Blueprint("japa_journal", __name__, description="Your private japa journal")

    @bp.route("/", methods=["POST"])
    @bp.body(EntryInSchema, example={"text": "Booked my IELTS for March."})
    @bp.response(201, EntrySchema)
    def create(data: dict[str, Any]) -> Any:
        """Write an entry (anonymous owners get a session, as for every owned row)."""
        return services.add_entry(require_owner(), data["text"])

    @bp.route("/", methods=["GET"])
    @bp.response(200, EntrySchema(many=True))
    def index() -> Any:
        """Your entries, newest first."""
        return services.list_entries(current_owner())

    @bp.route(ENTRY_URL, methods=["GET"])
    @bp.response(200, EntrySchema)
    def detail(entry_id: int) -> Any:
        """One of your entries."""
        return services.get_entry(current_owner(), entry_id)

    @bp.route(ENTRY_URL, methods=["DELETE"])
    @bp.response(204)
    def delete(entry_id: int) -> Any:
        """Delete one of your entries."""
        services.delete_entry(current_owner(), entry_id)
        return None

    return bp
