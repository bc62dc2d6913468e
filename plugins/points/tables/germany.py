"""Germany: the Opportunity Card (Chancenkarte, § 20a AufenthG, from 1 June 2024).

First the basic requirements (a qualification recognised where it was earned, German A1 or
English B2, the means to live on); a qualification fully recognised in Germany is enough on its
own. Otherwise 6 points are needed. Rows from make-it-in-germany.com (the Federal Government's
portal); the age rows follow the law's wording ("not yet 35" / "not yet 40").
"""

from __future__ import annotations

from plugins.points.scoring import Factor, Profile, Score, changed
from plugins.points.tables.language import CEFR_LEVELS
from plugins.points.tables.provenance import TableSource

SOURCE = TableSource(
    title="Make it in Germany — Opportunity Card (Chancenkarte): points system",
    url="https://www.make-it-in-germany.com/en/visa-residence/types/job-search-opportunity-card",
    effective_date="2024-06-01",
    last_verified="2026-12-01",
    note="Goethe-Institut certificates (Start Deutsch 1 = A1 … Goethe-Zertifikat C2) carry the "
    "CEFR level of their name; telc, ÖSD and TestDaF results are entered as their CEFR level.",
)
PASS_MARK = 6
QUALIFICATIONS = ("none", "vocational", "university")
RECOGNITION = ("none", "partial", "full")
LANGUAGE_LEVELS = ("none", *CEFR_LEVELS)


def _at_least(level: str | None, floor: str) -> bool:
    level = level or "none"
    return LANGUAGE_LEVELS.index(level) >= LANGUAGE_LEVELS.index(floor)


def basic_requirements(p: Profile) -> list[str]:
    """What stops the application before points count (empty: the basics are met)."""
    missing = []
    if (p.get("qualification") or "none") == "none" or not p.get(
        "qualification_recognised_abroad", True
    ):
        missing.append(
            "a vocational qualification of at least two years or a university degree, "
            "recognised by the country where it was earned"
        )
    if not (_at_least(p.get("german_level"), "A1") or _at_least(p.get("english_level"), "B2")):
        missing.append("German at A1 or English at B2 (CEFR)")
    if not p.get("financial_means", False):
        missing.append(
            "proof of the means to live on (blocked account or a declaration of commitment)"
        )
    return missing


def score(p: Profile) -> Score:
    factors: list[Factor] = []
    recognition = p.get("recognition_in_germany") or "none"
    partial = 4 if recognition == "partial" else 0
    factors.append(
        Factor(
            "Partial recognition of the qualification",
            partial,
            4,
            "partial recognition in Germany (or authorisation to practise a regulated "
            "profession pending)"
            if partial
            else (
                "full recognition: points not needed"
                if recognition == "full"
                else "no recognition procedure result"
            ),
        )
    )
    shortage = 1 if p.get("shortage_occupation") else 0
    factors.append(
        Factor(
            "Shortage occupation",
            shortage,
            1,
            "qualification in an occupation in short supply"
            if shortage
            else "not a shortage occupation",
        )
    )
    years = int(p.get("experience_years") or 0)
    exp = 3 if years >= 5 else 2 if years >= 2 else 0
    factors.append(
        Factor(
            "Professional experience",
            exp,
            3,
            f"{years} year(s) related to the qualification "
            "(2+ in the last 5 years: 2; 5+ in the last 7 years: 3)",
        )
    )
    german = p.get("german_level") or "none"
    german_points = (
        3 if _at_least(german, "B2") else 2 if german == "B1" else 1 if german == "A2" else 0
    )
    factors.append(
        Factor(
            "German language", german_points, 3, f"German {german} (A2: 1, B1: 2, B2 or higher: 3)"
        )
    )
    english = p.get("english_level") or "none"
    english_points = 1 if _at_least(english, "C1") else 0
    factors.append(
        Factor("English language", english_points, 1, f"English {english} (C1 or higher: 1)")
    )
    age = p["age"]
    age_points = 2 if age < 35 else 1 if age < 40 else 0
    factors.append(
        Factor("Age", age_points, 2, f"age {age} (under 35: 2; 35 to 39: 1; 40 or more: 0)")
    )
    stay = 1 if p.get("prior_stay_in_germany") else 0
    factors.append(
        Factor(
            "Previous stays in Germany",
            stay,
            1,
            "6+ months lawfully in Germany in the last 5 years (not as a tourist)"
            if stay
            else "no qualifying stay in Germany",
        )
    )
    partner = 1 if p.get("partner_eligible") else 0
    factors.append(
        Factor(
            "Partner applying too",
            partner,
            1,
            "partner meets the Opportunity Card requirements and applies together"
            if partner
            else "no partner applying together",
        )
    )

    notes: list[str] = []
    missing = basic_requirements(p)
    for item in missing:
        notes.append(f"Basic requirement not met: {item}.")
    total = sum(f.points for f in factors)
    if recognition == "full":
        # Full recognition qualifies as a skilled worker: only the means to live on remain.
        means = bool(p.get("financial_means", False))
        notes = [n for n in notes if "means to live on" in n]
        notes.append("A qualification fully recognised in Germany qualifies without points.")
        return Score(factors=factors, eligible=means, eligibility_notes=notes)
    if total < PASS_MARK:
        notes.append(f"{total} of the {PASS_MARK} points needed.")
    return Score(
        factors=factors, eligible=not missing and total >= PASS_MARK, eligibility_notes=notes
    )


def changes(p: Profile) -> list[tuple[str, Profile]]:
    out: list[tuple[str, Profile]] = []
    german = p.get("german_level") or "none"
    for level in ("A2", "B1", "B2"):
        if not _at_least(german, level):
            out.append(
                (
                    f"Reach German {level} (e.g. Goethe-Zertifikat {level})",
                    changed(p, german_level=level),
                )
            )
    if not _at_least(p.get("english_level"), "C1"):
        out.append(("Reach English C1", changed(p, english_level="C1")))
    if (p.get("recognition_in_germany") or "none") == "none":
        out.append(
            (
                "Apply for recognition of your qualification and obtain partial recognition",
                changed(p, recognition_in_germany="partial"),
            )
        )
    years = int(p.get("experience_years") or 0)
    if years < 2:
        out.append(("Reach 2 years of related work experience", changed(p, experience_years=2)))
    elif years < 5:
        out.append(("Reach 5 years of related work experience", changed(p, experience_years=5)))
    if not p.get("partner_eligible") and p.get("has_partner"):
        out.append(
            (
                "Your partner applies too (meeting the requirements)",
                changed(p, partner_eligible=True),
            )
        )
    return out
