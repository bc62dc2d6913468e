"""Roadmaps: an owner's plan for one country and goal, with normalised ordered steps."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from japaguide.database import ONE_LINE, JSONDict, JSONList, UTCDateTime
from japaguide.extensions import db
from japaguide.identity import OwnedMixin

GOALS = ("study", "work", "business", "family")
STATUSES = ("draft", "active", "completed", "archived")
#: Allowed status changes (brief: draft → active → completed/archived).
TRANSITIONS = {
    "draft": {"active", "archived"},
    "active": {"completed", "archived"},
    "completed": {"archived", "active"},
    "archived": {"active"},
}


class Roadmap(OwnedMixin, db.Model):
    __tablename__ = "roadmaps"
    __owned_kind__ = "roadmaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), nullable=False, index=True)
    visa_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("visa_types.id", ondelete="SET NULL"), index=True
    )
    goal: Mapped[str] = mapped_column(String(20), nullable=False)
    profile_snapshot: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    ai_tone: Mapped[str] = mapped_column(String(20), default="helpful", nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="draft", nullable=False)
    ai_enrichment_status: Mapped[str] = mapped_column(
        String(20), default="not_available", nullable=False
    )
    ai_metadata: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    is_premium: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    export_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    country = relationship("Country", lazy="joined", innerjoin=True)
    visa_type = relationship("VisaType", lazy="joined")
    steps = relationship(
        "RoadmapStep",
        order_by="RoadmapStep.order",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        back_populates="roadmap",
    )


class RoadmapStep(db.Model):
    __tablename__ = "roadmap_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), nullable=False, index=True
    )
    order: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    estimated_time_days: Mapped[int | None] = mapped_column(Integer)
    estimated_cost_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    cost_basis: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    location: Mapped[str] = mapped_column(String(20), default="online", nullable=False)
    funds_holding_days: Mapped[int | None] = mapped_column(Integer)
    processing_max_days: Mapped[int | None] = mapped_column(Integer)
    tips: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    pitfalls: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    ai_enhanced: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    ai_enhancement: Mapped[str] = mapped_column(Text, default="", nullable=False)

    roadmap = relationship("Roadmap", back_populates="steps")
    status = relationship(
        "RoadmapStepStatus",
        uselist=False,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        back_populates="step",
    )


class RoadmapStepStatus(db.Model):
    __tablename__ = "roadmap_step_statuses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("roadmap_steps.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    completed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    blocker_reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    step = relationship("RoadmapStep", back_populates="status")
