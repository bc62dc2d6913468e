"""Language test results → Canadian Language Benchmarks and the Australian English bands.

Canada: IRCC's "Language test equivalency charts" (one chart per designated test). Each row
below is the *lowest* score of a skill that reaches that CLB/NCLC level; a score below the CLB 4
row gives the level under 4 that no CRS or FSW row rewards (reported as 3, or 0 under the
chart). TEF Canada is read on the "Équivalence ancien score" column of the certificate: that is
the scale IRCC's chart and Express Entry profile use (0-300 reading, 0-360 listening, 0-450
speaking and writing).

Australia: Home Affairs' competent / proficient / superior English pages, tests taken on or
after 7 August 2025 (PTE Academic thresholds rose that day; IELTS stayed at 6 / 7 / 8).
"""

from __future__ import annotations

from typing import Any

from plugins.points.tables.provenance import TableSource

SKILLS = ("speaking", "listening", "reading", "writing")

IRCC_CHARTS = TableSource(
    title="IRCC — Language test equivalency charts (CELPIP-G, IELTS General Training, "
    "PTE Core, TEF Canada, TCF Canada)",
    url="https://www.canada.ca/en/immigration-refugees-citizenship/corporate/"
    "publications-manuals/operational-bulletins-manuals/standard-requirements/"
    "language-requirements/test-equivalency-charts.html",
    effective_date="2024-01-30",
    last_verified="2026-12-01",
    note="PTE Core accepted from 2024-01-30; TEF Canada on the 'Équivalence ancien score' "
    "column (IRCC has kept the pre-2019 scale for its chart).",
)

AUSTRALIA_ENGLISH = TableSource(
    title="Home Affairs — competent, proficient and superior English (tests on or after "
    "7 August 2025)",
    url="https://immi.homeaffairs.gov.au/help-support/meeting-our-requirements/english-language",
    effective_date="2025-08-07",
    last_verified="2026-12-01",
    note="Superior: https://immi.homeaffairs.gov.au/help-support/meeting-our-requirements/"
    "english-language/superior-english",
)

# The official scale of each skill of each test (inclusive). ``step`` is the score increment.
SCALES: dict[str, dict[str, tuple[float, float, float]]] = {
    "CLB": {s: (0, 12, 1) for s in SKILLS},
    "IELTS_GENERAL": {s: (0, 9, 0.5) for s in SKILLS},
    "IELTS_ACADEMIC": {s: (0, 9, 0.5) for s in SKILLS},
    "CELPIP": {s: (0, 12, 1) for s in SKILLS},
    "PTE_CORE": {s: (10, 90, 1) for s in SKILLS},
    "PTE_ACADEMIC": {s: (10, 90, 1) for s in SKILLS},
    "TEF": {
        "reading": (0, 300, 1),
        "listening": (0, 360, 1),
        "speaking": (0, 450, 1),
        "writing": (0, 450, 1),
    },
    "TCF": {
        "reading": (100, 699, 1),
        "listening": (100, 699, 1),
        "speaking": (0, 20, 1),
        "writing": (0, 20, 1),
    },
}

CANADIAN_TESTS = ("CLB", "IELTS_GENERAL", "CELPIP", "PTE_CORE", "TEF", "TCF")
AUSTRALIAN_TESTS = ("IELTS_GENERAL", "IELTS_ACADEMIC", "PTE_ACADEMIC")
FRENCH_TESTS = ("TEF", "TCF")

