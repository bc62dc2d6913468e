"""Boundary rows of the equivalence tables (IRCC charts, Home Affairs bands), read by hand."""

from __future__ import annotations

import pytest

from plugins.points.scoring import next_best
from plugins.points.tables import crs
from plugins.points.tables.language import australian_band, skill_clb


@pytest.mark.parametrize(
    ("test", "skill", "score", "level"),
    [
        ("IELTS_GENERAL", "listening", 8.0, 9),
        ("IELTS_GENERAL", "listening", 7.5, 8),
        ("IELTS_GENERAL", "listening", 8.5, 10),
        ("IELTS_GENERAL", "reading", 6.0, 7),
        ("IELTS_GENERAL", "reading", 5.5, 6),
        ("IELTS_GENERAL", "writing", 5.0, 5),
        ("IELTS_GENERAL", "speaking", 3.5, 3),
        ("CELPIP", "speaking", 12, 10),
        ("CELPIP", "reading", 6, 6),
        ("PTE_CORE", "reading", 59, 6),
        ("PTE_CORE", "writing", 88, 9),
        ("PTE_CORE", "listening", 28, 4),
        ("TEF", "listening", 316, 10),
        ("TEF", "reading", 206, 6),
        ("TEF", "speaking", 310, 7),
        ("TCF", "writing", 13, 8),
        ("TCF", "listening", 457, 6),
        ("TCF", "reading", 453, 7),
    ],
)
def test_clb_rows(test, skill, score, level):
    assert skill_clb(test, skill, score) == level


def test_australian_bands():
    pte = {"test": "PTE_ACADEMIC", "listening": 47, "reading": 48, "writing": 51, "speaking": 54}
    assert australian_band(pte) == "competent"
    assert australian_band({**pte, "speaking": 53}) is None
    ielts = {"test": "IELTS_GENERAL", "listening": 8, "reading": 8, "writing": 8, "speaking": 7.5}
    assert australian_band(ielts) == "proficient"


def test_partner_test_is_offered_with_its_points():
    # Married, spouse comes, no spouse test: a spouse CLB 9 on all four adds 5×4 = 20.
    profile = {
        "age": 30,
        "marital_status": "married",
        "education": "bachelor",
        "language": {"test": "CLB", "speaking": 9, "listening": 9, "reading": 9, "writing": 9},
        "provincial_nomination": True,
    }
    found = next_best(profile, crs.score, crs.changes(profile), limit=20)
    spouse = {n["change"]: n["points_gained"] for n in found if "spouse" in n["change"]}
    assert sorted(spouse.values()) == [4, 12, 20]
