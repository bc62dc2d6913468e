"""The structured profile of an account (brief §2 UserProfile)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.database import ONE_LINE, JSONList, UTCDateTime, utcnow
from japaguide.extensions import db

EDUCATION_LEVELS = ("high_school", "diploma", "bachelor", "master", "phd", "other")


class UserProfile(db.Model):
    __tablename__ = "user_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    education_level: Mapped[str] = mapped_column(String(20), default="", nullable=False)
    field_of_study: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    years_experience: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    current_job_title: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    budget_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    monthly_savings_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    target_move_date: Mapped[date | None] = mapped_column(Date)
    skills: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    languages: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    has_dependents: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    num_dependents: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    preferred_climate: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
