"""Golden profiles of FSW, Australia, the Opportunity Card and the UK Skilled Worker visa,
each total added up by hand from the published grid (rows in the comments).

- FSW: IRCC "Six selection factors – Federal Skilled Worker Program".
- Australia: Home Affairs points table (189/190/491); English bands for tests from 2025-08-07.
- Germany: make-it-in-germany.com Opportunity Card points (6 needed) and basic requirements.
- UK: Appendix Skilled Worker from 22 July 2025 (HC 997); English B2 from 8 January 2026.
"""

from __future__ import annotations

import pytest


def clb(level):
    return {
        "test": "CLB",
        "speaking": level,
        "listening": level,
        "reading": level,
        "writing": level,
    }


FSW = [
    # Age 30 → 12; master's → 23; IELTS S7 L8 R7 W7 = CLB 9 → 6×4 = 24; 4 yrs → 13. = 72
    (
        "f1",
        {
            "age": 30,
            "education": "masters",
            "experienceYears": 4,
            "language": {
                "test": "IELTS_GENERAL",
                "speaking": 7.0,
                "listening": 8.0,
                "reading": 7.0,
                "writing": 7.0,
            },
        },
        72,
        True,
    ),
    # Age 36 → 11; bachelor's → 21; CLB 7 → 4×4 = 16; 1 yr → 9. = 57 (under 67)
    (
        "f2",
        {"age": 36, "education": "bachelor", "experienceYears": 1, "language": clb(7)},
        57,
        False,
    ),
    # Age 46 → 1; PhD → 25; CLB 10 → 6×4 = 24; second CLB 5 ×4 → 4; 6 yrs → 15; job offer →
    # 10; adaptability: arranged employment 5. = 84
    (
        "f3",
        {
            "age": 46,
            "education": "phd",
            "experienceYears": 6,
            "language": clb(10),
            "secondLanguage": clb(5),
            "arrangedEmployment": True,
        },
        84,
        True,
    ),
    # Age 47 → 0; two or more → 22; CLB 8 → 5×4 = 20; 2 yrs → 11; adaptability: 1 yr work in
    # Canada 10 + relative 5 = 15 → at most 10. = 63
    (
        "f4",
        {
            "age": 47,
            "education": "two_or_more",
            "experienceYears": 2,
            "language": clb(8),
            "canadianExperienceYears": 1,
            "relativeInCanada": True,
        },
        63,
        False,
    ),
    # Age 35 → 12; two-year → 19; CLB 9 → 24; 3 yrs → 11; spouse CLB 4 ×4 → 5. = 71
    (
        "f5",
        {
            "age": 35,
            "education": "two_year",
            "experienceYears": 3,
            "language": clb(9),
            "maritalStatus": "married",
            "spouseLanguage": clb(4),
        },
        71,
        True,
    ),
    # Age 18 → 12; secondary → 5; CLB 7 → 16; 1 yr → 9. = 42
    (
        "f6",
        {"age": 18, "education": "secondary", "experienceYears": 1, "language": clb(7)},
        42,
        False,
    ),
    # Age 40 → 7; one-year → 15; CELPIP 8 = CLB 8 → 20; 5 yrs → 13; your study 5 + spouse's
    # study 5 → 10. = 65 (under 67)
    (
        "f7",
        {
            "age": 40,
            "education": "one_year",
            "experienceYears": 5,
            "language": {
                "test": "CELPIP",
                "speaking": 8,
                "listening": 8,
                "reading": 8,
                "writing": 8,
            },
            "canadianStudy": True,
            "spouseCanadianStudy": True,
        },
        65,
        False,
    ),
    # CLB 6 in writing → 0 for it and not eligible (CLB 7 minimum): age 29 → 12; master's →
    # 23; 6+6+6+0 = 18; 6 yrs → 15. = 68 but ineligible
    (
        "f8",
        {
            "age": 29,
            "education": "masters",
            "experienceYears": 6,
            "language": {"test": "CLB", "speaking": 9, "listening": 9, "reading": 9, "writing": 6},
        },
        68,
        False,
    ),
    # Age 41 → 6; professional → 23; TEF R248 W371 L298 S371 = NCLC 9 → 24; 2 yrs → 11;
    # second IELTS R4 W5 L5 S5 = CLB 5 → 4. = 68
    (
        "f9",
        {
            "age": 41,
            "education": "professional",
            "experienceYears": 2,
            "language": {
                "test": "TEF",
                "reading": 248,
                "writing": 371,
                "listening": 298,
                "speaking": 371,
            },
            "secondLanguage": {
                "test": "IELTS_GENERAL",
                "reading": 4.0,
                "writing": 5.0,
                "listening": 5.0,
                "speaking": 5.0,
            },
        },
        68,
        True,
    ),
    # Age 45 → 2; bachelor's → 21; CLB 9 → 24; 6 yrs → 15; job offer 10; adaptability:
    # arranged employment 5 + study in Canada 5 = 10. = 82
    (
        "f10",
        {
            "age": 45,
            "education": "bachelor",
            "experienceYears": 6,
            "language": clb(9),
            "arrangedEmployment": True,
            "canadianStudy": True,
        },
        82,
        True,
    ),
]