# CLB level → lowest score per skill (IRCC charts). Levels 10 and above share the top row.
CLB_MINIMUMS: dict[str, dict[int, dict[str, float]]] = {
    "IELTS_GENERAL": {
        10: {"reading": 8.0, "writing": 7.5, "listening": 8.5, "speaking": 7.5},
        9: {"reading": 7.0, "writing": 7.0, "listening": 8.0, "speaking": 7.0},
        8: {"reading": 6.5, "writing": 6.5, "listening": 7.5, "speaking": 6.5},
        7: {"reading": 6.0, "writing": 6.0, "listening": 6.0, "speaking": 6.0},
        6: {"reading": 5.0, "writing": 5.5, "listening": 5.5, "speaking": 5.5},
        5: {"reading": 4.0, "writing": 5.0, "listening": 5.0, "speaking": 5.0},
        4: {"reading": 3.5, "writing": 4.0, "listening": 4.5, "speaking": 4.0},
    },
    # CELPIP-General: the CELPIP level equals the CLB level from 4 to 9; 10-12 give CLB 10.
    "CELPIP": {level: {s: float(level) for s in SKILLS} for level in range(4, 11)},
    "PTE_CORE": {
        10: {"reading": 88, "writing": 90, "listening": 89, "speaking": 89},
        9: {"reading": 78, "writing": 88, "listening": 82, "speaking": 84},
        8: {"reading": 69, "writing": 79, "listening": 71, "speaking": 76},
        7: {"reading": 60, "writing": 69, "listening": 60, "speaking": 68},
        6: {"reading": 51, "writing": 60, "listening": 50, "speaking": 59},
        5: {"reading": 42, "writing": 51, "listening": 39, "speaking": 51},
        4: {"reading": 33, "writing": 41, "listening": 28, "speaking": 42},
    },
    "TEF": {
        10: {"reading": 263, "writing": 393, "listening": 316, "speaking": 393},
        9: {"reading": 248, "writing": 371, "listening": 298, "speaking": 371},
        8: {"reading": 233, "writing": 349, "listening": 280, "speaking": 349},
        7: {"reading": 207, "writing": 310, "listening": 249, "speaking": 310},
        6: {"reading": 181, "writing": 271, "listening": 217, "speaking": 271},
        5: {"reading": 151, "writing": 226, "listening": 181, "speaking": 226},
        4: {"reading": 121, "writing": 181, "listening": 145, "speaking": 181},
    },
    "TCF": {
        10: {"reading": 549, "writing": 16, "listening": 549, "speaking": 16},
        9: {"reading": 524, "writing": 14, "listening": 523, "speaking": 14},
        8: {"reading": 499, "writing": 12, "listening": 503, "speaking": 12},
        7: {"reading": 453, "writing": 10, "listening": 458, "speaking": 10},
        6: {"reading": 406, "writing": 7, "listening": 398, "speaking": 7},
        5: {"reading": 375, "writing": 6, "listening": 369, "speaking": 6},
        4: {"reading": 342, "writing": 4, "listening": 331, "speaking": 4},
    },
}

# Australian English bands → lowest score per skill (tests on or after 7 August 2025).
AUSTRALIA_BANDS = ("competent", "proficient", "superior")
AUSTRALIA_MINIMUMS: dict[str, dict[str, dict[str, float]]] = {
    "IELTS_GENERAL": {
        b: {s: m for s in SKILLS} for b, m in zip(AUSTRALIA_BANDS, (6, 7, 8), strict=True)
    },
    "IELTS_ACADEMIC": {
        b: {s: m for s in SKILLS} for b, m in zip(AUSTRALIA_BANDS, (6, 7, 8), strict=True)
    },
    "PTE_ACADEMIC": {
        "competent": {"listening": 47, "reading": 48, "writing": 51, "speaking": 54},
        "proficient": {"listening": 58, "reading": 59, "writing": 69, "speaking": 76},
        "superior": {"listening": 69, "reading": 70, "writing": 85, "speaking": 88},
    },
}

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


def skill_clb(test: str, skill: str, score: float) -> int:
    """The CLB/NCLC level one skill's score reaches (10 stands for "10 or more")."""
    if test == "CLB":
        return int(score)
    for level in range(10, 3, -1):
        if score >= CLB_MINIMUMS[test][level][skill]:
            return level
    return 3 if test != "CELPIP" else max(0, min(3, int(score)))


def clb_levels(result: dict[str, Any] | None) -> dict[str, int] | None:
    """``{skill: CLB}`` of a language result ``{test, speaking, listening, reading, writing}``."""
    if not result:
        return None
    return {s: skill_clb(result["test"], s, float(result[s])) for s in SKILLS}


def score_for_clb(test: str, skill: str, level: int) -> float | None:
    """What a test must show in one skill to reach ``level`` (the chart's lowest score)."""
    if test == "CLB":
        return float(level)
    if level < 4:
        return None
    return CLB_MINIMUMS[test][min(level, 10)][skill]


def is_french(result: dict[str, Any] | None) -> bool:
    if not result:
        return False
    if result["test"] in FRENCH_TESTS:
        return True
    return result.get("official_language") == "french"


def australian_band(result: dict[str, Any]) -> str | None:
    """The best Australian band every skill reaches, or None (below competent)."""
    best = None
    for band in AUSTRALIA_BANDS:
        mins = AUSTRALIA_MINIMUMS[result["test"]][band]
        if all(float(result[s]) >= mins[s] for s in SKILLS):
            best = band
    return best


def scale_errors(result: dict[str, Any]) -> dict[str, list[str]]:
    """``{skill: [message]}`` for each score outside the test's official scale."""
    errors: dict[str, list[str]] = {}
    scale = SCALES.get(result.get("test", ""))
    if scale is None:
        return errors
    for skill in SKILLS:
        value = result.get(skill)
        if value is None:
            continue
        low, high, step = scale[skill]
        if not low <= value <= high or round((value - low) / step, 6) % 1:
            unit = "in steps of 0.5" if step == 0.5 else "whole numbers"
            errors[skill] = [f"{result['test']} {skill} is scored {low:g} to {high:g} ({unit})."]
    return errors
