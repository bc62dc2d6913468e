"""Canada Express Entry: the Comprehensive Ranking System (CRS).

Rows from IRCC's "Comprehensive Ranking System (CRS) criteria – Express Entry" page. Each
pair is (with an accompanying spouse or common-law partner, without). Job-offer points
(50 / 200) were removed from the Ministerial Instructions effective 25 March 2025.
"""

from __future__ import annotations

from typing import Any

from plugins.points.scoring import Factor, Profile, Score, changed
from plugins.points.tables.language import (
    CANADIAN_TESTS,
    SKILLS,
    clb_levels,
    is_french,
    score_for_clb,
)
from plugins.points.tables.provenance import TableSource

SOURCE = TableSource(
    title="IRCC — Comprehensive Ranking System (CRS) criteria – Express Entry",
    url="https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/"
    "express-entry/check-score/crs-criteria.html",
    effective_date="2025-03-25",
    last_verified="2026-12-01",
    note="Arranged-employment points removed from 2025-03-25 (Ministerial Instructions).",
)
JOB_OFFER_REMOVED = "2025-03-25"

EDUCATION_LEVELS = (
    "none",
    "secondary",
    "one_year",
    "two_year",
    "bachelor",
    "two_or_more",
    "masters",
    "professional",
    "phd",
)
EDUCATION_WORDS = {
    "none": "less than secondary school",
    "secondary": "secondary school diploma",
    "one_year": "one-year post-secondary program",
    "two_year": "two-year post-secondary program",
    "bachelor": "bachelor's degree or 3+ year program",
    "two_or_more": "two or more credentials, one of 3+ years",
    "masters": "master's degree",
    "professional": "professional degree needed to practise a licensed profession",
    "phd": "doctoral (PhD) degree",
}
CANADIAN_EDUCATION = ("none", "one_or_two_years", "three_years_or_more")
MARITAL_STATUSES = ("single", "married", "common_law")

# Age → (with spouse, without). 17 or less and 45 or more: 0.
AGE = {
    18: (90, 99),
    19: (95, 105),
    **{a: (100, 110) for a in range(20, 30)},
    30: (95, 105),
    31: (90, 99),
    32: (85, 94),
    33: (80, 88),
    34: (75, 83),
    35: (70, 77),
    36: (65, 72),
    37: (60, 66),
    38: (55, 61),
    39: (50, 55),
    40: (45, 50),
    41: (35, 39),
    42: (25, 28),
    43: (15, 17),
    44: (5, 6),
}
EDUCATION = {
    "none": (0, 0),
    "secondary": (28, 30),
    "one_year": (84, 90),
    "two_year": (91, 98),
    "bachelor": (112, 120),
    "two_or_more": (119, 128),
    "masters": (126, 135),
    "professional": (126, 135),
    "phd": (140, 150),
}
# First official language, per ability: CLB → (with, without).
FIRST_LANGUAGE = {
    4: (6, 6),
    5: (6, 6),
    6: (8, 9),
    7: (16, 17),
    8: (22, 23),
    9: (29, 31),
    10: (32, 34),
}
SECOND_LANGUAGE_CAP = (22, 24)
CANADIAN_EXPERIENCE = {1: (35, 40), 2: (46, 53), 3: (56, 64), 4: (63, 72), 5: (70, 80)}
SPOUSE_EDUCATION = {
    "none": 0,
    "secondary": 2,
    "one_year": 6,
    "two_year": 7,
    "bachelor": 8,
    "two_or_more": 9,
    "masters": 10,
    "professional": 10,
    "phd": 10,
}
SPOUSE_EXPERIENCE = {1: 5, 2: 7, 3: 8, 4: 9, 5: 10}

# Skill transferability: credentials of one year or longer vs. two or more / master's / PhD.
ONE_PLUS = ("one_year", "two_year", "bachelor")
TWO_PLUS = ("two_or_more", "masters", "professional", "phd")


def second_language_points(level: int) -> int:
    """Second official language, per ability (same with or without a spouse)."""
    if level >= 9:
        return 6
    if level >= 7:
        return 3
    if level >= 5:
        return 1
    return 0


def spouse_language_points(level: int) -> int:
    if level >= 9:
        return 5
    if level >= 7:
        return 3
    if level >= 5:
        return 1
    return 0


