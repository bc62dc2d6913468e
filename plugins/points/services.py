"""Scoring a profile against a scheme, the schemes' benchmarks, and "make this my plan".

Speaks the domain only: routes hand in the loaded body and the request's owner.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from japaguide.errors import NotFound
from japaguide.extensions import db
from japaguide.identity import Owner, owned_select
from plugins.points.models import PointsBenchmark
from plugins.points.registry import SCHEMES, Benchmark, Scheme, route_slug
from plugins.points.scoring import next_best
from plugins.points.tables.language import AUSTRALIA_ENGLISH, IRCC_CHARTS

LANGUAGE_TABLES = {
    "crs": [IRCC_CHARTS],
    "fsw": [IRCC_CHARTS],
    "australia": [AUSTRALIA_ENGLISH],
    "opportunity-card": [],
    "uk-skilled-worker": [],
}

# accounts' education levels → each scheme's own education field and value.
EDUCATION_FROM_PROFILE = {
    "crs": (
        "education",
        {
            "high_school": "secondary",
            "diploma": "one_year",
            "bachelor": "bachelor",
            "master": "masters",
            "phd": "phd",
        },
    ),
    "fsw": (
        "education",
        {
            "high_school": "secondary",
            "diploma": "one_year",
            "bachelor": "bachelor",
            "master": "masters",
            "phd": "phd",
        },
    ),
    "australia": (
        "qualification",
        {"bachelor": "bachelor", "master": "masters", "phd": "doctorate"},
    ),
    "opportunity-card": (
        "qualification",
        {"bachelor": "university", "master": "university", "phd": "university"},
    ),
}
EXPERIENCE_FROM_PROFILE = {
    "crs": "foreign_experience_years",
    "fsw": "experience_years",
    "australia": "overseas_experience_years",
    "opportunity-card": "experience_years",
}


def get_scheme(scheme_id: str) -> Scheme:
    scheme = SCHEMES.get(scheme_id)
    if scheme is None:
        raise NotFound(f"No points scheme {scheme_id!r}.")
    return scheme


def seed_rows() -> list[dict[str, Any]]:
    """The benchmark rows the plugin's migration seeds (one per scheme)."""
    return [
        {
            "scheme": s.id,
            "kind": s.benchmark.kind,
            "score": s.benchmark.score,
            "date": date.fromisoformat(s.benchmark.date),
            "label": s.benchmark.label,
            "source": s.benchmark.source,
            "last_verified": date.fromisoformat(s.source.last_verified),
        }
        for s in SCHEMES.values()
    ]


def benchmark(scheme: Scheme) -> tuple[str, dict[str, Any]]:
    """``(kind, {score, date, source, label, last_verified})``: the admins' row, else the
    default this release shipped with."""
    row = db.session.scalar(select(PointsBenchmark).where(PointsBenchmark.scheme == scheme.id))
    if row is not None:
        return row.kind, {
            "score": row.score,
            "date": row.date.isoformat() if row.date else None,
            "source": row.source,
            "label": row.label,
            "last_verified": row.last_verified.isoformat(),
        }
    b: Benchmark = scheme.benchmark
    return b.kind, {
        "score": b.score,
        "date": b.date,
        "source": b.source,
        "label": b.label,
        "last_verified": scheme.source.last_verified,
    }


def _benchmark_fields(scheme: Scheme) -> dict[str, Any]:
    kind, value = benchmark(scheme)
    return {"latest_cutoff": value} if kind == "latest_cutoff" else {"pass_mark": value}


def list_schemes() -> dict[str, Any]:
    return {
        "schemes": [
            {
                "id": s.id,
                "name": s.name,
                "country": s.country,
                "routes": list(s.routes),
                **_benchmark_fields(s),
                "source": s.source.url,
                "effective_date": s.source.effective_date,
                "last_verified": s.source.last_verified,
                "language_tables": [t.as_dict() for t in LANGUAGE_TABLES[s.id]],
            }
            for s in SCHEMES.values()
        ]
    }


