"""The declarative base and the column types every model shares.

Kept apart from `extensions.py` so that models can import it without pulling in the web stack,
and so that PostgreSQL and SQLite store the same values (UTC-aware datetimes, JSON that saves
in-place edits).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic can alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Plain declarative base (MappedAsDataclass breaks with Flask-SQLAlchemy 3.1 + SA 2.1)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: ``mapped_column(Text, info=ONE_LINE)``: free-form text with no length limit that still holds one
#: line (a title, a name, a label), so editors get a single-line input, not a text area.
ONE_LINE = {"one_line": True}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (naive datetimes are not valid OpenAPI)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A datetime stored as UTC and always read back timezone-aware.

    SQLite drops the offset; without this, values read back naive and compare wrongly with
    aware ones.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _json_type() -> Any:
    # A distinct type instance per mutable kind: ``as_mutable`` binds to the instance.
    return JSON().with_variant(JSONB(), "postgresql")


#: A JSON object column whose in-place edits are saved.
JSONDict = MutableDict.as_mutable(_json_type())
#: A JSON array column whose in-place edits are saved.
JSONList = MutableList.as_mutable(_json_type())
