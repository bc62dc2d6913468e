"""Country comparison: both values per metric from the data, winners, fit, pros and cons."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from japaguide.errors import NotFound
from japaguide.extensions import db
from japaguide.identity import Owner
from plugins.ai import figures, services
from plugins.ai.personalities import OFFLINE_VOICE, PERSONALITY_INTROS
from plugins.countries.models import Country
from plugins.visas.models import VisaType
from plugins.visas.services import applicable, partner_default

#: metric → (label, how to read it from a country, lower is better?)
METRICS = {
    "cost": ("Cost of living index (New York = 100)", "cost_of_living_index", True),
    "rent": ("Average rent, 1-bed city centre (USD/month)", "avg_rent_monthly_usd", True),
    "pr_time": ("Typical months to permanent residence", "pr_timeline_months", True),
    "job_market": ("Job market score (1–10)", "job_market_score", False),
    "difficulty": ("Difficulty for a Nigerian passport (1–10)", "difficulty_score", True),
    "visa_cost": ("Cheapest route's official fees (USD)", "cheapest_route", True),
    "processing_time": ("Fastest route's minimum processing (weeks)", "fastest_route", True),
    "quality_of_life": ("Quality of life", None, False),
}


def _pr_months(value: str | None) -> Decimal | None:
    if not value:
        return None
    parts = (p.strip() for p in str(value).replace("–", "-").split("-"))
    numbers = [Decimal(p) for p in parts if p.isascii() and p.isdigit()]
    return sum(numbers) / len(numbers) if numbers else None


def _value(country: Country, visas: list[VisaType], key: str | None) -> tuple[Any, str | None]:
    if key is None:
        return None, "No verified data: Japaguide does not rate quality of life."
    if key == "pr_timeline_months":
        raw = (country.meta or {}).get("pr_timeline_months")
        return raw, None if raw else "unverified"
    if key == "job_market_score":
        return (country.meta or {}).get("job_market_score"), None
    if key == "cheapest_route":
        priced = [v for v in visas if v.cost_estimate_min is not None]
        best = min(priced, key=lambda v: v.cost_estimate_min, default=None)
        return (best.cost_estimate_min if best else None), (best.name if best else "no route data")
    if key == "fastest_route":
        timed = [v for v in visas if v.processing_time_min_weeks is not None]
        best = min(timed, key=lambda v: v.processing_time_min_weeks, default=None)
        return (best.processing_time_min_weeks if best else None), (
            best.name if best else "no route data"
        )
    return getattr(country, key), None


#: Differences this small are ties: half a point on a 1–10 judgement, 3 % of a price or time.
TIE_ABSOLUTE = {"job_market": Decimal("0.5"), "difficulty": Decimal("0.5")}
TIE_RELATIVE = Decimal("0.03")


def _winner_of(metric: str, a: Decimal, b: Decimal) -> str | None:
    """``"left"``/``"right"`` for a real difference, None for a tie."""
    lower_better = METRICS[metric][2]
    gap = abs(a - b)
    if metric in TIE_ABSOLUTE:
        if gap <= TIE_ABSOLUTE[metric]:
            return None
    elif gap <= TIE_RELATIVE * max(abs(a), abs(b)):
        return None
    return "left" if (a < b) == lower_better else "right"


def _comparable(metric: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    if metric == "pr_time":
        return _pr_months(value)
    return Decimal(str(value))


def compare(
    owner: Owner,
    left_code: str,
    right_code: str,
    metrics: list[str],
    profile: dict[str, Any],
    tone: str,
) -> dict[str, Any]:
    countries = {
        c.code: c
        for c in db.session.scalars(
            select(Country).where(Country.code.in_([left_code, right_code]))
        )
    }
    for code, field in ((left_code, "left"), (right_code, "right")):
        if code not in countries or not countries[code].has_playbook:
            raise NotFound(f"No playbook for {code}.", fields={field: "Unknown country."})
    left, right = countries[left_code], countries[right_code]
    visas = {
        c.code: db.session.scalars(
            select(VisaType).where(VisaType.country_id == c.id, VisaType.is_active.is_(True))
        ).all()
        for c in (left, right)
    }
    rows, score = [], {left.code: 0, right.code: 0}
    for metric in metrics:
        label, key, _ = METRICS[metric]
        lv, lnote = _value(left, visas[left.code], key)
        rv, rnote = _value(right, visas[right.code], key)
        a, b = _comparable(metric, lv), _comparable(metric, rv)
        winner = None
        side = _winner_of(metric, a, b) if a is not None and b is not None else None
        if side is not None:
            winner = left.code if side == "left" else right.code
            score[winner] += 1
        rows.append(
            {
                "metric": metric,
                "label": label,
                "left": lv,
                "right": rv,
                "winner": winner,
                "left_note": lnote,
                "right_note": rnote,
            }
        )
    deal_breakers = [
        f"{v.name} ({c.name}) is {v.nigeria_status} for Nigerian nationals: "
        f"{v.nigeria_status_reason}"
        for c in (left, right)
        for v in visas[c.code]
        if v.nigeria_status in {"suspended", "ineligible"}
    ]
    restrictions = [
        f"{v.name} ({c.name}) is restricted for Nigerian nationals: {v.nigeria_status_reason}"
        for c in (left, right)
        for v in visas[c.code]
        if v.nigeria_status == "restricted"
    ]
    fit = _fit(profile, left, right, visas)
    pros_cons = {c.code: _pros_cons(c, rows, c.code) for c in (left, right)}
    best = max(score, key=lambda code: (score[code], fit["scores"].get(code, 0)))
    if (
        score[left.code] == score[right.code]
        and fit["scores"][left.code] == fit["scores"][right.code]
    ):
        recommendation = {
            "country": None,
            "reasons": ["The data is evenly split: decide on the route that fits your profession."],
        }
    else:
        recommendation = {
            "country": best,
            "reasons": [
                f"Wins {score[best]} of {len(metrics)} compared metrics.",
                *fit["reasons"].get(best, []),
            ],
        }
    result = {
        "left": {"code": left.code, "name": left.name},
        "right": {"code": right.code, "name": right.name},
        "metrics": rows,
        "fit": fit,
        "pros_cons": pros_cons,
        "deal_breakers": deal_breakers,
        "restrictions": restrictions,
        "recommendation": recommendation,
    }
    facts = _facts_text(result)
    template = services.get_template("compare")
    ai = services.complete(
        template,
        {
            "left_country": left.name,
            "right_country": right.name,
            "metrics": metrics,
            "user_profile": profile,
            "tone": tone,
            "facts": facts,
        },
        owner=owner,
        offline=lambda: (_narrative(result, tone), None),
    )
    narrative = ai.text
    if ai.provider == "openai":  # the model words the comparison: only checked figures stay
        ledger = figures.ledger_for(
            lines=[facts, *(r for rs in fit["reasons"].values() for r in rs)],
            countries=(left, right),
            user=[profile],
        )
        narrative = figures.screen(ai.text, ledger).text or _narrative(result, tone)
    result.update(
        narrative=narrative,
        personality_intro=PERSONALITY_INTROS[tone],
        ai_provider=ai.provider,
        cached=ai.cached,
        tokens_used=ai.tokens,
        fallback_used=ai.fallback_used,
    )
    return result


def _fit(
    profile: dict[str, Any], left: Country, right: Country, visas: dict[str, list[VisaType]]
) -> dict[str, Any]:
    scores = {left.code: 0, right.code: 0}
    reasons: dict[str, list[str]] = {left.code: [], right.code: []}
    budget = profile.get("budget_usd")
    dependants = int(profile.get("num_dependents") or 0)
    for country in (left, right):
        usable = [v for v in visas[country.code] if v.nigeria_status in {"open", "restricted"}]
        open_routes = [v for v in usable if v.nigeria_status == "open"]
        restricted = [v for v in usable if v.nigeria_status == "restricted"]
        if usable:
            scores[country.code] += 1
            reasons[country.code].append(f"{len(open_routes)} route(s) open to Nigerians.")
        for visa in restricted:
            reasons[country.code].append(
                f"{visa.name} is restricted for Nigerians: {visa.nigeria_status_reason}"
            )
        if budget is not None and country.avg_rent_monthly_usd is not None:
            reason = _budget_fit(Decimal(str(budget)), country, usable, dependants)
            if reason is not None:
                fits, text = reason
                scores[country.code] += 1 if fits else 0
                reasons[country.code].append(text)
        languages = [lang.lower() for lang in profile.get("languages") or []]
        official = [lang.lower() for lang in (country.meta or {}).get("official_languages", [])]
        if languages and set(languages) & set(official):
            scores[country.code] += 1
            reasons[country.code].append("You speak an official language.")
    return {"scores": scores, "reasons": reasons}


def _budget_fit(
    budget: Decimal, country: Country, routes: list[VisaType], dependants: int
) -> tuple[bool, str] | None:
    """Does the budget cover the cheapest usable route: its fees, the money it makes you show
    (for this household) and six months' rent? A budget that only covers fees does not fit.

    None when no route is priced; a route whose money to show has no USD value is not
    judged a fit (the check would be a guess).
    """
    priced = [v for v in routes if v.cost_estimate_min is not None]
    if not priced:
        return None
    route = min(priced, key=lambda v: v.cost_estimate_min)
    shown = applicable(
        route.money, dependants, kind="show", partner=partner_default(route.category)
    )
    unpriced = [m.label for m, _ in shown if m.amount_usd is None]
    to_show = sum((m.amount_usd * n for m, n in shown if m.amount_usd is not None), Decimal(0))
    rent = Decimal(country.avg_rent_monthly_usd) * 6
    needed = route.cost_estimate_min + to_show + rent
    if unpriced:
        return False, (
            f"{route.name}: the money you must show ({', '.join(unpriced[:2])}) has no "
            "verified dollar value, so Japaguide cannot say your budget covers it."
        )
    parts = f"fees ${route.cost_estimate_min:,.0f}"
    if to_show:
        parts += f", money to show ${to_show:,.0f}"
    parts += f" and six months' rent ${rent:,.0f}"
    if budget >= needed:
        return True, f"Your ${budget:,.0f} covers {route.name}: {parts} (${needed:,.0f})."
    return False, (
        f"Your ${budget:,.0f} does not cover {route.name}: {parts} come to ${needed:,.0f}."
    )


def _pros_cons(country: Country, rows: list[dict[str, Any]], code: str) -> dict[str, list[str]]:
    pros = [r["label"] for r in rows if r["winner"] == code]
    cons = [r["label"] for r in rows if r["winner"] not in (None, code)]
    return {"pros": pros, "cons": cons}


def _facts_text(result: dict[str, Any]) -> str:
    lines = [
        f"{r['label']}: {result['left']['name']} {r['left']} vs {result['right']['name']} "
        f"{r['right']}"
        for r in result["metrics"]
    ]
    return "\n".join([*lines, *result["deal_breakers"], *result.get("restrictions", [])])


def _narrative(result: dict[str, Any], tone: str) -> str:
    opening, closing = OFFLINE_VOICE[tone]
    left, right = result["left"]["name"], result["right"]["name"]
    lines = [opening, ""]
    for row in result["metrics"]:
        winner = {result["left"]["code"]: left, result["right"]["code"]: right}.get(row["winner"])
        verdict = f" → {winner}" if winner else " → no clear winner in the data"
        lines.append(
            f"- {row['label']}: {left} {row['left'] if row['left'] is not None else 'n/a'}"
            f", {right} {row['right'] if row['right'] is not None else 'n/a'}{verdict}"
        )
    for item in result["deal_breakers"]:
        lines.append(f"- Deal-breaker: {item}")
    for item in result.get("restrictions", []):
        lines.append(f"- Restricted: {item}")
    choice = result["recommendation"]["country"]
    if choice:
        name = left if choice == result["left"]["code"] else right
        lines.append(
            f"\nOn this data, {name} fits you better: "
            + " ".join(result["recommendation"]["reasons"])
        )
    lines.extend(["", closing])
    return "\n".join(lines)
