"""United Kingdom: the Skilled Worker visa's 70 points (Appendix Skilled Worker), in the rules
in force from 22 July 2025 (HC 997): 50 mandatory points (sponsored job offer 20, job at the
appropriate skill level 20, English 10) and 20 tradeable points from salary, a PhD, the
Immigration Salary List or being a new entrant. English is B2 for applications from
8 January 2026 (B1 before)."""

from __future__ import annotations

from plugins.points.scoring import Factor, Profile, Score, changed
from plugins.points.tables.language import CEFR_LEVELS
from plugins.points.tables.provenance import TableSource

SOURCE = TableSource(
    title="GOV.UK — Skilled Worker visa: your job / Immigration Rules Appendix Skilled Worker",
    url="https://www.gov.uk/skilled-worker-visa/your-job",
    effective_date="2025-07-22",
    last_verified="2026-12-01",
    note="Thresholds of HC 997 (from 22 July 2025); English B2 from 8 January 2026. Rules: "
    "https://www.gov.uk/guidance/immigration-rules/immigration-rules-appendix-skilled-worker",
)
PASS_MARK = 70
ENGLISH_REQUIRED = "B2"
PHD = ("none", "relevant", "stem_relevant")
LANGUAGE_LEVELS = ("none", *CEFR_LEVELS)

# Option → (salary floor in GBP, share of the going rate, description).
OPTIONS = {
    "A": (41_700, 1.0, "salary at least £41,700 and the going rate"),
    "B": (
        37_500,
        0.9,
        "PhD relevant to the job: salary at least £37,500 and 90% of the going rate "
        "(10 for the PhD + 10 for salary)",
    ),
    "C": (
        33_400,
        0.8,
        "PhD in a STEM subject relevant to the job: salary at least £33,400 and 80% "
        "of the going rate",
    ),
    "D": (
        33_400,
        1.0,
        "job on the Immigration Salary List: salary at least £33,400 and the going rate",
    ),
    "E": (33_400, 0.7, "new entrant: salary at least £33,400 and 70% of the going rate"),
    "F": (
        25_000,
        1.0,
        "health or education job on a national pay scale: salary at least £25,000 "
        "and the going rate",
    ),
}


def _threshold(option: str, going_rate: float) -> float:
    floor, share, _ = OPTIONS[option]
    return max(floor, share * going_rate)


def options_open(p: Profile) -> list[str]:
    """The tradeable options this applicant may use (A always)."""
    phd = p.get("phd") or "none"
    open_ = ["A"]
    if phd in ("relevant", "stem_relevant"):
        open_.append("B")
    if phd == "stem_relevant":
        open_.append("C")
    if p.get("immigration_salary_list"):
        open_.append("D")
    if p.get("new_entrant"):
        open_.append("E")
    if p.get("health_or_education_pay_scale"):
        open_.append("F")
    return open_


def tradeable(p: Profile) -> tuple[int, str, str | None]:
    salary = float(p.get("salary") or 0)
    going = float(p.get("going_rate") or 0)
    met = [o for o in options_open(p) if salary >= _threshold(o, going)]
    if not met:
        lowest = min(options_open(p), key=lambda o: _threshold(o, going))
        need = _threshold(lowest, going)
        return (
            0,
            f"salary £{salary:,.0f} is under every option open to you "
            f"(lowest: option {lowest}, £{need:,.0f})",
            None,
        )
    option = met[0]
    return 20, f"option {option}: {OPTIONS[option][2]} (salary £{salary:,.0f})", option


def score(p: Profile) -> Score:
    factors: list[Factor] = []
    offer = 20 if p.get("job_offer_from_sponsor") else 0
    factors.append(
        Factor(
            "Job offer from an approved sponsor",
            offer,
            20,
            "certificate of sponsorship from a licensed sponsor"
            if offer
            else "no sponsored job offer (mandatory)",
        )
    )
    skill = 20 if p.get("job_skill_level_met") else 0
    factors.append(
        Factor(
            "Job at the appropriate skill level",
            skill,
            20,
            "occupation at RQF 6+, or on the Immigration Salary List / Temporary Shortage List"
            if skill
            else "occupation below the required skill level (mandatory)",
        )
    )
    english = p.get("english_level") or "none"
    english_ok = LANGUAGE_LEVELS.index(english) >= LANGUAGE_LEVELS.index(ENGLISH_REQUIRED)
    factors.append(
        Factor(
            "English language",
            10 if english_ok else 0,
            10,
            f"English {english} (at least {ENGLISH_REQUIRED} needed, mandatory)",
        )
    )
    points, rule, _ = tradeable(p)
    if not p.get("going_rate"):
        rule += "; no going rate given: check your occupation code's going rate"
    factors.append(
        Factor("Tradeable points (salary, PhD, shortage list, new entrant)", points, 20, rule)
    )
    notes = []
    if not (offer and skill and english_ok):
        notes.append("All 50 mandatory points are needed.")
    total = sum(f.points for f in factors)
    if total < PASS_MARK:
        notes.append(f"{total} of the {PASS_MARK} points needed.")
    return Score(factors=factors, eligible=total >= PASS_MARK, eligibility_notes=notes)


def changes(p: Profile) -> list[tuple[str, Profile]]:
    out: list[tuple[str, Profile]] = []
    going = float(p.get("going_rate") or 0)
    salary = float(p.get("salary") or 0)
    for option in options_open(p):
        need = _threshold(option, going)
        if salary < need:
            out.append(
                (f"Salary of at least £{need:,.0f} (option {option})", changed(p, salary=need))
            )
    english = p.get("english_level") or "none"
    if LANGUAGE_LEVELS.index(english) < LANGUAGE_LEVELS.index(ENGLISH_REQUIRED):
        out.append(
            (
                f"Pass an approved English test at {ENGLISH_REQUIRED}",
                changed(p, english_level=ENGLISH_REQUIRED),
            )
        )
    if not p.get("job_offer_from_sponsor"):
        out.append(
            ("Get a job offer from a licensed sponsor", changed(p, job_offer_from_sponsor=True))
        )
    return out
