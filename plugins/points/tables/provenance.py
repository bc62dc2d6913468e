"""Where a table comes from: every grid in this package carries one of these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSource:
    """A published table: its official page, the date it took effect, the date we checked it."""

    title: str
    url: str
    effective_date: str
    last_verified: str
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "title": self.title,
            "url": self.url,
            "effective_date": self.effective_date,
            "last_verified": self.last_verified,
            "note": self.note,
        }
