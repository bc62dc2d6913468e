"""Canada: the Federal Skilled Worker Program's 67-point selection grid (eligibility to enter
the Express Entry pool as a skilled worker, before any CRS ranking).

Rows from IRCC's "Six selection factors – Federal Skilled Worker Program".
"""

from __future__ import annotations

from plugins.points.scoring import Factor, Profile, Score, changed
from plugins.points.tables.crs import EDUCATION_WORDS, language_change_words, language_target
from plugins.points.tables.language import SKILLS, clb_levels, score_for_clb
from plugins.points.tables.provenance import TableSource

SOURCE = TableSource(
    title="IRCC — Six selection factors – Federal Skilled Worker Program (Express Entry)",
    url="https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/"
    "express-entry/eligibility/federal-skilled-workers/six-selection-factors-federal-skilled-"
    "workers.html",
    effective_date="2015-01-01",
    last_verified="2026-12-01",
    note="The grid is unchanged since Express Entry opened (1 January 2015); the 2025 removal of "
    "job-offer points concerns the CRS, not this grid.",
)
PASS_MARK = 67

EDUCATION = {
    "none": 0,
    "secondary": 5,
    "one_year": 15,
    "two_year": 19,
    "bachelor": 21,
    "two_or_more": 22,
    "masters": 23,
    "professional": 23,
    "phd": 25,
}
FIRST_LANGUAGE = {7: 4, 8: 5, 9: 6}  # per ability; CLB 10+ as 9 (6 points)
AGE = {**{a: 12 for a in range(18, 36)}, **{36 + i: 11 - i for i in range(11)}}  # 36: 11 … 46: 1


def experience_points(years: int) -> int:
    if years >= 6:
        return 15
    if years >= 4:
        return 13
    if years >= 2:
        return 11
    if years >= 1:
        return 9
    return 0


def score(p: Profile) -> Score:
    factors: list[Factor] = []
    notes: list[str] = []
    first = clb_levels(p.get("language")) or {s: 0 for s in SKILLS}
    low = min(first.values())
    for skill in SKILLS:
        level = first[skill]
        points = FIRST_LANGUAGE[min(level, 9)] if level >= 7 else 0
        factors.append(
            Factor(
                f"First official language: {skill}",
                points,
                6,
                f"CLB {level if level < 10 else '10+'} in {skill} (7: 4, 8: 5, 9+: 6)",
            )
        )
    if low < 7:
        notes.append("The Federal Skilled Worker Program needs CLB 7 in all four abilities.")
    second = clb_levels(p.get("second_language"))
    second_points = 4 if second and min(second.values()) >= 5 else 0
    factors.append(
        Factor(
            "Second official language",
            second_points,
            4,
            "CLB 5+ in all four abilities"
            if second_points
            else "no second language at CLB 5+ in all four",
        )
    )
    education = p.get("education") or "none"
    factors.append(Factor("Education", EDUCATION[education], 25, EDUCATION_WORDS[education]))

    years = int(p.get("experience_years") or 0)
    factors.append(
        Factor(
            "Work experience",
            experience_points(years),
            15,
            f"{years} year(s) of skilled work in the last 10 years "
            "(1: 9, 2-3: 11, 4-5: 13, 6+: 15)",
        )
    )
    if years < 1:
        notes.append("The program needs at least one year of continuous skilled work (TEER 0-3).")

    age = p["age"]
    factors.append(
        Factor("Age", AGE.get(age, 0), 12, f"age {age} (18-35: 12, then one less a year, 47+: 0)")
    )
    offer = 10 if p.get("arranged_employment") else 0
    factors.append(
        Factor(
            "Arranged employment in Canada",
            offer,
            10,
            "valid job offer (one year or more)" if offer else "no valid job offer",
        )
    )
    factors.append(_adaptability(p))
    total = sum(f.points for f in factors)
    if total < PASS_MARK:
        notes.append(f"{total} is under the pass mark of {PASS_MARK}.")
    return Score(factors=factors, eligible=not notes, eligibility_notes=notes)


def _adaptability(p: Profile) -> Factor:
    parts: list[tuple[int, str]] = []
    spouse = clb_levels(p.get("spouse_language"))
    if spouse and min(spouse.values()) >= 4:
        parts.append((5, "spouse CLB 4+ in all four: 5"))
    if p.get("canadian_study"):
        parts.append((5, "your 2+ years of study in Canada: 5"))
    if p.get("spouse_canadian_study"):
        parts.append((5, "spouse's study in Canada: 5"))
    if int(p.get("canadian_experience_years") or 0) >= 1:
        parts.append((10, "your year of skilled work in Canada: 10"))
    if int(p.get("spouse_canadian_experience_years") or 0) >= 1:
        parts.append((5, "spouse's year of work in Canada: 5"))
    if p.get("arranged_employment"):
        parts.append((5, "arranged employment: 5"))
    if p.get("relative_in_canada"):
        parts.append((5, "relative in Canada: 5"))
    raw = sum(points for points, _ in parts)
    rule = "; ".join(words for _, words in parts) or "none of the adaptability elements"
    if raw > 10:
        rule += f" (at most 10, from {raw})"
    return Factor("Adaptability", min(raw, 10), 10, rule)


def changes(p: Profile) -> list[tuple[str, Profile]]:
    out: list[tuple[str, Profile]] = []
    first = clb_levels(p.get("language")) or {s: 0 for s in SKILLS}
    low = min(first.values())
    for level in sorted({max(low + 1, 7), 9}):
        if level > low and level <= 9:
            out.append(
                (
                    language_change_words(p.get("language"), level, "Reach"),
                    changed(p, language=language_target(p.get("language"), level)),
                )
            )
    if not p.get("second_language"):
        target = {"test": "TEF", **{s: score_for_clb("TEF", s, 5) for s in SKILLS}}
        out.append(
            (
                "Take a French test and reach NCLC 5 in every ability (TEF)",
                changed(p, second_language=target),
            )
        )
    years = int(p.get("experience_years") or 0)
    for target_years in (1, 2, 4, 6):
        if target_years > years:
            out.append(
                (
                    f"Reach {target_years} year(s) of skilled work experience",
                    changed(p, experience_years=target_years),
                )
            )
            break
    if not p.get("arranged_employment"):
        out.append(
            ("Get a valid job offer from a Canadian employer", changed(p, arranged_employment=True))
        )
    married = p.get("marital_status") in ("married", "common_law")
    if married and p.get("spouse_accompanying", True) and not clb_levels(p.get("spouse_language")):
        target = {
            "test": "IELTS_GENERAL",
            **{s: score_for_clb("IELTS_GENERAL", s, 4) for s in SKILLS},
        }
        out.append(
            (
                "Your spouse takes a test and reaches CLB 4 in every ability",
                changed(p, spouse_language=target),
            )
        )
    education = p.get("education") or "none"
    if education in ("bachelor", "two_or_more"):
        out.append(("Complete a master's degree", changed(p, education="masters")))
    return out
