"""Journal logic: thin routes call these with the owner."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from japa_journal.models import JournalEntry
from japaguide.errors import Conflict
from japaguide.extensions import db
from japaguide.identity import Owner, get_owned_or_404, owned_select


def add_entry(owner: Owner, text: str, roadmap_id: int | None = None) -> JournalEntry:
    """A new entry; an owner's journal is capped (``JAPA_JOURNAL_MAX_ENTRIES``)."""
    held = db.session.scalar(
        select(func.count()).select_from(owned_select(JournalEntry, owner).subquery())
    )
    if held >= current_app.config["JAPA_JOURNAL_MAX_ENTRIES"]:
        raise Conflict("Your journal is full: delete an entry first.")
    entry = JournalEntry(text=text, roadmap_id=roadmap_id)
    entry.assign_owner(owner)
    db.session.add(entry)
    db.session.commit()
    return entry


def list_entries(owner: Owner) -> list[JournalEntry]:
    query = owned_select(JournalEntry, owner).order_by(JournalEntry.id.desc())
    return list(db.session.scalars(query))


def get_entry(owner: Owner, entry_id: int) -> JournalEntry:
    return get_owned_or_404(JournalEntry, entry_id, owner)


def delete_entry(owner: Owner, entry_id: int) -> None:
    db.session.delete(get_entry(owner, entry_id))
    db.session.commit()
