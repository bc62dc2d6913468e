"""The schemes this plugin scores: their names, countries, routes, tables and defaults.

The default benchmark (pass mark, or for the CRS the latest draw's cut-off) is what the
``points_benchmarks`` table is seeded with; admins edit the table, and these stand in only
when a row is missing."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from plugins.points.tables import australia, crs, fsw, germany, uk
from plugins.points.tables.provenance import TableSource


@dataclass(frozen=True)
class Benchmark:
    kind: str  # "pass_mark" or "latest_cutoff"
    score: int
    date: str
    source: str
    label: str


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    country: str
    routes: tuple[str, ...]
    table: ModuleType
    source: TableSource
    benchmark: Benchmark
    roadmap_country: str
    goal: str = "work"


ROUNDS_URL = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/"
    "express-entry/submit-profile/rounds-invitations.html"
)

SCHEMES: dict[str, Scheme] = {
    s.id: s
    for s in (
        Scheme(
            id="crs",
            name="Express Entry Comprehensive Ranking System (CRS)",
            country="CAN",
            routes=(
                "Federal Skilled Worker Program",
                "Canadian Experience Class",
                "Federal Skilled Trades Program",
                "Provincial Nominee Program (Express Entry streams)",
            ),
            table=crs,
            source=crs.SOURCE,
            benchmark=Benchmark(
                kind="latest_cutoff",
                score=508,
                date="2026-02-17",
                source=ROUNDS_URL,
                label="Round #396, Canadian Experience Class: 6,000 invitations, lowest-ranked "
                "candidate 508",
            ),
            roadmap_country="CAN",
        ),
        Scheme(
            id="fsw",
            name="Federal Skilled Worker Program: 67-point selection grid",
            country="CAN",
            routes=("Federal Skilled Worker Program (Express Entry)",),
            table=fsw,
            source=fsw.SOURCE,
            benchmark=Benchmark(
                "pass_mark", fsw.PASS_MARK, fsw.SOURCE.effective_date, fsw.SOURCE.url, "pass mark"
            ),
            roadmap_country="CAN",
        ),
        Scheme(
            id="australia",
            name="Australian points test (subclasses 189, 190, 491)",
            country="AUS",
            routes=(
                "Skilled Independent (subclass 189)",
                "Skilled Nominated (subclass 190)",
                "Skilled Work Regional (Provisional) (subclass 491)",
            ),
            table=australia,
            source=australia.SOURCE,
            benchmark=Benchmark(
                "pass_mark",
                australia.PASS_MARK,
                australia.SOURCE.effective_date,
                australia.SOURCE.url,
                "pass mark (invitations often need more)",
            ),
            roadmap_country="AUS",
        ),
        Scheme(
            id="opportunity-card",
            name="Germany Opportunity Card (Chancenkarte) points",
            country="DEU",
            routes=("Opportunity Card (§ 20a AufenthG)",),
            table=germany,
            source=germany.SOURCE,
            benchmark=Benchmark(
                "pass_mark",
                germany.PASS_MARK,
                germany.SOURCE.effective_date,
                germany.SOURCE.url,
                "points needed",
            ),
            roadmap_country="DEU",
        ),
        Scheme(
            id="uk-skilled-worker",
            name="UK Skilled Worker visa: 70 points",
            country="GBR",
            routes=("Skilled Worker visa", "Health and Care Worker visa"),
            table=uk,
            source=uk.SOURCE,
            benchmark=Benchmark(
                "pass_mark", uk.PASS_MARK, uk.SOURCE.effective_date, uk.SOURCE.url, "points needed"
            ),
            roadmap_country="GBR",
        ),
    )
}


def route_slug(scheme_id: str, profile: dict) -> str | None:
    """The seeded visa route (slug) that best fits a scored profile, or None (generic steps)."""
    if scheme_id in ("crs", "fsw"):
        return "express-entry-federal-skilled-worker"
    if scheme_id == "australia":
        return "skilled-independent-189" if (profile.get("subclass") or "189") == "189" else None
    if scheme_id == "opportunity-card":
        if profile.get("recognition_in_germany") == "full":
            return (
                "skilled-worker-vocational"
                if profile.get("qualification") == "vocational"
                else "eu-blue-card"
            )
        return "opportunity-card"
    if scheme_id == "uk-skilled-worker":
        return (
            "health-and-care-worker"
            if profile.get("health_or_education_pay_scale")
            else "skilled-worker"
        )
    return None
