"""One page of a query, in the shape every list endpoint answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from japaguide.extensions import db


def paginate(query: Select, page: int, page_size: int) -> dict[str, Any]:
    """``{count, page, page_size, pages, results}`` for an ordered ``SELECT`` (two queries)."""
    total = (
        db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
    rows = db.session.scalars(query.limit(page_size).offset((page - 1) * page_size)).all()
    return {
        "count": total,
        "page": page,
        "page_size": page_size,
        "pages": max(1, -(-total // page_size)),
        "results": rows,
    }
