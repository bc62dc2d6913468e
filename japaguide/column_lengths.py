"""No string may be longer than its column, on every database.

PostgreSQL refuses a value longer than ``VARCHAR(n)`` with a driver error in the middle of a
flush; SQLite stores it silently. So a generator that writes a 206-character text into a
200-character column passes every test on SQLite and answers 500 in production. This check
runs before each flush and raises :class:`ColumnTooLongError` naming the table, the column and
both lengths, so SQLite behaves like PostgreSQL and the log says what overflowed.

It is a net for bugs, not input validation: request schemas and importers bound what they
accept (and a test holds them to the columns), so a value only reaches this check through a
server-side bug. That is why it is a 500 (logged by the error layer), never a 4xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper, Session

#: Where the test kit (and anyone curious) finds the overflows an app has refused.
VIOLATIONS_KEY = "japaguide.column_length_violations"


@dataclass(frozen=True)
class Overflow:
    """One value longer than its column."""

    table: str
    column: str
    length: int
    limit: int

    def __str__(self) -> str:
        return (
            f"{self.table}.{self.column} is {self.length} characters, the column holds {self.limit}"
        )


class ColumnTooLongError(ValueError):
    """A flush would write a string longer than its column (a server-side bug)."""

    def __init__(self, overflows: list[Overflow]) -> None:
        self.overflows = overflows
        super().__init__("; ".join(str(o) for o in overflows))


@cache
def bounded_string_columns(mapper: Mapper) -> tuple[tuple[str, Any], ...]:
    """(attribute key, column) for every ``String(n)`` column a mapper writes (computed once
    per mapper: the check runs on every flush)."""
    return tuple(
        (attr.key, column)
        for attr in mapper.column_attrs
        for column in attr.columns
        if isinstance(column.type, String) and getattr(column.type, "length", None)
    )


def overflows_of(instance: Any) -> list[Overflow]:
    """The bounded columns of ``instance`` whose loaded or assigned value is too long.

    Reads the instance's state dictionary, never the attributes: an expired attribute would
    otherwise load from the database in the middle of a flush.
    """
    state = inspect(instance)
    found = []
    for key, column in bounded_string_columns(state.mapper):
        value = state.dict.get(key)
        if isinstance(value, str) and len(value) > column.type.length:
            found.append(Overflow(column.table.name, column.name, len(value), column.type.length))
    return found


def check_column_lengths(session: Session, flush_context: Any, instances: Any) -> None:
    """``before_flush`` listener: refuse the flush before any SQL is sent."""
    refuse_overflows((*session.new, *session.dirty))


def refuse_overflows(instances: Any) -> None:
    """Raise :class:`ColumnTooLongError` if any of ``instances`` overflows a column.

    The flush check calls it; so must code that writes model values with a bulk ``INSERT``
    (which no flush sees), before it sends the statement.
    """
    overflows = [o for instance in instances for o in overflows_of(instance)]
    if not overflows:
        return
    if has_app_context():
        current_app.extensions.setdefault(VIOLATIONS_KEY, []).extend(overflows)
    raise ColumnTooLongError(overflows)


def install_column_length_check(session: Any) -> None:
    """Listen on ``session`` (a Session, sessionmaker or scoped_session); safe to repeat."""
    if not event.contains(session, "before_flush", check_column_lengths):
        event.listen(session, "before_flush", check_column_lengths)