def saved_profile(owner: Owner) -> dict[str, Any]:
    """What the owner told us before: an account's profile, else the profile of their latest
    roadmap (anonymous sessions keep theirs there). Only ``education_level`` and
    ``years_experience`` bear on points."""
    from flask import current_app

    from japaguide.plugins import get_host
    from plugins.roadmaps.models import Roadmap

    found: dict[str, Any] = {}
    if owner.user_id is not None and get_host(current_app).get("accounts") is not None:
        from plugins.accounts.models import UserProfile

        row = db.session.scalar(select(UserProfile).where(UserProfile.user_id == owner.user_id))
        if row is not None:
            if row.education_level:
                found["education_level"] = row.education_level
            if row.years_experience:
                found["years_experience"] = row.years_experience
    if owner.kind != "none" and len(found) < 2:
        latest = db.session.scalar(
            owned_select(Roadmap, owner)
            .order_by(Roadmap.created_at.desc(), Roadmap.id.desc())
            .limit(1)
        )
        snapshot = (latest.profile_snapshot or {}) if latest is not None else {}
        for key in ("education_level", "years_experience"):
            if key not in found and snapshot.get(key) not in (None, ""):
                found[key] = snapshot[key]
    return found


def fill_from_profile(
    owner: Owner, scheme_id: str, data: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """``data`` with missing education and experience taken from the saved profile."""
    saved = saved_profile(owner)
    filled: list[str] = []
    out = dict(data)
    if scheme_id in EDUCATION_FROM_PROFILE and saved.get("education_level"):
        field, mapping = EDUCATION_FROM_PROFILE[scheme_id]
        value = mapping.get(saved["education_level"])
        if value and out.get(field) is None:
            out[field] = value
            filled.append(field)
    if scheme_id in EXPERIENCE_FROM_PROFILE and saved.get("years_experience") is not None:
        field = EXPERIENCE_FROM_PROFILE[scheme_id]
        if out.get(field) is None:
            limit = 10 if scheme_id == "australia" else 50
            out[field] = min(int(saved["years_experience"]), limit)
            filled.append(field)
    return out, filled


def score_profile(owner: Owner, scheme_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Total, every factor with its rule, the benchmark and the next best single changes."""
    scheme = get_scheme(scheme_id)
    profile, filled = fill_from_profile(owner, scheme_id, data)
    table = scheme.table
    result = table.score(profile)
    kind, mark = benchmark(scheme)
    total = result.total
    return {
        "scheme": scheme.id,
        "total": total,
        "eligible": result.eligible,
        "eligibility_notes": result.eligibility_notes,
        "points_needed": max(0, mark["score"] - total) or None,
        "factors": [f.as_dict() for f in result.factors],
        **({"latest_cutoff": mark} if kind == "latest_cutoff" else {"pass_mark": mark}),
        "next_best": next_best(profile, table.score, table.changes(profile)),
        "filled_from_profile": filled,
        "source": scheme.source.as_dict(),
        "profile": profile,
    }


def make_plan(owner: Owner, scheme_id: str, data: dict[str, Any]) -> Any:
    """Score the profile, then generate a roadmap for the best-fitting route through the
    roadmaps plugin's public service (the owner's roadmap, as any other)."""
    from plugins.countries.services import get_country
    from plugins.roadmaps.services import generate_roadmap
    from plugins.visas.services import find_visa_for_country

    scheme = get_scheme(scheme_id)
    result = score_profile(owner, scheme_id, data)
    profile = result["profile"]
    country = get_country(scheme.roadmap_country)
    slug = route_slug(scheme_id, profile)
    # The seeded route that fits; else the country's first work route; else generic steps.
    visa_ref = None
    for ref in (slug, scheme.goal):
        if ref and find_visa_for_country(country, ref) is not None:
            visa_ref = ref
            break
    migrant_profile: dict[str, Any] = {}
    years = profile.get(EXPERIENCE_FROM_PROFILE.get(scheme_id, ""), None)
    if isinstance(years, int):
        migrant_profile["years_experience"] = min(years, 70)
    return generate_roadmap(
        owner,
        country_code=scheme.roadmap_country,
        goal=scheme.goal,
        visa_type_ref=visa_ref,
        profile=migrant_profile,
        ai_tone="helpful",
    )