def with_spouse(p: Profile) -> bool:
    """A married or common-law applicant whose partner comes along (and is not already a
    Canadian citizen or PR) is scored on the "with a spouse" column."""
    return (
        p.get("marital_status") in ("married", "common_law")
        and p.get("spouse_accompanying", True)
        and not p.get("spouse_canadian_or_pr", False)
    )


def _band(years: int, table: dict[int, Any]) -> Any:
    return table[min(years, max(table))] if years >= 1 else None


def score(p: Profile) -> Score:
    spouse = with_spouse(p)
    col = 0 if spouse else 1
    column = "with spouse" if spouse else "without spouse"
    factors: list[Factor] = []

    age = p["age"]
    age_points = AGE.get(age, (0, 0))[col]
    age_row = "17 or less" if age < 18 else ("45 or more" if age >= 45 else str(age))
    factors.append(Factor("Age", age_points, 100 if spouse else 110, f"age {age_row}, {column}"))

    education = p.get("education") or "none"
    factors.append(
        Factor(
            "Level of education",
            EDUCATION[education][col],
            140 if spouse else 150,
            f"{EDUCATION_WORDS[education]}, {column}",
        )
    )

    first = clb_levels(p.get("language")) or {s: 0 for s in SKILLS}
    for skill in SKILLS:
        level = first[skill]
        points = FIRST_LANGUAGE.get(min(level, 10), (0, 0))[col] if level >= 4 else 0
        factors.append(
            Factor(
                f"First official language: {skill}",
                points,
                32 if spouse else 34,
                f"CLB {_clb_word(level)} in {skill}, {column}",
            )
        )

    second = clb_levels(p.get("second_language"))
    if second:
        raw = sum(second_language_points(second[s]) for s in SKILLS)
        cap = SECOND_LANGUAGE_CAP[col]
        levels = ", ".join(f"{s} CLB {_clb_word(second[s])}" for s in SKILLS)
        rule = f"{levels} (5-6: 1, 7-8: 3, 9+: 6 per ability; at most {cap} {column})"
        factors.append(Factor("Second official language", min(raw, cap), cap, rule))

    cdn = int(p.get("canadian_experience_years") or 0)
    cdn_points = (_band(cdn, CANADIAN_EXPERIENCE) or (0, 0))[col]
    factors.append(
        Factor(
            "Canadian work experience",
            cdn_points,
            70 if spouse else 80,
            f"{_years_word(cdn, 5)} in Canada, {column}",
        )
    )

    if spouse:
        factors.extend(_spouse_factors(p))

    factors.extend(_transferability(p, first, education, cdn))
    factors.extend(_additional(p, first, second))
    return Score(factors=factors, eligibility_notes=_eligibility(p, first))


def _spouse_factors(p: Profile) -> list[Factor]:
    education = p.get("spouse_education") or "none"
    out = [
        Factor(
            "Spouse: level of education",
            SPOUSE_EDUCATION[education],
            10,
            f"spouse has {EDUCATION_WORDS[education]}",
        )
    ]
    levels = clb_levels(p.get("spouse_language"))
    if levels:
        points = sum(spouse_language_points(levels[s]) for s in SKILLS)
        detail = ", ".join(f"{s} CLB {_clb_word(levels[s])}" for s in SKILLS)
        rule = f"spouse's {detail} (5-6: 1, 7-8: 3, 9+: 5 per ability)"
    else:
        points, rule = 0, "spouse has no language test result"
    out.append(Factor("Spouse: official language", points, 20, rule))
    years = int(p.get("spouse_canadian_experience_years") or 0)
    out.append(
        Factor(
            "Spouse: Canadian work experience",
            _band(years, SPOUSE_EXPERIENCE) or 0,
            10,
            f"spouse has {_years_word(years, 5)} in Canada",
        )
    )
    return out


