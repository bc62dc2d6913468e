"""Stories (brief: ``stories.models.Story``): owned like roadmaps until an editor approves them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.database import ONE_LINE, JSONList, UTCDateTime
from japaguide.extensions import db
from japaguide.identity import OwnedMixin

#: Longest slug: python-slugify cuts the title's slug here, leaving room for a "-suffix".
SLUG_MAX = 100
SLUG_COLUMN = 120


class Story(OwnedMixin, db.Model):
    __tablename__ = "stories"
    __owned_kind__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    slug: Mapped[str] = mapped_column(String(SLUG_COLUMN), unique=True, nullable=False)
    author_name: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    #: The markdown as written, and its sanitised HTML (rendered once, on save).
    content: Mapped[str] = mapped_column(Text, nullable=False)
    content_html: Mapped[str] = mapped_column(Text, nullable=False)
    country: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    tags: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    cover_image: Mapped[str | None] = mapped_column(Text, info=ONE_LINE)
    approved: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False, index=True)
    featured: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Structured facts that make a story useful to the next person (all optional).
    visa_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("visa_types.id", ondelete="SET NULL"), index=True
    )
    route: Mapped[str | None] = mapped_column(Text, info=ONE_LINE)
    year: Mapped[int | None] = mapped_column(Integer)
    household_size: Mapped[int | None] = mapped_column(Integer)
    total_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    months_taken: Mapped[int | None] = mapped_column(Integer)

    @property
    def status(self) -> str:
        if self.approved:
            return "approved"
        return "rejected" if self.rejection_reason else "pending"

    @classmethod
    def kept_on_purge(cls) -> Any:
        """An approved story is public: it outlives its anonymous author's session."""
        return cls.approved.is_(True)
