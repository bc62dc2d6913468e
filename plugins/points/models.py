"""The one table of the points plugin: each scheme's pass mark or latest draw cut-off, which
admins keep current (a new Express Entry round moves the CRS cut-off every few weeks).

The table is the plugin's own (``info={"plugin": "points"}``): its history lives in
``plugins/points/migrations`` with the version table ``alembic_version_points``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.database import ONE_LINE, UTCDateTime, utcnow
from japaguide.extensions import db

BENCHMARK_KINDS = ("pass_mark", "latest_cutoff")


class PointsBenchmark(db.Model):
    __tablename__ = "points_benchmarks"
    __table_args__ = {"info": {"plugin": "points"}}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    date: Mapped[date | None] = mapped_column(Date)
    label: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    source: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    last_verified: Mapped[date] = mapped_column(Date, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
