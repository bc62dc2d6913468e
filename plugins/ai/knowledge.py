"""Grounding: find what a message is about and gather the facts the answer may state.

Every figure Japabot states comes from here, with its source; the model (or the offline
assistant) only words them. :func:`unverified_figures` checks a model's answer for numbers that
are not among the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from unidecode import unidecode

from japaguide.extensions import db
from plugins.countries.models import Country
from plugins.visas.models import VisaType

TOPIC_WORDS = {
    "fees": ("cost", "fee", "fees", "price", "how much", "expensive", "cheap", "pay", "money"),
    "time": ("fast", "fastest", "quick", "quickest", "long", "time", "processing", "weeks", "when"),
    "steps": ("how do", "how to", "steps", "process", "apply", "procedure", "start"),
    "funds": ("proof of funds", "bank", "funds", "blocked account", "maintenance", "show money"),
    "pr": ("permanent", "pr ", "settle", "citizenship", "residence"),
    "living": ("rent", "living", "cost of living", "accommodation", "housing", "food"),
}
CATEGORY_WORDS = {
    "work": (
        "work",
        "job",
        "employ",
        "engineer",
        "developer",
        "nurse",
        "doctor",
        "skilled",
        "career",
        "worker",
        "salary",
    ),
    "study": (
        "study",
        "student",
        "school",
        "university",
        "masters",
        "master's",
        "degree",
        "phd",
        "college",
        "course",
    ),
    "family": ("family", "spouse", "wife", "husband", "partner", "children", "join"),
    "business": ("business", "startup", "start-up", "invest", "entrepreneur", "self-employed"),
    "talent": ("talent", "exceptional", "global talent", "researcher"),
}
FOLLOW_UPS = (
    ("education_level", "Do you have a university degree? Which one?"),
    ("years_experience", "How many years of work experience do you have?"),
    ("budget_usd", "What budget do you have for the move (in dollars or naira)?"),
    ("languages", "Have you taken IELTS or another language test yet?"),
    ("target_move_date", "When would you like to move?"),
    ("num_dependents", "Will a spouse or children move with you?"),
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


@dataclass
class Facts:
    countries: list[Country] = field(default_factory=list)
    visas: list[VisaType] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def numbers(self) -> set[str]:
        return {_normalise_number(n) for line in self.lines for n in _NUMBER.findall(line)}


def _normalise_number(text: str) -> str:
    value = Decimal(text.replace(",", ""))
    return format(value.normalize(), "f")


def _normal(text: str) -> str:
    return " " + " ".join(unidecode(text).lower().replace("-", " ").split()) + " "


def find_countries(message: str, hint_code: str | None = None) -> list[Country]:
    text = _normal(message)
    found: list[Country] = []
    for country in db.session.scalars(select(Country).where(Country.has_playbook.is_(True))):
        names = [country.name, *(country.aliases or [])]
        hit = any(
            f" {_normal(n).strip()} "
            in text.replace("?", " ").replace(",", " ").replace(".", " ").replace("'s ", " ")
            for n in names
            if n
        )
        # Codes only when typed in capitals ("DEU"): "can" is a word, "CAN" is Canada.
        hit = hit or re.search(rf"\b{country.code}\b", message) is not None
        if hit or (hint_code and country.code == hint_code.upper()):
            found.append(country)
    return found


def detect(message: str, words: dict[str, tuple[str, ...]]) -> set[str]:
    text = _normal(message)
    return {key for key, options in words.items() if any(f"{o}" in text for o in options)}


def money_line(item: Any) -> str:
    usd = (
        f" (≈ ${item.amount_usd:,.2f})"
        if item.amount_usd is not None and item.currency != "USD"
        else ""
    )
    amount = (
        f"{item.currency} {item.amount:,.2f}" if item.amount is not None else "amount not published"
    )
    per = item.applies_to.replace("_", " ")
    return f"{item.label}: {amount}{usd}, {per}"


def visa_lines(visa: VisaType, topics: set[str]) -> list[str]:
    lines = [f"{visa.name} ({visa.country.name}, {visa.category} route)."]
    if visa.nigeria_status != "open":
        lines.append(
            f"Status for Nigerian passport holders: {visa.nigeria_status.upper()} — "
            f"{visa.nigeria_status_reason} (as of {visa.nigeria_status_as_of})."
        )
    if visa.processing_time_min_weeks is not None and visa.processing_time_max_weeks is not None:
        lines.append(
            f"Processing time: {visa.processing_time_min_weeks}–"
            f"{visa.processing_time_max_weeks} weeks."
        )
    own = [m for m in visa.money if (m.paid_by or "applicant") == "applicant"]
    others = [m for m in visa.money if (m.paid_by or "applicant") != "applicant"]
    # Fees paid at a step are the ones counted in the route's cost; alternatives come after.
    spend = sorted(
        (m for m in own if m.kind == "spend"),
        key=lambda m: (m.step_order is None, m.amount is None, m.step_order or 0),
    )
    # A table by family size is summed up by its first row (the applicant alone).
    show = [
        m
        for m in own
        if m.kind == "show"
        and (m.household_size or 1) == 1
        and m.applies_to != "per_additional_member"
    ]
    if spend:
        lines.append("Fees: " + "; ".join(money_line(m) for m in spend[:4]) + ".")
    if visa.cost_estimate_min is not None:
        lines.append(
            f"Official fees for the main applicant total about ${visa.cost_estimate_min:,.2f}."
        )
    if others:
        paid = [m for m in others if m.kind == "spend"]
        thresholds = [m for m in others if m.kind == "show"]
        if paid:
            lines.append(
                "Paid by the employer or sponsor, not you: "
                + "; ".join(money_line(m) for m in paid[:3])
                + "."
            )
        if thresholds:
            lines.append(
                "Thresholds your employer or sponsor must meet: "
                + "; ".join(money_line(m) for m in thresholds[:2])
                + "."
            )
    if show and (topics & {"funds", "fees"} or not topics):
        lines.append(
            "Money you must show (and keep): "
            + "; ".join(
                money_line(m)
                + (f", held {m.holding_period_days} days" if m.holding_period_days else "")
                for m in show[:2]
            )
            + ("; more for a family" if any(m.household_size for m in own) else "")
            + "."
        )
    if topics & {"steps", "time"} or not topics:
        steps = ", ".join(f"{s.order}) {s.title}" for s in visa.steps[:4])
        lines.append(f"First steps: {steps}.")
    return lines


def country_lines(country: Country, topics: set[str]) -> list[str]:
    lines = []
    if topics & {"living", "fees"} or not topics:
        parts = []
        if country.avg_rent_monthly_usd is not None:
            parts.append(f"rent about ${country.avg_rent_monthly_usd:,.2f}/month")
        if country.avg_meal_cost_usd is not None:
            parts.append(f"a cheap meal about ${country.avg_meal_cost_usd:,.2f}")
        if parts:
            lines.append(f"Living in {country.name}: " + ", ".join(parts) + ".")
    pr = (country.meta or {}).get("pr_timeline_months")
    if pr and (topics & {"pr"} or not topics):
        lines.append(f"Typical time to permanent residence in {country.name}: {pr} months.")
    return lines


def gather(message: str, context: dict[str, Any]) -> Facts:
    """Countries, visas and topics of the message, and the fact lines about them."""
    facts = Facts()
    facts.topics = detect(message, TOPIC_WORDS)
    facts.categories = detect(message, CATEGORY_WORDS)
    facts.countries = find_countries(message, context.get("country_code"))[:2]
    for country in facts.countries:
        visas = db.session.scalars(
            select(VisaType).where(VisaType.country_id == country.id, VisaType.is_active.is_(True))
        ).all()
        text = _normal(message)
        named = _named_visas(visas, text)
        by_category = [v for v in visas if v.category in facts.categories]
        chosen = named or by_category or visas
        if "time" in facts.topics:
            chosen = sorted(
                chosen,
                key=lambda v: (
                    v.processing_time_min_weeks is None,
                    v.processing_time_min_weeks or 0,
                ),
            )
        elif "fees" in facts.topics:
            chosen = sorted(
                chosen, key=lambda v: (v.cost_estimate_min is None, v.cost_estimate_min or 0)
            )
        facts.visas.extend(chosen[:2])
        facts.sources.append({"type": "country", "code": country.code, "name": country.name})
    for visa in facts.visas:
        facts.lines.extend(visa_lines(visa, facts.topics))
        url = (visa.sources or [{}])[0].get("url")
        facts.sources.append({"type": "visa", "id": visa.id, "name": visa.name, "url": url})
    for country in facts.countries:
        facts.lines.extend(country_lines(country, facts.topics))
    return facts


def _named_visas(visas: list[VisaType], text: str) -> list[VisaType]:
    """The routes a message names, best match first.

    A route named in full wins over routes that only share a word with the message ("UK
    skilled worker visa" is the Skilled Worker visa, not the Health and Care *Worker* visa).
    """
    full = [v for v in visas if _normal(v.name).strip() in text]
    if full:
        return full
    hits = {v: sum(1 for w in _distinct_words(v) if len(w) > 3 and f" {w} " in text) for v in visas}
    best = max(hits.values(), default=0)
    return [v for v in visas if best and hits[v] == best]


def _distinct_words(visa: VisaType) -> list[str]:
    """Words of a visa's name specific enough to recognise it ("blue", "express", "skilled")."""
    common = {"visa", "permit", "the", "and", "for", "programme", "program", "route", "class"}
    return [w for w in _normal(visa.name).split() if w not in common and not w.isdigit()][:3]


def follow_up_questions(profile: dict[str, Any], limit: int = 3) -> list[str]:
    return [q for key, q in FOLLOW_UPS if profile.get(key) in (None, "", [], 0)][:limit]


def unverified_figures(answer: str, facts: Facts) -> list[str]:
    """Numbers in ``answer`` (two digits or more) that are not among the facts' numbers."""
    known = facts.numbers()
    odd = []
    for raw in _NUMBER.findall(answer):
        number = _normalise_number(raw)
        if len(number.replace(".", "").lstrip("0")) < 2 or number in known:
            continue
        odd.append(raw)
    return sorted(set(odd))
