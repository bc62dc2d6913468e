"""The server's record of every e-mailed session link.

A signed token alone can be replayed until it expires; the record is what makes a link single
use (``used_at``) and short-lived (``expires_at``) whatever the signature says, and lets one
merge spend every other outstanding link of the same session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.database import UTCDateTime, utcnow
from japaguide.extensions import db

#: What the person opening a link may choose (see ``restore.py``).
RESTORE_CHOICES = ("merge", "switch", "continue")
#: How a link was spent: a restore choice, a claim into an account, or revoked by a merge.
LINK_USES = (*RESTORE_CHOICES, "claim", "revoked")


class SessionLink(db.Model):
    """One e-mailed link: the nonce in its token, the session it opens, and whether it is spent."""

    __tablename__ = "session_links"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    anon_id: Mapped[str] = mapped_column(
        ForeignKey("anonymous_sessions.id", ondelete="CASCADE"), index=True, nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_how: Mapped[str | None] = mapped_column(String(10))
