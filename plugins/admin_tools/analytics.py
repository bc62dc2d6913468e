"""Analytics for editors (brief §16): owners, conversion, retention, usage, plugin figures.

The host's own figures (sessions, users, API calls) are computed here; each plugin adds its
own through the ``analytics_figures`` hook (roadmaps per country, AI calls and cost per day…).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from japaguide.database import utcnow
from japaguide.extensions import db
from japaguide.models import AnonymousSession, UsageCounter, User
from japaguide.plugins import get_host
from japaguide.usage import flush_usage

DEFAULT_PERIOD_DAYS = 30


def period(start: date | None, end: date | None) -> tuple[datetime, datetime, date, date]:
    end_day = end or utcnow().date()
    start_day = start or end_day - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    tz = utcnow().tzinfo
    return (
        datetime.combine(start_day, time.min, tzinfo=tz),
        datetime.combine(end_day + timedelta(days=1), time.min, tzinfo=tz),
        start_day,
        end_day,
    )


def _rate(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def figures(start: date | None = None, end: date | None = None) -> dict[str, Any]:
    begin, finish, start_day, end_day = period(start, end)
    flush_usage(current_app._get_current_object())  # type: ignore[attr-defined]
    in_period = (AnonymousSession.created_at >= begin, AnonymousSession.created_at < finish)
    sessions = db.session.scalar(select(func.count()).where(*in_period)) or 0
    claimed = (
        db.session.scalar(
            select(func.count()).where(*in_period, AnonymousSession.claimed_at.is_not(None))
        )
        or 0
    )
    returned = _returned_sessions(begin, finish)
    active = (
        db.session.scalar(
            select(func.count()).where(
                AnonymousSession.expires_at > utcnow(),
                AnonymousSession.purged_at.is_(None),
                AnonymousSession.claimed_at.is_(None),
            )
        )
        or 0
    )
    users = (
        db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.created_at >= begin, User.created_at < finish)
        )
        or 0
    )
    usage_rows = db.session.execute(
        select(UsageCounter.owner_kind, func.sum(UsageCounter.count))
        .where(UsageCounter.day >= start_day, UsageCounter.day <= end_day)
        .group_by(UsageCounter.owner_kind)
    ).all()
    endpoints = db.session.execute(
        select(UsageCounter.endpoint, func.sum(UsageCounter.count).label("calls"))
        .where(UsageCounter.day >= start_day, UsageCounter.day <= end_day)
        .group_by(UsageCounter.endpoint)
        .order_by(func.sum(UsageCounter.count).desc())
        .limit(10)
    ).all()
    result: dict[str, Any] = {
        "from": start_day.isoformat(),
        "to": end_day.isoformat(),
        "owners": {"anonymous_sessions": sessions, "registered_users": users},
        "conversion_rate": _rate(claimed, sessions),
        "claimed_sessions": claimed,
        "active_sessions": active,
        "session_retention": _rate(returned or 0, sessions),
        "api_calls": {kind: int(count) for kind, count in usage_rows},
        "top_endpoints": [{"endpoint": e, "calls": int(c)} for e, c in endpoints],
        "popular_countries": {},
    }
    for contribution in get_host(current_app).hook.analytics_figures(start=begin, end=finish):
        for key, value in (contribution or {}).items():
            if key == "popular_countries":
                result["popular_countries"].update(value)
            else:
                result[key] = value
    return result


def _returned_sessions(begin: datetime, finish: datetime) -> int:
    """Sessions seen again a day or more after they started (portable across backends)."""
    rows = db.session.execute(
        select(AnonymousSession.created_at, AnonymousSession.last_seen_at).where(
            AnonymousSession.created_at >= begin, AnonymousSession.created_at < finish
        )
    ).all()
    return sum(1 for created, seen in rows if seen - created >= timedelta(days=1))
