"""Countries (playbooks with cost of living) and the dated exchange-rate table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Float, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.database import ONE_LINE, JSONDict, JSONList, UTCDateTime, utcnow
from japaguide.extensions import db


class Country(db.Model):
    """A destination. ``has_playbook`` marks the curated ones (costs, visas, hidden costs)."""

    __tablename__ = "countries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(3), unique=True, nullable=False)
    alpha2: Mapped[str] = mapped_column(String(2), default="", nullable=False)
    name: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    aliases: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    region: Mapped[str] = mapped_column(String(60), default="", nullable=False, index=True)
    capital: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    currency: Mapped[str] = mapped_column(String(3), default="", nullable=False)
    population: Mapped[int | None] = mapped_column(Integer)
    flag_image: Mapped[str | None] = mapped_column(Text, info=ONE_LINE)
    hero_image: Mapped[str | None] = mapped_column(Text, info=ONE_LINE)
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    cost_of_living_index: Mapped[float | None] = mapped_column(Float)
    difficulty_score: Mapped[int | None] = mapped_column(Integer)
    avg_rent_monthly_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    avg_meal_cost_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    healthcare_monthly_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    meta: Mapped[dict] = mapped_column("metadata", JSONDict, default=dict, nullable=False)
    sources: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    provenance: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    last_verified: Mapped[date | None] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(12), default="estimate", nullable=False)
    has_playbook: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )

    def __repr__(self) -> str:
        return f"<Country {self.code}>"


class ExchangeRate(db.Model):
    """Units of ``currency`` per 1 USD on ``as_of``: the one table USD figures derive from."""

    __tablename__ = "exchange_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    per_usd: Mapped[Decimal] = mapped_column(Numeric(20, 8), nullable=False)
    as_of: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class ExchangeRateHistory(db.Model):
    """Earlier dated rates of a currency: what a volatility buffer is computed from.

    Every rate imported is kept here by (currency, date), beside the file's own ``history``.
    """

    __tablename__ = "exchange_rate_history"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, primary_key=True)
    per_usd: Mapped[Decimal] = mapped_column(Numeric(20, 8), nullable=False)
    source: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
