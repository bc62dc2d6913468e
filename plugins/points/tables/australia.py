"""Australia: the points test of the skilled visas — Skilled Independent (189), Skilled
Nominated (190) and Skilled Work Regional (provisional) (491). Pass mark 65.

Rows from Home Affairs' points table (in force since 16 November 2019) and its English pages.
"""

from __future__ import annotations

from plugins.points.scoring import Factor, Profile, Score, changed
from plugins.points.tables.language import AUSTRALIA_MINIMUMS, SKILLS, australian_band
from plugins.points.tables.provenance import TableSource

SOURCE = TableSource(
    title="Home Affairs — Points table for Skilled Independent visa (subclass 189); the same "
    "table serves subclasses 190 and 491",
    url="https://immi.homeaffairs.gov.au/visas/getting-a-visa/visa-listing/"
    "skilled-independent-189/points-table",
    effective_date="2019-11-16",
    last_verified="2026-12-01",
    note="English bands from the tests taken on or after 2025-08-07.",
)
PASS_MARK = 65
SUBCLASSES = ("189", "190", "491")
QUALIFICATIONS = (
    "none",
    "recognised_award",
    "diploma_or_trade",
    "bachelor",
    "masters",
    "doctorate",
)
PARTNER_STATUSES = (
    "single",
    "partner_citizen_or_pr",
    "partner_skilled",
    "partner_competent_english",
    "partner_other",
)
ENGLISH_LEVELS = ("none", "competent", "proficient", "superior")

QUALIFICATION = {
    "none": (0, "no qualification recognised for the points test"),
    "recognised_award": (10, "award or qualification recognised by the assessing authority"),
    "diploma_or_trade": (10, "diploma or trade qualification completed in Australia"),
    "bachelor": (15, "bachelor's degree (Australian or of a recognised standard)"),
    "masters": (15, "master's degree: scored as a bachelor's (15)"),
    "doctorate": (20, "doctorate (Australian or of a recognised standard)"),
}
PARTNER = {
    "single": (10, "no spouse or de facto partner"),
    "partner_citizen_or_pr": (10, "partner is an Australian citizen or permanent resident"),
    "partner_skilled": (10, "partner under 45, competent English and a suitable skills assessment"),
    "partner_competent_english": (5, "partner has competent English"),
    "partner_other": (0, "partner meets none of the partner criteria"),
}
NOMINATION = {"189": 0, "190": 5, "491": 15}


def age_points(age: int) -> int:
    if 25 <= age <= 32:
        return 30
    if 18 <= age <= 24 or 33 <= age <= 39:
        return 25
    if 40 <= age <= 44:
        return 15
    return 0


def overseas_points(years: int) -> int:
    return 15 if years >= 8 else 10 if years >= 5 else 5 if years >= 3 else 0


def australian_points(years: int) -> int:
    return 20 if years >= 8 else 15 if years >= 5 else 10 if years >= 3 else 5 if years >= 1 else 0


def english_level(p: Profile) -> str:
    if p.get("english"):
        return australian_band(p["english"]) or "none"
    return p.get("english_level") or "none"


