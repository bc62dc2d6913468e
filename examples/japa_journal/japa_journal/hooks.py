"""Hook implementations: a generated roadmap writes a journal entry; a health check."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def roadmap_generated(roadmap_id: int, owner: Any) -> None:
    """An event (after the roadmap's commit): note it in the owner's journal. If this raised,
    the host would log it under ``japa_journal`` and the roadmap would still be answered."""
    from japa_journal.services import add_entry

    add_entry(owner, f"Generated roadmap #{roadmap_id}.", roadmap_id=roadmap_id)


@hookimpl
def health_checks() -> dict[str, Any] | None:
    """A cheap check: the plugin's table answers (it is missing until `flask db upgrade`)."""
    from sqlalchemy import select

    from japa_journal.models import JournalEntry
    from japaguide.extensions import db

    db.session.execute(select(JournalEntry.id).limit(1))
    return {"japaJournal": {"status": "ok"}}