AUSTRALIA = [
    # Age 31 → 30; IELTS S7.5 L8 R7 W7 → proficient 10; 6 yrs overseas → 10; bachelor 15;
    # single 10; 190 nominated 5. = 80
    (
        "a1",
        {
            "age": 31,
            "subclass": "190",
            "nominated": True,
            "qualification": "bachelor",
            "overseasExperienceYears": 6,
            "partnerStatus": "single",
            "english": {
                "test": "IELTS_GENERAL",
                "speaking": 7.5,
                "listening": 8.0,
                "reading": 7.0,
                "writing": 7.0,
            },
        },
        80,
        True,
    ),
    # Age 24 → 25; superior 20; 8 yrs overseas 15 + 3 yrs Australia 10 = 25 → at most 20;
    # doctorate 20; skilled partner 10. = 95
    (
        "a2",
        {
            "age": 24,
            "englishLevel": "superior",
            "overseasExperienceYears": 8,
            "australianExperienceYears": 3,
            "qualification": "doctorate",
            "partnerStatus": "partner_skilled",
        },
        95,
        True,
    ),
    # Age 25 → 30; PTE L58 R59 W69 S76 → proficient 10; 3 yrs → 5; bachelor 15; partner none
    # → 0. = 60 (under 65)
    (
        "a3",
        {
            "age": 25,
            "qualification": "bachelor",
            "overseasExperienceYears": 3,
            "partnerStatus": "partner_other",
            "english": {
                "test": "PTE_ACADEMIC",
                "listening": 58,
                "reading": 59,
                "writing": 69,
                "speaking": 76,
            },
        },
        60,
        False,
    ),
    # Age 33 → 25; PTE L69 R70 W85 S87 (speaking under 88) → proficient 10; 5 yrs → 10;
    # master's 15; partner competent English 5; 491 nominated 15. = 80
    (
        "a4",
        {
            "age": 33,
            "subclass": "491",
            "nominated": True,
            "qualification": "masters",
            "overseasExperienceYears": 5,
            "partnerStatus": "partner_competent_english",
            "english": {
                "test": "PTE_ACADEMIC",
                "listening": 69,
                "reading": 70,
                "writing": 85,
                "speaking": 87,
            },
        },
        80,
        True,
    ),
    # Age 39 → 25; IELTS 6 ×4 → competent 0; 10 yrs → 15; recognised award 10; single 10. = 60
    (
        "a5",
        {
            "age": 39,
            "qualification": "recognised_award",
            "overseasExperienceYears": 10,
            "english": {
                "test": "IELTS_ACADEMIC",
                "listening": 6,
                "reading": 6,
                "writing": 6,
                "speaking": 6,
            },
        },
        60,
        False,
    ),
    # Age 40 → 15; superior 20; 8 yrs overseas 15 + 1 yr Australia 5 = 20; doctorate 20;
    # specialist education 10; Australian study 5; partner citizen 10. = 100
    (
        "a6",
        {
            "age": 40,
            "englishLevel": "superior",
            "overseasExperienceYears": 8,
            "australianExperienceYears": 1,
            "qualification": "doctorate",
            "specialistEducation": True,
            "australianStudy": True,
            "partnerStatus": "partner_citizen_or_pr",
        },
        100,
        True,
    ),
    # Age 44 → 15; proficient 10; overseas 2 → 0 + Australia 2 → 5; diploma 10; professional
    # year 5, community language 5, regional study 5; single 10; 190 not nominated 0. = 65
    (
        "a7",
        {
            "age": 44,
            "subclass": "190",
            "englishLevel": "proficient",
            "overseasExperienceYears": 2,
            "australianExperienceYears": 2,
            "qualification": "diploma_or_trade",
            "professionalYear": True,
            "communityLanguage": True,
            "regionalStudy": True,
        },
        65,
        True,
    ),
    # Age 32 → 30; competent 0; 4 yrs → 5; bachelor 15; single 10; 491 nominated 15. = 75
    (
        "a8",
        {
            "age": 32,
            "subclass": "491",
            "nominated": True,
            "englishLevel": "competent",
            "overseasExperienceYears": 4,
            "qualification": "bachelor",
        },
        75,
        True,
    ),
    # IELTS 5.5 ×4 is under competent → 0 and not eligible; age 28 → 30; 5 yrs → 10;
    # bachelor 15; single 10. = 65 but ineligible
    (
        "a9",
        {
            "age": 28,
            "qualification": "bachelor",
            "overseasExperienceYears": 5,
            "english": {
                "test": "IELTS_GENERAL",
                "listening": 5.5,
                "reading": 5.5,
                "writing": 5.5,
                "speaking": 5.5,
            },
        },
        65,
        False,
    ),
    # Age 18 → 25; IELTS 8 ×4 → superior 20; bachelor 15; Australian study 5; single 10. = 75
    (
        "a10",
        {
            "age": 18,
            "qualification": "bachelor",
            "australianStudy": True,
            "english": {
                "test": "IELTS_GENERAL",
                "listening": 8,
                "reading": 8,
                "writing": 8,
                "speaking": 8,
            },
        },
        75,
        True,
    ),
]