def score(p: Profile) -> Score:
    notes: list[str] = []
    factors: list[Factor] = []
    age = p["age"]
    factors.append(
        Factor(
            "Age", age_points(age), 30, f"age {age} (18-24: 25, 25-32: 30, 33-39: 25, 40-44: 15)"
        )
    )

    level = english_level(p)
    english_points = {"superior": 20, "proficient": 10}.get(level, 0)
    factors.append(
        Factor(
            "English language",
            english_points,
            20,
            f"{level} English (competent: 0, proficient: 10, superior: 20)",
        )
    )
    if level == "none":
        notes.append("These visas need at least competent English.")

    overseas = int(p.get("overseas_experience_years") or 0)
    local = int(p.get("australian_experience_years") or 0)
    raw = overseas_points(overseas) + australian_points(local)
    rule = (
        f"{overseas} year(s) outside Australia: {overseas_points(overseas)}; "
        f"{local} year(s) in Australia: {australian_points(local)} (in the last 10 years; "
        "together at most 20)"
    )
    factors.append(Factor("Skilled employment", min(raw, 20), 20, rule))

    qualification = p.get("qualification") or "none"
    points, words = QUALIFICATION[qualification]
    factors.append(Factor("Educational qualification", points, 20, words))

    for key, name, value, words in (
        (
            "specialist_education",
            "Specialist education qualification",
            10,
            "Australian master's by research or doctorate in STEM (2+ academic years)",
        ),
        (
            "australian_study",
            "Australian study requirement",
            5,
            "Australian study requirement met (2+ academic years)",
        ),
        (
            "professional_year",
            "Professional Year in Australia",
            5,
            "Professional Year completed in Australia",
        ),
        (
            "community_language",
            "Credentialled community language",
            5,
            "NAATI credentialled community language",
        ),
        ("regional_study", "Study in regional Australia", 5, "studied in regional Australia"),
    ):
        got = value if p.get(key) else 0
        factors.append(Factor(name, got, value, words if got else f"not claimed ({name.lower()})"))

    partner = p.get("partner_status") or "single"
    points, words = PARTNER[partner]
    factors.append(Factor("Partner", points, 10, words))

    subclass = p.get("subclass") or "189"
    nomination = NOMINATION[subclass] if p.get("nominated") else 0
    if subclass == "189":
        rule = "subclass 189 has no nomination points"
    elif nomination:
        rule = f"subclass {subclass}: " + (
            "nominated by a state or territory (5)"
            if subclass == "190"
            else "nominated by a state or territory, or sponsored by an eligible relative "
            "in a regional area (15)"
        )
    else:
        rule = f"subclass {subclass}: not nominated yet"
    factors.append(Factor("Nomination or sponsorship", nomination, NOMINATION[subclass], rule))

    total = sum(f.points for f in factors)
    if total < PASS_MARK:
        notes.append(f"{total} is under the pass mark of {PASS_MARK}.")
    return Score(factors=factors, eligible=not notes, eligibility_notes=notes)


def _english_at(p: Profile, band: str) -> Profile:
    test = (p.get("english") or {}).get("test")
    if test:
        mins = AUSTRALIA_MINIMUMS[test][band]
        current = p["english"]
        return changed(
            p, english={**current, **{s: max(float(current[s]), mins[s]) for s in SKILLS}}
        )
    return changed(p, english_level=band)


def changes(p: Profile) -> list[tuple[str, Profile]]:
    out: list[tuple[str, Profile]] = []
    level = english_level(p)
    test = (p.get("english") or {}).get("test")
    for band in ("proficient", "superior"):
        if ENGLISH_LEVELS.index(band) > ENGLISH_LEVELS.index(level):
            if test:
                mins = AUSTRALIA_MINIMUMS[test][band]
                needs = ", ".join(f"{s} {mins[s]:g}" for s in SKILLS)
                words = f"Reach {band} English ({test.replace('_', ' ')}: {needs})"
            else:
                words = f"Reach {band} English"
            out.append((words, _english_at(p, band)))
    overseas = int(p.get("overseas_experience_years") or 0)
    for step in (3, 5, 8):
        if step > overseas:
            out.append(
                (
                    f"Reach {step} years of skilled work outside Australia",
                    changed(p, overseas_experience_years=step),
                )
            )
            break
    partner = p.get("partner_status") or "single"
    if partner in ("partner_other", "partner_competent_english"):
        out.append(
            (
                "Your partner gets a skills assessment and competent English",
                changed(p, partner_status="partner_skilled"),
            )
        )
    if partner == "partner_other":
        out.append(
            (
                "Your partner shows competent English",
                changed(p, partner_status="partner_competent_english"),
            )
        )
    subclass = p.get("subclass") or "189"
    if not p.get("nominated"):
        out.append(
            (
                "Get a state or territory nomination for subclass 190 (5 points)",
                changed(p, subclass="190", nominated=True),
            )
        )
        out.append(
            (
                "Get a regional nomination or family sponsorship for subclass 491 (15 points)",
                changed(p, subclass="491", nominated=True),
            )
        )
    elif subclass == "190":
        out.append(
            (
                "Apply for subclass 491 with a regional nomination (15 instead of 5)",
                changed(p, subclass="491"),
            )
        )
    if not p.get("community_language"):
        out.append(
            (
                "Get a NAATI credentialled community language (5 points)",
                changed(p, community_language=True),
            )
        )
    if p.get("qualification") in ("bachelor", "masters"):
        out.append(("Complete a doctorate", changed(p, qualification="doctorate")))
    return out
