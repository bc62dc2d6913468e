"""Map points (brief: ``maps.models.GeoPoint``): a place on the map with its provenance."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.database import ONE_LINE, JSONDict, JSONList, UTCDateTime, utcnow
from japaguide.extensions import db

#: What a point is. Capitals and cities come from GeoNames; the rest are offices in Nigeria.
POINT_TYPES = (
    "capital",
    "city",
    "embassy",
    "consulate",
    "visa_centre",
    "tb_clinic",
    "test_centre",
)
#: ``exact``: the coordinates are the place's own (from a source); ``city``: only the address
#: (or the city) is sourced, so the point sits at its city's GeoNames coordinates.
PRECISIONS = ("exact", "city")


class GeoPoint(db.Model):
    __tablename__ = "geo_points"
    __table_args__ = (UniqueConstraint("country", "point_type", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    city_name: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lng: Mapped[float] = mapped_column(Float, nullable=False)
    point_type: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    name: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    address: Mapped[str | None] = mapped_column(Text, info=ONE_LINE)
    #: Destinations (alpha-3) an office in Nigeria serves; empty for places that serve no one
    #: destination (a city, an IELTS centre).
    serves: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    precision: Mapped[str] = mapped_column(String(5), default="exact", nullable=False)
    sources: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    last_verified: Mapped[date | None] = mapped_column(Date)
    meta: Mapped[dict] = mapped_column("metadata", JSONDict, default=dict, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )

    def __repr__(self) -> str:
        return f"<GeoPoint {self.country} {self.point_type} {self.name!r}>"