BASICS = {"qualification": "university", "financialMeans": True, "englishLevel": "B2"}
GERMANY = [
    # Age 33 → 2; 3 yrs → 2; German A2 → 1; English B2 → 0. = 5 (under 6)
    ("g1", {**BASICS, "age": 33, "experienceYears": 3, "germanLevel": "A2"}, 5, False),
    # Age 34 → 2; partial recognition → 4. = 6
    ("g2", {**BASICS, "age": 34, "recognitionInGermany": "partial"}, 6, True),
    # Age 35 → 1 (boundary); German B1 → 2; 5 yrs → 3. = 6
    ("g3", {**BASICS, "age": 35, "germanLevel": "B1", "experienceYears": 5}, 6, True),
    # Age 39 → 1; 2 yrs → 2; German B2 → 3; English C1 → 1; shortage occupation → 1. = 8
    (
        "g4",
        {
            **BASICS,
            "age": 39,
            "experienceYears": 2,
            "germanLevel": "B2",
            "englishLevel": "C1",
            "shortageOccupation": True,
        },
        8,
        True,
    ),
    # Age 40 → 0; 7 yrs → 3; German C1 → 3; prior stay → 1; partner → 1. = 8
    (
        "g5",
        {
            **BASICS,
            "age": 40,
            "experienceYears": 7,
            "germanLevel": "C1",
            "priorStayInGermany": True,
            "partnerEligible": True,
        },
        8,
        True,
    ),
    # Age 28 → 2; English C2 → 1; 1 yr → 0; shortage 1; prior stay 1. = 5 (under 6)
    (
        "g6",
        {
            **BASICS,
            "age": 28,
            "englishLevel": "C2",
            "experienceYears": 1,
            "shortageOccupation": True,
            "priorStayInGermany": True,
        },
        5,
        False,
    ),
    # No qualification: 8 points (age 30 → 2, German B2 → 3, 5 yrs → 3) but basics unmet.
    (
        "g7",
        {
            "age": 30,
            "qualification": "none",
            "germanLevel": "B2",
            "experienceYears": 5,
            "financialMeans": True,
        },
        8,
        False,
    ),
    # English only B1 and no German: basics unmet; age 25 → 2 + partial 4 = 6.
    (
        "g8",
        {
            "age": 25,
            "qualification": "vocational",
            "englishLevel": "B1",
            "recognitionInGermany": "partial",
            "financialMeans": True,
        },
        6,
        False,
    ),
    # Full recognition in Germany: no points needed (age 45 → 0). Eligible with 0.
    (
        "g9",
        {
            "age": 45,
            "qualification": "vocational",
            "recognitionInGermany": "full",
            "financialMeans": True,
        },
        0,
        True,
    ),
    # Age 29 → 2; partial 4; German B1 2; 5 yrs 3; English C1 1; shortage 1; stay 1;
    # partner 1. = 15
    (
        "g10",
        {
            **BASICS,
            "age": 29,
            "recognitionInGermany": "partial",
            "germanLevel": "B1",
            "experienceYears": 5,
            "englishLevel": "C1",
            "shortageOccupation": True,
            "priorStayInGermany": True,
            "partnerEligible": True,
        },
        15,
        True,
    ),
]

