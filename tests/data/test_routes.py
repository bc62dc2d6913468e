"""The routes Nigerians use are in the seed, and every route's status follows one rule.

The rule (seed_data/FORMAT.md): `nigeria_status` says whether a Nigerian passport holder can
lawfully obtain the route under the measures in force on `as_of`. Scrutiny (profiling, refusal
rates, scarce appointments) stays in the reason of an `open` route; any other status names a
dated measure and cites a source for it.
"""

import json
import re
from datetime import date
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "seed_data"
STATUSES = {"open", "restricted", "suspended", "ineligible"}

#: Issue 18's list of routes Nigerians really use, by country and slug.
EXPECTED_ROUTES = {
    "GBR": ("standard-visitor", "global-talent", "graduate"),
    "CAN": (
        "visitor-visa-trv",
        "post-graduation-work-permit",
        "express-entry-canadian-experience-class",
        "provincial-nominee-program",
        "atlantic-immigration-program",
    ),
    "USA": (
        "b-1-b-2-visitor-visa",
        "eb-2-national-interest-waiver",
        "eb-1a-extraordinary-ability",
        "o-1-extraordinary-ability",
        "j-1-exchange-visitor",
    ),
    "IRL": ("third-level-graduate-stamp-1g",),
    "AUS": (
        "skills-in-demand-482",
        "employer-nomination-scheme-186",
        "skilled-nominated-190",
        "skilled-work-regional-491",
        "temporary-graduate-485",
    ),
    "NZL": ("post-study-work-visa", "green-list-straight-to-residence"),
    "PRT": ("d8-digital-nomad", "qualified-job-seeker-visa"),
    "DEU": ("vocational-training-ausbildung", "recognition-of-qualifications-16d"),
    "ARE": ("golden-visa",),
    "GHA": ("ecowas-free-movement",),
}

#: Schengen states (EU members in Schengen plus Iceland, Liechtenstein, Norway, Switzerland).
SCHENGEN = {
    "AUT", "BEL", "BGR", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL",
    "ITA", "LVA", "LIE", "LTU", "LUX", "MLT", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN",
    "ESP", "SWE", "CHE",
}  # fmt: skip


def visa_files() -> dict[str, dict]:
    return {
        path.stem.split("_")[-1]: json.loads(path.read_text())
        for path in sorted(SEED.glob("visa_types_*.json"))
    }


def routes() -> list[tuple[str, dict]]:
    return [(code, visa) for code, p in visa_files().items() for visa in p["visa_types"]]


@pytest.mark.parametrize("code", sorted(EXPECTED_ROUTES))
def test_the_routes_nigerians_use_are_seeded_with_sources(code):
    seeded = {v["slug"]: v for v in visa_files()[code]["visa_types"]}
    for slug in EXPECTED_ROUTES[code]:
        assert slug in seeded, f"{code}: no route {slug}"
        visa = seeded[slug]
        assert visa["sources"] and all(s["url"].startswith("http") for s in visa["sources"]), slug
        assert visa["steps"] and visa["last_verified"], slug


def test_a_schengen_visitor_route_for_every_schengen_country_in_the_seed():
    codes = {c["code"] for c in json.loads((SEED / "countries.json").read_text())}
    for code in sorted(codes & SCHENGEN):
        visas = visa_files()[code]["visa_types"]
        visit = [v for v in visas if v["slug"] == "schengen-short-stay-visa"]
        assert visit and visit[0]["category"] == "visit", f"{code}: no Schengen short-stay route"
        fee = {m["key"]: m for m in visit[0]["money"]}["visa_fee"]
        assert (fee["amount"], fee["currency"]) == (90, "EUR"), code


def test_every_status_follows_the_one_rule():
    for code, visa in routes():
        where = f"{code}/{visa['slug']}"
        status = visa["nigeria_status"]
        assert status["status"] in STATUSES, where
        assert status["reason"].strip(), f"{where}: status without a reason"
        assert status["source"]["url"].startswith("http"), f"{where}: status without a source"
        if status["status"] != "open":
            # A limit on a Nigerian's access names the measure and when it was made.
            assert re.search(r"\b20\d\d\b", status["reason"]), f"{where}: measure without a date"


def test_status_sources_are_checked_in_2026():
    stale = [
        f"{code}/{visa['slug']}"
        for code, visa in routes()
        if date.fromisoformat(visa["nigeria_status"]["as_of"]).year < 2026
    ]
    assert not stale, f"status not checked against 2026 sources: {stale}"
