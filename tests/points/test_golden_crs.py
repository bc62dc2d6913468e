"""Golden CRS profiles, each total added up by hand from IRCC's CRS criteria page
(https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/
express-entry/check-score/crs-criteria.html) and the language equivalency charts.

Rows are written (with spouse / without spouse). "CLB n" language bodies give levels directly.
"""

from __future__ import annotations

import pytest


def clb(level, **extra):
    return {
        "test": "CLB",
        "speaking": level,
        "listening": level,
        "reading": level,
        "writing": level,
        **extra,
    }


CASES = [
    # 1. Single, 29: age 20-29 → 110; bachelor's → 120; CLB 9 ×4 → 31×4 = 124;
    #    transferability education: 1+ year credential + CLB 9 on all → 25. = 379
    ("single-29-bachelor-clb9", {"age": 29, "education": "bachelor", "language": clb(9)}, 379),
    # 2. Age boundary 30 → 105; master's → 135; IELTS S7 L8 R7 W7 = CLB 9 ×4 → 124;
    #    transferability: master's + CLB 9 → 50; 3+ yrs foreign + CLB 9 → 50 (total 100). = 464
    (
        "single-30-masters-ielts",
        {
            "age": 30,
            "education": "masters",
            "language": {
                "test": "IELTS_GENERAL",
                "speaking": 7.0,
                "listening": 8.0,
                "reading": 7.0,
                "writing": 7.0,
            },
            "foreignExperienceYears": 3,
        },
        464,
    ),
    # 3. Age 45 → 0; PhD → 150; CLB 10 ×4 → 34×4 = 136; 5 yrs Canada → 80;
    #    education: PhD+CLB9 50 + PhD+2yrs Cdn 50 → capped 50; foreign 3+: lang 50 + Cdn 50
    #    → capped 50; = 0+150+136+80+100 = 466
    (
        "single-45-phd-capped",
        {
            "age": 45,
            "education": "phd",
            "language": clb(10),
            "canadianExperienceYears": 5,
            "foreignExperienceYears": 3,
        },
        466,
    ),
    # 4. Age 35 → 77; secondary → 30; CLB 7 ×4 → 17×4 = 68; 2 yrs Canada → 53;
    #    education transferability: secondary → 0; foreign 3+: CLB 7 → 25, + 2 yrs Cdn → 50
    #    → capped 50; certificate of qualification with CLB 7+ → 50. = 77+30+68+53+100 = 328
    (
        "trades-35-certificate",
        {
            "age": 35,
            "education": "secondary",
            "language": clb(7),
            "canadianExperienceYears": 2,
            "foreignExperienceYears": 3,
            "certificateOfQualification": True,
        },
        328,
    ),
    # 5. Transferability over 100: age 25 → 110; bachelor's → 120; CLB 9 → 124; education 25
    #    + foreign 3+ with CLB 9 50 + certificate 50 = 125 → capped at 100. = 454
    (
        "transferability-cap-100",
        {
            "age": 25,
            "education": "bachelor",
            "language": clb(9),
            "foreignExperienceYears": 3,
            "certificateOfQualification": True,
        },
        454,
    ),
    # 6. Married, spouse comes: age 31 → 90; two-year → 91; CLB 8 ×4 → 22×4 = 88; 1 yr Cdn →
    #    35; spouse master's → 10; spouse CLB 9 ×4 → 5×4 = 20; spouse 2 yrs Cdn → 7;
    #    transferability education: 1+ yr credential, CLB 7-8 → 13; + 1 yr Cdn → 13 → 26.
    #    = 90+91+88+35+10+20+7+26 = 367
    (
        "married-spouse-raises",
        {
            "age": 31,
            "maritalStatus": "married",
            "education": "two_year",
            "language": clb(8),
            "canadianExperienceYears": 1,
            "spouseEducation": "masters",
            "spouseLanguage": clb(9),
            "spouseCanadianExperienceYears": 2,
        },
        367,
    ),
    # 7. The same principal applicant single: 99 + 98 + 23×4=92 + 40 + 26 = 355 (the spouse
    #    above adds 12 net).
    (
        "same-single",
        {"age": 31, "education": "two_year", "language": clb(8), "canadianExperienceYears": 1},
        355,
    ),
    # 8. Spouse who lowers: married, 27 → 100; master's → 126; CLB 10 ×4 → 32×4 = 128;
    #    spouse with no education row, no test, no Cdn work → 0; master's + CLB 9+ → 50.
    #    = 404 (single would be 110+135+136+50 = 431)
    (
        "married-spouse-lowers",
        {
            "age": 27,
            "maritalStatus": "married",
            "education": "masters",
            "language": clb(10),
            "spouseEducation": "none",
        },
        404,
    ),
    # 9. The same, spouse not accompanying → "without spouse" column: 110+135+136+50 = 431
    (
        "spouse-not-coming",
        {
            "age": 27,
            "maritalStatus": "married",
            "spouseAccompanying": False,
            "education": "masters",
            "language": clb(10),
        },
        431,
    ),
    # 10. French first (TEF ancien score R207 W310 L249 S310 = NCLC 7 ×4 → 17×4 = 68), English
    #     second IELTS R4 W5 L5 S5 = CLB 5 ×4 → 1×4 = 4; age 28 → 110; bachelor's → 120;
    #     bachelor's + CLB 7 → 13; French NCLC 7+ with English CLB 5+ → 50. = 365
    (
        "french-first-english-second",
        {
            "age": 28,
            "education": "bachelor",
            "language": {
                "test": "TEF",
                "reading": 207,
                "writing": 310,
                "listening": 249,
                "speaking": 310,
            },
            "secondLanguage": {
                "test": "IELTS_GENERAL",
                "reading": 4.0,
                "writing": 5.0,
                "listening": 5.0,
                "speaking": 5.0,
            },
        },
        365,
    ),
    # 11. Additional points: age 40 → 50; one-year → 90; CELPIP 8 ×4 = CLB 8 → 23×4 = 92;
    #     3 yrs Cdn → 64; education: one-year + CLB 8 → 13, + 2+ yrs Cdn → 25 → 38;
    #     PNP 600, sibling 15, Canadian 1-2 yr credential 15, job offer 0 (removed 2025-03-25).
    #     = 50+90+92+64+38+600+15+15 = 964
    (
        "pnp-sibling-study-joboffer",
        {
            "age": 40,
            "education": "one_year",
            "language": {
                "test": "CELPIP",
                "speaking": 8,
                "listening": 8,
                "reading": 8,
                "writing": 8,
            },
            "canadianExperienceYears": 3,
            "provincialNomination": True,
            "sibling": True,
            "canadianEducation": "one_or_two_years",
            "jobOffer": True,
        },
        964,
    ),
    # 12. Age boundary 18 → 99; secondary → 30; PTE Core R60 W69 L60 S68 = CLB 7 ×4 → 68;
    #     no credential for transferability. = 197
    (
        "age-18-pte",
        {
            "age": 18,
            "education": "secondary",
            "language": {
                "test": "PTE_CORE",
                "reading": 60,
                "writing": 69,
                "listening": 60,
                "speaking": 68,
            },
        },
        197,
    ),
    # 13. Uneven IELTS: S6.5 = CLB 8 → 23; L8.5 = CLB 10 → 34; R6.0 = CLB 7 → 17; W5.5 = CLB 6
    #     → 9; age 33 → 88; bachelor's → 120; lowest ability under CLB 7 → no language
    #     transferability (2 yrs foreign give nothing without CLB 7). = 88+120+83 = 291
    (
        "uneven-ielts",
        {
            "age": 33,
            "education": "bachelor",
            "foreignExperienceYears": 2,
            "language": {
                "test": "IELTS_GENERAL",
                "speaking": 6.5,
                "listening": 8.5,
                "reading": 6.0,
                "writing": 5.5,
            },
        },
        291,
    ),
    # 14. TCF first, no English: R524 W14 L523 S14 = NCLC 9 ×4 → 124; age 22 → 110; PhD → 150;
    #     PhD + CLB 9 → 50; French NCLC 7+ and no English test → 25. = 459
    (
        "tcf-no-english",
        {
            "age": 22,
            "education": "phd",
            "language": {
                "test": "TCF",
                "reading": 524,
                "writing": 14,
                "listening": 523,
                "speaking": 14,
            },
        },
        459,
    ),
    # 15. Second language cap with a spouse: married 29 → 100; bachelor's → 112; CLB 9 ×4 →
    #     29×4 = 116; second (French NCLC 9 ×4) → 6×4 = 24 capped at 22; spouse secondary → 2;
    #     bachelor's + CLB 9 → 25; French NCLC 7+ with English CLB 5+ → 50. = 427
    (
        "second-language-cap-22",
        {
            "age": 29,
            "maritalStatus": "common_law",
            "education": "bachelor",
            "language": clb(9),
            "secondLanguage": clb(9, officialLanguage="french"),
            "spouseEducation": "secondary",
        },
        427,
    ),
    # 16. Age 17 → 0 (single); secondary → 30; CLB 4 ×4 → 6×4 = 24. = 54
    ("age-17", {"age": 17, "education": "secondary", "language": clb(4)}, 54),
]


