"""Country comparison: both values per metric from the data, winners, fit, pros and cons."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from japaguide.errors import NotFound
from japaguide.extensions import db
from japaguide.identity import Owner
from plugins.ai import services
from plugins.ai.personalities import OFFLINE_VOICE, PERSONALITY_INTROS
from plugins.countries.models import Country
from plugins.visas.models import VisaType

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
        label, key, lower_better = METRICS[metric]
        lv, lnote = _value(left, visas[left.code], key)
        rv, rnote = _value(right, visas[right.code], key)
        a, b = _comparable(metric, lv), _comparable(metric, rv)
        winner = None
        if a is not None and b is not None and a != b:
            winner = left.code if (a < b) == lower_better else right.code
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
    result.update(
        narrative=ai.text,
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
    for country in (left, right):
        open_routes = [v for v in visas[country.code] if v.nigeria_status in {"open", "restricted"}]
        if open_routes:
            scores[country.code] += 1
            reasons[country.code].append(f"{len(open_routes)} route(s) open to Nigerians.")
        if budget is not None and country.avg_rent_monthly_usd is not None:
            cheapest = min(
                (
                    v.cost_estimate_min
                    for v in visas[country.code]
                    if v.cost_estimate_min is not None
                ),
                default=Decimal(0),
            )
            first_six_months = cheapest + Decimal(country.avg_rent_monthly_usd) * 6
            if Decimal(str(budget)) >= first_six_months:
                scores[country.code] += 1
                reasons[country.code].append(
                    f"Your ${Decimal(str(budget)):,.0f} covers the cheapest route's fees and six "
                    f"months' rent (${first_six_months:,.0f})."
                )
        languages = [lang.lower() for lang in profile.get("languages") or []]
        official = [lang.lower() for lang in (country.meta or {}).get("official_languages", [])]
        if languages and set(languages) & set(official):
            scores[country.code] += 1
            reasons[country.code].append("You speak an official language.")
    return {"scores": scores, "reasons": reasons}


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
    return "\n".join([*lines, *result["deal_breakers"]])


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
    choice = result["recommendation"]["country"]
    if choice:
        name = left if choice == result["left"]["code"] else right
        lines.append(
            f"\nOn this data, {name} fits you better: "
            + " ".join(result["recommendation"]["reasons"])
        )
    lines.extend(["", closing])
    return "\n".join(lines)
