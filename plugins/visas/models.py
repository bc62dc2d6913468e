"""Visa routes, their ordered steps, and money as the authority states it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from japaguide.database import ONE_LINE, JSONDict, JSONList, UTCDateTime, utcnow
from japaguide.extensions import db

NIGERIA_STATUSES = ("open", "restricted", "suspended", "ineligible")
#: ``threshold``: a bar the applicant must clear (minimum salary, income, points), never money
#: paid or held — the calculator counts it nowhere.
MONEY_KINDS = ("spend", "show", "threshold")


class VisaType(db.Model):
    __tablename__ = "visa_types"
    __table_args__ = (UniqueConstraint("country_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country_id: Mapped[int] = mapped_column(
        ForeignKey("countries.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    slug: Mapped[str] = mapped_column(String(120), nullable=False)
    category: Mapped[str] = mapped_column(String(20), default="work", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    processing_time_min_weeks: Mapped[int | None] = mapped_column(Integer)
    processing_time_max_weeks: Mapped[int | None] = mapped_column(Integer)
    cost_estimate_min: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    cost_estimate_max: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    requirements: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    pre_departure: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    nigeria_status: Mapped[str] = mapped_column(String(12), default="open", nullable=False)
    nigeria_status_reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    nigeria_status_as_of: Mapped[date | None] = mapped_column(Date)
    nigeria_status_source: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    sources: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    last_verified: Mapped[date | None] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(12), default="estimate", nullable=False)
    rates_as_of: Mapped[date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )

    country = relationship("Country", lazy="joined", innerjoin=True)
    steps = relationship(
        "VisaStep",
        order_by="VisaStep.order",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="visa_type",
    )
    money = relationship(
        "VisaMoney",
        order_by="VisaMoney.id",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="visa_type",
    )


class VisaStep(db.Model):
    __tablename__ = "visa_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visa_type_id: Mapped[int] = mapped_column(
        ForeignKey("visa_types.id", ondelete="CASCADE"), nullable=False, index=True
    )
    order: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    estimated_time_days: Mapped[int | None] = mapped_column(Integer)
    estimated_cost_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    location: Mapped[str] = mapped_column(String(20), default="online", nullable=False)
    tips: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    common_pitfalls: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)

    visa_type = relationship("VisaType", back_populates="steps")


class VisaMoney(db.Model):
    """A fee, threshold or proof-of-funds amount in its official currency, with provenance.

    ``kind`` separates money a migrant spends from money they must show (and keep).
    ``paid_by`` keeps fees an employer or sponsor must pay (e.g. the US H-1B petition fees)
    visible without counting them against the migrant's savings. ``household_size`` marks a
    row of an authority's table by family size (Express Entry settlement funds: 1 person,
    2 people, …); ``applies_to = per_additional_member`` is the amount for each member
    beyond the largest size in that table.
    """

    __tablename__ = "visa_money"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visa_type_id: Mapped[int] = mapped_column(
        ForeignKey("visa_types.id", ondelete="CASCADE"), nullable=False, index=True
    )
    key: Mapped[str] = mapped_column(String(80), nullable=False)
    label: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    category: Mapped[str] = mapped_column(String(30), default="other", nullable=False)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    applies_to: Mapped[str] = mapped_column(String(30), default="per_applicant", nullable=False)
    refundable: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    effective_date: Mapped[date | None] = mapped_column(Date)
    holding_period_days: Mapped[int | None] = mapped_column(Integer)
    step_order: Mapped[int | None] = mapped_column(Integer)
    paid_by: Mapped[str] = mapped_column(
        String(10), default="applicant", server_default="applicant", nullable=False
    )
    household_size: Mapped[int | None] = mapped_column(Integer)
    #: City rules (the UK Student route's London and outside-London living costs): the item
    #: applies only in ``in_cities`` when that is set, and never in ``outside_cities``.
    in_cities: Mapped[list] = mapped_column(
        JSONList, default=list, server_default="[]", nullable=False
    )
    outside_cities: Mapped[list] = mapped_column(
        JSONList, default=list, server_default="[]", nullable=False
    )
    source: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    last_verified: Mapped[date | None] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(12), default="estimate", nullable=False)
    note: Mapped[str | None] = mapped_column(Text)

    visa_type = relationship("VisaType", back_populates="money")


class PreDepartureCost(db.Model):
    """A cost paid at home before leaving (passport, language test, medicals, …)."""

    __tablename__ = "pre_departure_costs"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    group: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    label: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    effective_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    last_verified: Mapped[date | None] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(12), default="estimate", nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