@pytest.mark.parametrize(("name", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_crs_golden(client, name, body, expected):
    response = client.post("/api/v1/points/crs/", json=body)
    assert response.status_code == 200, response.json
    data = response.json
    assert data["total"] == expected
    assert sum(f["points"] for f in data["factors"]) == expected
    assert data["latestCutoff"]["score"] > 0 and data["latestCutoff"]["date"]
    assert "passMark" not in data


def test_crs_breakdown_and_next_best(client):
    body = {"age": 29, "education": "bachelor", "language": clb(8)}
    data = client.post("/api/v1/points/crs/", json=body).json
    factors = {f["factor"]: f for f in data["factors"]}
    assert factors["Age"] == {
        "factor": "Age",
        "points": 110,
        "max": 110,
        "rule": "age 29, without spouse",
    }
    assert factors["Arranged employment (job offer)"]["points"] == 0
    assert "2025-03-25" in factors["Arranged employment (job offer)"]["rule"]
    gains = [n["pointsGained"] for n in data["nextBest"]]
    assert gains == sorted(gains, reverse=True) and gains
    for item in data["nextBest"]:
        assert item["newTotal"] == data["total"] + item["pointsGained"]
    # One more band (CLB 9 everywhere): 8 per ability (31-23) ×4 + education transferability
    # 25-13 = 12 → +44.
    clb9 = next(n for n in data["nextBest"] if n["change"].startswith("Reach CLB 9"))
    assert clb9["pointsGained"] == 44
