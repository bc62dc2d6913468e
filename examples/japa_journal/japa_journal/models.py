"""The plugin's one table. Owned (``OwnedMixin``): claim on sign-up, purge of expired
anonymous sessions and session counts cover it with no code here."""

from __future__ import annotations

from sqlalchemy import Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.extensions import db
from japaguide.identity import OwnedMixin


class JournalEntry(OwnedMixin, db.Model):
    __tablename__ = "japa_journal_entries"
    __owned_kind__ = "journal_entries"  # claim counts: migrated.journal_entries

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    # Set when the entry was written by the roadmap_generated hook. No foreign key: the
    # roadmaps plugin may be disabled, and its table is not this plugin's to depend on.
    roadmap_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