def _transferability(p: Profile, first: dict[str, int], education: str, cdn: int) -> list[Factor]:
    low = min(first.values())
    all9, all7 = low >= 9, low >= 7
    lang_word = "CLB 9+ on all four" if all9 else ("CLB 7+ on all four" if all7 else "under CLB 7")
    group = 2 if education in TWO_PLUS else (1 if education in ONE_PLUS else 0)
    group_word = {
        0: "no post-secondary credential",
        1: "a post-secondary credential of one year or more",
        2: "two or more credentials (one 3+ years), a master's, professional degree or PhD",
    }[group]

    # Education: with language, and with Canadian work experience (at most 50).
    edu_lang = 0
    if group and all9:
        edu_lang = 25 if group == 1 else 50
    elif group and all7:
        edu_lang = 13 if group == 1 else 25
    edu_cdn = 0
    if group and cdn >= 2:
        edu_cdn = 25 if group == 1 else 50
    elif group and cdn == 1:
        edu_cdn = 13 if group == 1 else 25
    edu = min(50, edu_lang + edu_cdn)
    edu_rule = (
        f"{group_word}; language {lang_word}: {edu_lang}; "
        f"{_years_word(cdn, 2)} in Canada: {edu_cdn}; together at most 50"
    )

    foreign = int(p.get("foreign_experience_years") or 0)
    fband = 2 if foreign >= 3 else (1 if foreign >= 1 else 0)
    f_lang = 0
    if fband and all9:
        f_lang = 25 if fband == 1 else 50
    elif fband and all7:
        f_lang = 13 if fband == 1 else 25
    f_cdn = 0
    if fband and cdn >= 2:
        f_cdn = 25 if fband == 1 else 50
    elif fband and cdn == 1:
        f_cdn = 13 if fband == 1 else 25
    fexp = min(50, f_lang + f_cdn)
    fword = {0: "no", 1: "1-2 years of", 2: "3 or more years of"}[fband]
    f_rule = (
        f"{fword} foreign work experience; language {lang_word}: {f_lang}; "
        f"{_years_word(cdn, 2)} in Canada: {f_cdn}; together at most 50"
    )

    coq = 0
    if p.get("certificate_of_qualification"):
        coq = 50 if all7 else (25 if low >= 5 else 0)
        coq_rule = f"certificate of qualification with first language {_clb_floor_word(low)}"
    else:
        coq_rule = "no certificate of qualification in a trade"

    total = edu + fexp + coq
    capped = min(100, total)
    cap_note = f" (capped from {total})" if total > 100 else ""
    return [
        Factor("Skill transferability: education", edu, 50, edu_rule),
        Factor("Skill transferability: foreign work experience", fexp, 50, f_rule),
        Factor("Skill transferability: certificate of qualification", coq, 50, coq_rule),
        Factor(
            "Skill transferability: cap",
            capped - total,
            0,
            f"skill transferability is at most 100{cap_note}",
        ),
    ][: 4 if total > 100 else 3]


def _additional(p: Profile, first: dict[str, int], second: dict[str, int] | None) -> list[Factor]:
    out: list[Factor] = []
    pnp = 600 if p.get("provincial_nomination") else 0
    out.append(
        Factor(
            "Provincial or territorial nomination",
            pnp,
            600,
            "nominated by a province or territory" if pnp else "no provincial nomination",
        )
    )
    out.append(
        Factor(
            "Arranged employment (job offer)",
            0,
            0,
            f"no points for a job offer since {JOB_OFFER_REMOVED}"
            + (
                " (you have one: it still helps some programs, not the CRS)"
                if p.get("job_offer")
                else ""
            ),
        )
    )
    study = p.get("canadian_education") or "none"
    study_points = {"none": 0, "one_or_two_years": 15, "three_years_or_more": 30}[study]
    out.append(
        Factor(
            "Post-secondary education in Canada",
            study_points,
            30,
            {
                "none": "no Canadian post-secondary credential",
                "one_or_two_years": "Canadian credential of one or two years",
                "three_years_or_more": "Canadian credential of three years or more",
            }[study],
        )
    )
    sibling = 15 if p.get("sibling") else 0
    out.append(
        Factor(
            "Brother or sister in Canada",
            sibling,
            15,
            "sibling who is a citizen or PR living in Canada"
            if sibling
            else "no sibling in Canada",
        )
    )
    out.append(_french_factor(p, first, second))
    return out


def _french_factor(p: Profile, first: dict[str, int], second: dict[str, int] | None) -> Factor:
    """25 for NCLC 7+ in French with English at CLB 4 or less (or none); 50 with English CLB 5+
    on all four."""
    french = english = None
    if is_french(p.get("language")):
        french, english = first, second
    elif second and is_french(p.get("second_language")):
        french, english = second, first
    if not french or min(french.values()) < 7:
        return Factor("French-language skills", 0, 50, "no NCLC 7+ on all four French abilities")
    if english and min(english.values()) >= 5:
        return Factor(
            "French-language skills", 50, 50, "NCLC 7+ in French and CLB 5+ on all four in English"
        )
    return Factor(
        "French-language skills", 25, 50, "NCLC 7+ in French, English CLB 4 or less (or none)"
    )


