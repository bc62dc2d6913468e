"""Stored cost estimates: an owner's calculations, also the sample real comparisons draw on."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from japaguide.database import ONE_LINE, JSONDict
from japaguide.extensions import db
from japaguide.identity import OwnedMixin


class CostEstimate(OwnedMixin, db.Model):
    __tablename__ = "cost_estimates"
    __owned_kind__ = "estimates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), nullable=False, index=True)
    visa_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("visa_types.id", ondelete="SET NULL"), index=True
    )
    city: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    duration_months: Mapped[int] = mapped_column(Integer, nullable=False)
    num_dependents: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    total_estimated: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False)
    cash_needed: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False)
    #: Total per month per person: the figure comparisons are made on.
    monthly_per_person: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False, index=True)
    request: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    result: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)

    country = relationship("Country", lazy="joined", innerjoin=True)
