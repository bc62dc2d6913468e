"""A dated plan for a roadmap. Milestones are computed from the roadmap's steps on every read,
so completing or blocking a step shows up in the timeline at once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from japaguide.extensions import db
from japaguide.identity import OwnedMixin


class Timeline(OwnedMixin, db.Model):
    __tablename__ = "timelines"
    __owned_kind__ = "timelines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    mode: Mapped[str] = mapped_column(String(10), default="forward", nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    target_date: Mapped[date] = mapped_column(Date, nullable=False)
    origin_country: Mapped[str] = mapped_column(String(3), default="NGA", nullable=False)

    roadmap = relationship("Roadmap", lazy="joined", innerjoin=True)