def _eligibility(p: Profile, first: dict[str, int]) -> list[str]:
    notes = []
    if min(first.values()) < 7 and not p.get("canadian_experience_years"):
        notes.append(
            "Federal Skilled Worker needs CLB 7 in every ability; under it, the Express Entry "
            "pool is open to you only through the Canadian Experience Class or Skilled Trades."
        )
    return notes


def _clb_word(level: int) -> str:
    return "10+" if level >= 10 else ("under 4" if level < 4 else str(level))


def _clb_floor_word(level: int) -> str:
    if level >= 7:
        return "CLB 7+ on all four (50)"
    if level >= 5:
        return "CLB 5+ on all four, one under 7 (25)"
    return "under CLB 5 (0)"


def _years_word(years: int, top: int) -> str:
    if years < 1:
        return "less than one year of work"
    if years >= top:
        return f"{top} or more years of work"
    return f"{years} year{'s' if years > 1 else ''} of work"


# ------------------------------------------------------------------ next best changes


def language_target(result: dict[str, Any] | None, level: int) -> dict[str, Any]:
    """The same test with every ability raised to at least ``level``."""
    test = result["test"] if result else "IELTS_GENERAL"
    levels = clb_levels(result) or {s: 0 for s in SKILLS}
    out = dict(result or {"test": test})
    for skill in SKILLS:
        if levels[skill] < level:
            out[skill] = score_for_clb(test, skill, level)
    return out


def language_change_words(result: dict[str, Any] | None, level: int, who: str) -> str:
    test = result["test"] if result else "IELTS_GENERAL"
    target = language_target(result, level)
    needs = ", ".join(
        f"{s} {target[s]:g}" for s in SKILLS if not result or target[s] != result.get(s)
    )
    name = test.replace("_", " ").title().replace("Ielts", "IELTS").replace("Pte", "PTE")
    name = name.replace("Celpip", "CELPIP").replace("Tef", "TEF").replace("Tcf", "TCF")
    return f"{who} CLB {level} in every ability ({name}: {needs})"


def changes(p: Profile) -> list[tuple[str, Profile]]:
    out: list[tuple[str, Profile]] = []
    first = clb_levels(p.get("language")) or {s: 0 for s in SKILLS}
    low = min(first.values())
    for level in sorted({min(max(low + 1, 4), 10), 7, 9, 10}):
        if level > low:
            out.append(
                (
                    language_change_words(p.get("language"), level, "Reach"),
                    changed(p, language=language_target(p.get("language"), level)),
                )
            )
    if with_spouse(p):
        spouse_levels = clb_levels(p.get("spouse_language"))
        spouse_low = min(spouse_levels.values()) if spouse_levels else 0
        for level in (5, 7, 9):
            if level > spouse_low:
                words = language_change_words(
                    p.get("spouse_language"), level, "Your spouse takes a test:"
                )
                out.append(
                    (
                        words,
                        changed(
                            p, spouse_language=language_target(p.get("spouse_language"), level)
                        ),
                    )
                )
    if not p.get("second_language"):
        test = "TEF" if not is_french(p.get("language")) else "IELTS_GENERAL"
        target = {"test": test, **{s: score_for_clb(test, s, 7) for s in SKILLS}}
        other = "French" if test == "TEF" else "English"
        out.append(
            (
                f"Take a {other} test and reach NCLC/CLB 7 in every ability ({test})",
                changed(p, second_language=target),
            )
        )
    cdn = int(p.get("canadian_experience_years") or 0)
    if cdn < 5:
        out.append(
            (
                "One more year of skilled work in Canada",
                changed(p, canadian_experience_years=cdn + 1),
            )
        )
    foreign = int(p.get("foreign_experience_years") or 0)
    if foreign < 3:
        out.append(
            (
                "One more year of skilled work experience abroad",
                changed(p, foreign_experience_years=foreign + 1),
            )
        )
    education = p.get("education") or "none"
    if education in ("bachelor", "two_year", "one_year"):
        out.append(
            (
                "Complete a second post-secondary credential (two or more, one of 3+ years)",
                changed(p, education="two_or_more"),
            )
        )
    if education in ("bachelor", "two_or_more"):
        out.append(("Complete a master's degree", changed(p, education="masters")))
    if not p.get("provincial_nomination"):
        out.append(
            (
                "Get a provincial or territorial nomination (600 points)",
                changed(p, provincial_nomination=True),
            )
        )
    return out


def test_choices() -> tuple[str, ...]:
    return CANADIAN_TESTS