MANDATORY = {"jobOfferFromSponsor": True, "jobSkillLevelMet": True, "englishLevel": "B2"}
UK = [
    # STEM PhD (option C): £38,000 ≥ max(£33,400, 80% × £36,000 = £28,800) → 20. 50 + 20 = 70
    ("u1", {**MANDATORY, "salary": 38000, "goingRate": 36000, "phd": "stem_relevant"}, 70, True),
    # Option A exactly: £41,700 ≥ max(£41,700, £40,000). = 70
    ("u2", {**MANDATORY, "salary": 41700, "goingRate": 40000}, 70, True),
    # £41,699 < £41,700 and no other option. = 50
    ("u3", {**MANDATORY, "salary": 41699, "goingRate": 30000}, 50, False),
    # Relevant PhD (option B): £37,500 ≥ max(£37,500, 90% × £41,000 = £36,900). = 70
    ("u4", {**MANDATORY, "salary": 37500, "goingRate": 41000, "phd": "relevant"}, 70, True),
    # New entrant (E): £34,000 ≥ max(£33,400, 70% × £48,000 = £33,600). = 70
    ("u5", {**MANDATORY, "salary": 34000, "goingRate": 48000, "newEntrant": True}, 70, True),
    # New entrant at £33,500 < £33,600. = 50
    ("u6", {**MANDATORY, "salary": 33500, "goingRate": 48000, "newEntrant": True}, 50, False),
    # Immigration Salary List (D): £35,000 ≥ max(£33,400, 100% × £34,000). = 70
    (
        "u7",
        {**MANDATORY, "salary": 35000, "goingRate": 34000, "immigrationSalaryList": True},
        70,
        True,
    ),
    # ISL but under the going rate £36,000. = 50
    (
        "u8",
        {**MANDATORY, "salary": 35000, "goingRate": 36000, "immigrationSalaryList": True},
        50,
        False,
    ),
    # English B1 only (B2 needed): 20 + 20 + 0 + 20. = 60
    ("u9", {**MANDATORY, "englishLevel": "B1", "salary": 50000, "goingRate": 40000}, 60, False),
    # No sponsored job offer: 0 + 20 + 10 + 20. = 50
    (
        "u10",
        {**MANDATORY, "jobOfferFromSponsor": False, "salary": 45000, "goingRate": 30000},
        50,
        False,
    ),
    # Health or education pay scale (F): £26,000 ≥ max(£25,000, £25,500). = 70
    (
        "u11",
        {**MANDATORY, "salary": 26000, "goingRate": 25500, "healthOrEducationPayScale": True},
        70,
        True,
    ),
]


def _check(client, scheme, body, expected, eligible, mark):
    response = client.post(f"/api/v1/points/{scheme}/", json=body)
    assert response.status_code == 200, response.json
    data = response.json
    assert data["total"] == expected
    assert sum(f["points"] for f in data["factors"]) == expected
    assert data["eligible"] is eligible, data["eligibilityNotes"]
    assert data["passMark"]["score"] == mark
    return data


@pytest.mark.parametrize(("name", "body", "expected", "eligible"), FSW, ids=[c[0] for c in FSW])
def test_fsw_golden(client, name, body, expected, eligible):
    _check(client, "fsw", body, expected, eligible, 67)


@pytest.mark.parametrize(
    ("name", "body", "expected", "eligible"), AUSTRALIA, ids=[c[0] for c in AUSTRALIA]
)
def test_australia_golden(client, name, body, expected, eligible):
    _check(client, "australia", body, expected, eligible, 65)


@pytest.mark.parametrize(
    ("name", "body", "expected", "eligible"), GERMANY, ids=[c[0] for c in GERMANY]
)
def test_opportunity_card_golden(client, name, body, expected, eligible):
    _check(client, "opportunity-card", body, expected, eligible, 6)


@pytest.mark.parametrize(("name", "body", "expected", "eligible"), UK, ids=[c[0] for c in UK])
def test_uk_skilled_worker_golden(client, name, body, expected, eligible):
    _check(client, "uk-skilled-worker", body, expected, eligible, 70)


def test_opportunity_card_below_six_says_what_gets_there(client):
    data = _check(client, "opportunity-card", GERMANY[0][1], 5, False, 6)
    assert data["pointsNeeded"] == 1
    reaching = [n for n in data["nextBest"] if n["newTotal"] >= 6]
    assert reaching, data["nextBest"]
    changes = " | ".join(n["change"] for n in reaching)
    assert "recognition" in changes and "German" in changes
