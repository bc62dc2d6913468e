"""Holding no database connection while waiting on something slow outside the database.

A model answer or an SMTP exchange takes seconds; a transaction left open meanwhile keeps its
pooled connection ``idle in transaction``, and enough of those starve every other request
(``/api/v1/health`` included) of connections. The pattern is: read what the slow call needs as
plain values, :func:`release_connection`, make the call, then write the outcome in a new short
transaction.
"""

from __future__ import annotations

from japaguide.extensions import db


def release_connection() -> None:
    """End the current transaction so its connection goes back to the pool before a slow call.

    It commits: whatever the request already added or changed is kept, exactly as if it had
    committed at the end. Loaded objects stay attached but expire (``expire_on_commit``), so
    touching one afterwards reloads it in a new transaction: read plain values beforehand.
    """
    db.session.commit()
