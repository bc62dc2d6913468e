"""What Japabot says, before it is said in a voice: the answer first, then a few facts.

:func:`compose` turns an :class:`~plugins.ai.understanding.Understanding` and the routes it
is about into a :class:`Composed` answer: a lead (the sentence that answers the question, as a
frame of :mod:`plugins.ai.personalities` with its slots), at most five fact bullets, and the
follow-up questions this answer still needs. Every figure comes from the loaded rows or from
the calculator's and visas' services (household funds, fees for a family, yearly charges).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from japaguide.money import to_usd
from plugins.ai.retrieval import Index, RouteEntry, normal
from plugins.ai.understanding import Understanding, rank_routes
from plugins.calc.services import household_words, proof_of_funds
from plugins.countries.models import Country
from plugins.countries.services import rates_table
from plugins.visas.models import VisaType
from plugins.visas.services import applicable, partner_default

MAX_POINTS = 5
#: Two amounts within this share of each other are a tie, not a winner.
TIE_SHARE = Decimal("0.10")
BAD = ("suspended", "restricted", "ineligible")
CLOSED = ("suspended", "ineligible")
#: Frames that describe a route rather than answer a figure: a closed route is said first.
SAY_STATUS_FIRST = ("overview", "route", "start", "requirement", "refused_none")


@dataclass
class Composed:
    frame: str
    slots: dict[str, str] = field(default_factory=dict)
    points: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    bad_news: bool = False
    prefix_frames: list[str] = field(default_factory=list)  # injection, refusal …
    visas: list[VisaType] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)


def money(amount: Decimal | None, currency: str, usd: Decimal | None = None) -> str:
    if amount is None:
        return "amount not published"
    text = f"{currency} {amount:,.2f}".replace(".00", "") if currency else f"{amount:,.2f}"
    if usd is not None and currency != "USD":
        text += f" (≈ ${usd:,.2f})"
    return text


def span(visa: VisaType) -> str | None:
    low, high = visa.processing_time_min_weeks, visa.processing_time_max_weeks
    if low is not None and high is not None:
        return f"{low}–{high} weeks" if low != high else f"{high} weeks"
    if high is not None:
        return f"up to {high} weeks"
    if low is not None:
        return f"at least {low} weeks"
    return None


def status_line(visa: VisaType) -> str:
    return (
        f"{visa.name} is {visa.nigeria_status.upper()} for Nigerian passport holders "
        f"(as of {visa.nigeria_status_as_of}): {visa.nigeria_status_reason}"
    )


def _requirement(visa: VisaType, *words: str) -> str | None:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    return next((r for r in visa.requirements or [] if pattern.search(r)), None)


def _dependants(u: Understanding, profile: dict[str, Any]) -> tuple[int, bool | None, bool]:
    """(dependants, partner, known): the household from the message, slots or profile."""
    if u.household:
        return u.household - 1, u.partner, True
    deps = profile.get("num_dependents") or profile.get("numDependents")
    if deps is not None:
        return int(deps), None, True
    return 0, None, False


def choose(
    u: Understanding, index: Index, codes: list[str], slot_route: int | None
) -> list[RouteEntry]:
    """The routes this answer is about, best first, for each country in ``codes``."""
    scores = rank_routes(u.message, index, codes)
    chosen: list[RouteEntry] = []
    text = f" {normal(u.message)} "
    for code in codes:
        routes = index.routes_of(code)
        named = [r for r in routes if r.id in u.routes] or _named_in_country(routes, text)
        if not named and slot_route and not u.category:
            named = [r for r in routes if r.id == slot_route]
        category = u.category
        if not category and u.wants & {"funds", "money", "compare"}:
            category = "work"  # most households move on a work route; the follow-up asks
        pool = named or [r for r in routes if category and r.category == category] or routes
        pool = sorted(pool, key=lambda r: -scores.get(r.id, 0.0))
        if u.degree is False:
            pool = sorted(pool, key=lambda r: (r.degree == "required", r.degree == "alternative"))
        if "time" in u.wants and not named:
            pool = sorted(pool, key=_realistic_weeks)
        elif ("money" in u.wants or "compare" in u.wants) and not named and not u.category:
            pool = sorted(pool, key=lambda r: (r.cost_min_usd is None, r.cost_min_usd or 0))
        if "status" not in u.wants:
            pool = sorted(pool, key=lambda r: r.nigeria_status != "open" and not named)
        chosen.extend(pool)
    return chosen


#: Words of route names too plain to tell one route from another.
PLAIN_NAME_WORDS = frozenset(
    [
        "visa",
        "permit",
        "the",
        "and",
        "for",
        "programme",
        "program",
        "route",
        "class",
        "national",
        "type",
        "long",
        "stay",
    ]
)


def _named_in_country(routes: list[RouteEntry], text: str) -> list[RouteEntry]:
    """The routes of one country a message names, best match first.

    A route named in full wins over routes that only share a word with the message ("UK
    skilled worker visa" is the Skilled Worker visa, not the Health and Care *Worker* visa).
    """
    full = [r for r in routes if f" {normal(_head(r.name))} " in text]
    if full:
        return full
    hits = {
        r.id: sum(
            1
            for w in dict.fromkeys(normal(_head(r.name)).split())
            if len(w) > 3 and w not in PLAIN_NAME_WORDS and f" {w} " in text
        )
        for r in routes
    }
    best = max(hits.values(), default=0)
    return [r for r in routes if best >= 2 and hits[r.id] == best]


def _head(name: str) -> str:
    return re.split(r"\s[–—-]\s|\(", name)[0]


def _realistic_weeks(route: RouteEntry) -> tuple[bool, bool, int]:
    """Fastest is judged on the longest a decision may take, not the shortest; a route with
    only a minimum comes after every route with a known maximum."""
    if route.max_weeks is not None:
        return (False, False, route.max_weeks)
    return (True, route.min_weeks is None, route.min_weeks or 0)


#: Routes loaded per country for one answer: more are never shown.
ROUTES_PER_COUNTRY = 5


def _shortlist(routes: list[RouteEntry]) -> list[RouteEntry]:
    taken: dict[str, int] = {}
    short = []
    for route in routes:
        if taken.get(route.code, 0) < ROUTES_PER_COUNTRY:
            taken[route.code] = taken.get(route.code, 0) + 1
            short.append(route)
    return short


def route_summary(visa: VisaType) -> str:
    parts = [f"{visa.name} ({visa.category})"]
    if visa.nigeria_status != "open":
        parts.append(visa.nigeria_status.upper() + " for Nigerians")
    if span(visa):
        parts.append(f"decision in {span(visa)}")
    if visa.cost_estimate_min:
        parts.append(f"official fees from ${visa.cost_estimate_min:,.2f}")
    return ": ".join(parts[:1]) + (" — " + ", ".join(parts[1:]) if parts[1:] else "")


def funds_lines(visa: VisaType, dependants: int, partner: bool | None) -> tuple[str, list[str]]:
    """The money to show for this household, summed by the calculator's own service."""
    if partner is None:
        partner = partner_default(visa.category)
    funds = proof_of_funds(visa, dependants, partner)
    if funds is None:
        return "", []
    total = money(funds["amount"], funds["currency"] or "", funds["amount_usd"])
    if funds["amount"] is None:
        total = f"${funds['amount_usd']:,.2f}"
    lines = [
        f"{item['label']}: {money(item['amount'], item['currency'], item['amount_usd'])}"
        + (f" × {item['count']}" if item["count"] > 1 else "")
        for item in funds["items"]
    ]
    if funds["holding_period_days"]:
        lines.append(f"The money must be held for {funds['holding_period_days']} days.")
    return total, lines


def fee_lines(
    visa: VisaType, dependants: int, partner: bool | None, months: int | None = None
) -> tuple[str, list[str]]:
    """The fees this household pays at the route's steps; yearly charges for every started
    year of ``months`` (one year unless the message says how long)."""
    if partner is None:
        partner = partner_default(visa.category)
    items = applicable(visa.money, dependants, kind="spend", months=months, partner=partner)
    lines, usd = [], Decimal(0)
    for item, times in items:
        if item.step_order is None or item.amount is None:
            continue
        per = item.applies_to.replace("_", " ")
        line = f"{item.label}: {money(item.amount, item.currency)} {per}"
        if times > 1:
            line += f" × {times} = {money(item.amount * times, item.currency)}"
        lines.append(line)
        if item.amount_usd is not None:
            usd += item.amount_usd * times
    return (f"${usd:,.2f}" if usd else ""), lines + employer_lines(visa)


def employer_lines(visa: VisaType) -> list[str]:
    """Money the employer or sponsor pays or must meet: said, never counted as yours."""
    others = [m for m in visa.money if (m.paid_by or "applicant") != "applicant"]
    paid = [m for m in others if m.kind == "spend" and m.amount is not None]
    bars = [m for m in others if m.kind == "show" and m.amount is not None]
    lines = []
    if paid:
        lines.append(
            "Paid by the employer or sponsor, not you: "
            + "; ".join(f"{m.label}: {money(m.amount, m.currency)}" for m in paid[:2])
        )
    if bars:
        lines.append(
            "Thresholds your employer or sponsor must meet: "
            + "; ".join(f"{m.label}: {money(m.amount, m.currency)}" for m in bars[:2])
        )
    return lines


def route_facts(visa: VisaType, deps: int, partner: bool | None) -> list[str]:
    """Everything a model may state about a route this answer is about (the FACTS block)."""
    lines = [f"{visa.name} ({visa.country.name}, {visa.category} route)."]
    lines.append(
        status_line(visa)
        if visa.nigeria_status != "open"
        else f"{visa.name} is open to Nigerian passport holders (as of "
        f"{visa.nigeria_status_as_of})."
    )
    if span(visa):
        lines.append(f"Processing time: {span(visa)}.")
    fees, fee_items = fee_lines(visa, deps, partner)
    if fees:
        lines.append(f"Official fees for this household: about {fees}.")
    lines.extend(fee_items)
    funds, fund_items = funds_lines(visa, deps, partner)
    if funds:
        lines.append(f"Money to show (and keep): {funds}.")
        lines.extend(fund_items)
    if visa.steps:
        lines.append("Steps: " + "; ".join(f"{s.order}) {s.title}" for s in visa.steps[:5]) + ".")
    return lines


def compose(
    u: Understanding,
    index: Index,
    *,
    profile: dict[str, Any],
    slot_route: int | None = None,
) -> Composed:
    """The answer to ``u`` from the data (the caller has merged the conversation's slots)."""
    # Only countries the data covers: a page's or a conversation's code can name one it does
    # not (a valid ISO code such as PLW) — that is "no country", never a lookup that fails.
    codes = [code for code in u.countries if code in index.names][:2]
    composed = Composed(frame="overview")
    if u.injection:
        composed.prefix_frames.append("injection")
    if u.distress or u.refused:
        composed.prefix_frames.append("distress" if u.distress else "refusal")
    if u.uncovered and not codes:
        composed.frame = "not_covered"
        composed.slots = {"place": u.uncovered[0], "count": str(len(index.names))}
        composed.points = [", ".join(sorted(index.names.values()))]
        composed.follow_ups = ["Would one of the countries Japaguide covers work for you?"]
        return composed
    if not codes:
        return _without_country(u, index, composed)
    routes = choose(u, index, codes, slot_route)
    visas = index.visas
    ordered = [visas[r.id] for r in _shortlist(routes) if r.id in visas]
    composed.visas = ordered
    if not ordered:
        composed.frame = "no_routes"
        composed.slots = {"country": index.names[codes[0]]}
        return composed
    countries = {v.country.code: v.country for v in ordered}
    composed.countries = [countries[code] for code in codes if code in countries]
    deps, partner, known_household = _dependants(u, profile)
    lead = ordered[0]
    composed.slots = {
        "route": lead.name,
        "country": lead.country.name,
        "who": _who(deps, partner, known_household),
    }
    from plugins.ai import intents

    intent = intents.primary(u.wants - {"injection", "off_topic"})
    if u.refused and intent in ("overview", "status"):
        intent = "refused"
    if intent == "compare" and len(codes) < 2:
        intent = "money" if "money" in u.wants else "overview"
    handler = _HANDLERS.get(intent, _overview)
    handler(composed, u, ordered, deps, partner)
    if composed.frame in SAY_STATUS_FIRST and composed.visas[0].nigeria_status in CLOSED:
        # A route Nigerians cannot simply use now: that is the answer's first sentence.
        points = composed.points
        _status(composed, u, composed.visas, deps, partner)
        if composed.frame != "status_country":
            composed.points = points[: MAX_POINTS - 1] + composed.points[:1]
    bad = [v for v in composed.visas[:1] if v.nigeria_status in BAD]
    if intent == "compare":
        bad = [v for v in _per_country(ordered)[:2] if v.nigeria_status in BAD]
    if bad and composed.frame not in ("status_bad", "status_restricted", "status_country"):
        composed.cautions = [status_line(v) for v in bad[:2]]
    composed.bad_news = composed.bad_news or bool(bad) or u.refused or u.distress
    composed.points = composed.points[:MAX_POINTS]
    composed.slots.setdefault("intent", intent)
    composed.follow_ups = _follow_ups(composed, u, ordered, profile, known_household)
    return composed


def lead_visas(composed: Composed) -> list[VisaType]:
    """The routes the answer is about: its lead, and the other country's in a comparison."""
    if composed.frame.startswith("compare"):
        return _per_country(composed.visas)[:2]
    return composed.visas[:1]


def _who(deps: int, partner: bool | None, known: bool) -> str:
    if not known or deps == 0:
        return "one person" if known else "one person (you alone)"
    return f"a household of {deps + 1} (you, {household_words(deps, partner)})"


def _per_country(ordered: list[VisaType]) -> list[VisaType]:
    seen, firsts = set(), []
    for visa in ordered:
        if visa.country.code not in seen:
            seen.add(visa.country.code)
            firsts.append(visa)
    return firsts


def _funds(c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any) -> None:
    for visa in visas[:3]:
        total, lines = funds_lines(visa, deps, partner)
        if total:
            c.frame = "funds"
            c.slots |= {"route": visa.name, "country": visa.country.name, "amount": total}
            fees, _ = fee_lines(visa, deps, partner)
            c.points = lines + (
                [f"Official fees for the same household: about {fees} (money you spend)."]
                if fees
                else []
            )
            if visa is not visas[0]:
                c.visas = [visa, *[v for v in visas if v is not visa]]
            if point := _budget_point(u, visa, deps, partner):
                c.points.insert(0, point)
            return
    _money(c, u, visas, deps, partner)
    if c.frame == "cost":
        c.points.insert(0, f"{visas[0].name} lists no money to show in Japaguide's data.")


def _money(c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any) -> None:
    visa = visas[0]
    total, lines = fee_lines(visa, deps, partner, u.months)
    if u.months and u.months > 12 and total:
        c.slots["who"] += f" over {u.months // 12 if u.months % 12 == 0 else u.months} " + (
            "years" if u.months % 12 == 0 else "months"
        )
    if not total and visa.cost_estimate_min is not None:
        total = f"${visa.cost_estimate_min:,.2f}"
    if not total:
        c.frame = "no_figure"
        c.slots["what"] = "official fees"
        c.points = [route_summary(v) for v in visas[:3]]
        return
    c.frame = "cost"
    c.slots["amount"] = total
    c.points = lines
    funds_total, _ = funds_lines(visa, deps, partner)
    if funds_total:
        c.points.append(f"On top of the fees you must show {funds_total} (you keep that money).")
    if point := _budget_point(u, visa, deps, partner, u.months):
        c.points.insert(0, point)


def _budget_point(
    u: Understanding, visa: VisaType, deps: int, partner: Any, months: int | None = None
) -> str | None:
    """Whether the budget the user gave covers the fees and the money to show (no new figure:
    the comparison is made in dollars at the rates table, only the verdict is said)."""
    if not u.budget:
        return None
    amount, currency, written = u.budget
    budget_usd = to_usd(Decimal(str(amount)), currency, rates_table())
    if budget_usd is None:
        return None
    fees = _usd(fee_lines(visa, deps, partner, months)[0]) or Decimal(0)
    funds = proof_of_funds(visa, deps, partner)
    show = funds["amount_usd"] if funds else Decimal(0)
    if budget_usd >= fees + show:
        verdict = "covers these official fees and the money to show"
    elif budget_usd >= fees:
        verdict = "covers these official fees, but not the money to show as well"
    else:
        verdict = "does not cover these official fees yet"
    return f"Your budget of {written} {verdict}."


def _time(c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any) -> None:
    timed = [v for v in visas if span(v)]
    if not timed:
        c.frame = "no_figure"
        c.slots["what"] = "a processing time"
        c.points = [route_summary(v) for v in visas[:3]]
        return
    visa = timed[0]
    c.frame = "fastest" if len(timed) > 1 and not u.routes else "time"
    c.slots |= {"route": visa.name, "country": visa.country.name, "span": span(visa)}
    c.points = [route_summary(v) for v in timed[1:4]]
    steps = sum(s.estimated_time_days or 0 for s in visa.steps)
    if steps:
        c.points.insert(0, f"The whole route, every step included, takes about {steps} days.")
    c.visas = [visa, *[v for v in visas if v is not visa]]


def _status(c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any) -> None:
    if not u.routes and not u.category and len({v.country.code for v in visas}) == 1:
        country = visas[0].country
        open_ = [v for v in visas if v.nigeria_status == "open"]
        c.frame = "status_country"
        c.bad_news = len(open_) < len(visas)
        c.slots |= {
            "country": country.name,
            "open": str(len(open_)),
            "count": _routes_word(len(visas)),
        }
        c.points = [
            f"{v.name}: {v.nigeria_status.upper()} (as of {v.nigeria_status_as_of})"
            for v in sorted(visas, key=lambda v: v.nigeria_status != "open")
        ]
        c.visas = sorted(visas, key=lambda v: v.nigeria_status != "open")
        return
    named = [v for v in visas if v.id in u.routes] or [
        v for v in visas if u.category and v.category == u.category
    ]
    focus = named[0] if named else visas[0]
    if c.visas and c.visas[0] in visas:
        focus = c.visas[0]
    if focus.nigeria_status in CLOSED:
        c.frame = "status_bad"
        c.bad_news = True
    elif focus.nigeria_status in BAD:
        c.frame = "status_restricted"
        c.bad_news = True
    else:
        c.frame = "status_open"
    c.slots |= {
        "route": focus.name,
        "country": focus.country.name,
        "status": focus.nigeria_status.upper(),
        "as_of": str(focus.nigeria_status_as_of),
        "reason": focus.nigeria_status_reason,
    }
    c.points = [f"Why: {focus.nigeria_status_reason}"] + [
        route_summary(v) for v in visas if v is not focus
    ][:3]
    c.visas = [focus, *[v for v in visas if v is not focus]]


def _eligibility(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    visa = visas[0]
    if u.degree is False:
        from plugins.ai.retrieval import degree_need

        open_ = [v for v in visas if degree_need(v.requirements) != "required"]
        if open_:
            visa = open_[0]
            c.frame = "no_degree_yes"
            c.slots |= {
                "route": visa.name,
                "country": visa.country.name,
                "requirement": _requirement(visa, "vocational", "qualification", "degree")
                or visa.requirements[0],
            }
            need = [v for v in visas if degree_need(v.requirements) == "required"]
            c.points = [
                f"{v.name} needs a degree: {_requirement(v, 'degree', 'university')}"
                for v in need[:2]
            ]
            c.visas = [visa, *[v for v in visas if v is not visa]]
        else:
            c.frame = "no_degree_no"
            c.slots["country"] = visa.country.name
            c.points = [f"{v.name}: {_requirement(v, 'degree', 'university')}" for v in visas[:3]]
        return
    words = ("degree", "university", "qualification")
    if re.search(r"\b(salary|income|earn|pay)\b", u.message.lower()):
        words = ("salary", "income", "pay")
    elif u.age or " age " in f" {u.message.lower()} " or "old" in u.message.lower():
        words = ("age", "under", "45")
    elif re.search(r"\b(ielts|english|language|german|test|toefl|pte)\b", u.message.lower()):
        words = ("ielts", "english", "language", "german", "clb", "a1", "b1", "b2")
    requirement = _requirement(visa, *words) or (visa.requirements or [None])[0]
    limit = re.search(r"\b[Uu]nder (\d{2})\b", requirement or "")
    if u.age and limit and u.age >= int(limit.group(1)):
        c.frame = "age_over"
        c.bad_news = True
        c.slots |= {"requirement": requirement.rstrip("."), "age": str(u.age)}
        c.points = [route_summary(v) for v in visas[1:4]]
        return
    if requirement is None:
        _overview(c, u, visas, deps, partner)
        return
    c.frame = "requirement"
    c.slots["requirement"] = requirement
    c.points = [r for r in visa.requirements if r != requirement][:4]


def _compare(c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any) -> None:
    firsts = _per_country(visas)
    if len(firsts) < 2:
        _overview(c, u, visas, deps, partner)
        return
    a, b = firsts[:2]
    c.visas = [a, b, *[v for v in visas if v not in (a, b)]]
    c.slots |= {"a": a.country.name, "b": b.country.name, "ra": a.name, "rb": b.name}
    if "time" in u.wants and "money" not in u.wants:
        wa, wb = _realistic_weeks_visa(a), _realistic_weeks_visa(b)
        if wa is None or wb is None:
            c.frame = "compare_unknown"
            c.slots["what"] = "processing times"
        else:
            c.slots |= {"va": span(a), "vb": span(b)}
            c.frame = _winner(c, Decimal(wa), Decimal(wb), "faster")
    else:
        fa, _ = fee_lines(a, deps, partner)
        fb, _ = fee_lines(b, deps, partner)
        ca = _usd(fa) or a.cost_estimate_min
        cb = _usd(fb) or b.cost_estimate_min
        if ca is None or cb is None:
            c.frame = "compare_unknown"
            c.slots["what"] = "official fees"
        else:
            c.slots |= {"va": f"${ca:,.2f}", "vb": f"${cb:,.2f}"}
            c.frame = _winner(c, ca, cb, "cheaper")
    c.points = [route_summary(a), route_summary(b)]
    for visa in (a, b):
        total, _ = funds_lines(visa, deps, partner)
        if total:
            c.points.append(f"{visa.name} also asks you to show {total} (money you keep).")


def _usd(text: str) -> Decimal | None:
    return Decimal(text.replace("$", "").replace(",", "")) if text else None


def _realistic_weeks_visa(visa: VisaType) -> int | None:
    return visa.processing_time_max_weeks


def _winner(c: Composed, left: Decimal, right: Decimal, better: str) -> str:
    if abs(left - right) <= TIE_SHARE * max(left, right):
        return "compare_tie"
    if right < left:
        c.slots |= {
            "a": c.slots["b"],
            "b": c.slots["a"],
            "ra": c.slots["rb"],
            "rb": c.slots["ra"],
            "va": c.slots["vb"],
            "vb": c.slots["va"],
        }
    return "compare_" + better


def _start(c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any) -> None:
    visa = visas[0]
    if not visa.steps:
        _overview(c, u, visas, deps, partner)
        return
    c.frame = "start"
    c.slots["step"] = visa.steps[0].title
    c.points = [
        f"Step {s.order}: {s.title}"
        + (f" (about {s.estimated_time_days} days)" if s.estimated_time_days else "")
        for s in visa.steps[1:5]
    ]


def _overview(
    c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any
) -> None:
    if u.routes and visas[0].id in u.routes:
        visa = visas[0]
        c.frame = "route"
        c.slots["about"] = _first_sentence(visa.description) or visa.category + " route"
        c.points = [route_summary(visa), *visa.requirements[:3]]
        return
    country = visas[0].country
    own = [v for v in visas if v.country.code == country.code]
    open_ = [v for v in own if v.nigeria_status == "open"]
    c.frame = "overview"
    c.slots |= {
        "country": country.name,
        "count": _routes_word(len(own)),
        "open": str(len(open_)),
        "routes": ", ".join(v.name for v in open_[:3]) or "none",
    }
    c.points = [route_summary(v) for v in own[:MAX_POINTS]]


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", (text or "").strip())
    return (match.group(1) if match else (text or "")).strip().rstrip(".")


def _routes_word(count: int) -> str:
    return f"{count} route" + ("" if count == 1 else "s")


def _refused(c: Composed, u: Understanding, visas: list[VisaType], deps: int, partner: Any) -> None:
    open_ = [v for v in visas if v.nigeria_status == "open"]
    c.frame = "refused"
    c.points = [route_summary(v) for v in (open_ or visas)[:3]]
    c.bad_news = True


_HANDLERS = {
    "refused": _refused,
    "funds": _funds,
    "money": _money,
    "time": _time,
    "status": _status,
    "eligibility": _eligibility,
    "compare": _compare,
    "start": _start,
    "overview": _overview,
}


def _across(u: Understanding, index: Index, composed: Composed) -> bool:
    """ "Which country is cheapest for a masters?": ranked over every covered route."""
    text = f" {u.message.lower()} "
    cheapest = any(w in text for w in ("cheapest", "cheaper", "lowest cost", "least expensive"))
    fastest = any(w in text for w in ("fastest", "quickest", "faster", "quicker"))
    which = any(w in text for w in ("country", "where", "which"))
    if not which or not (cheapest or fastest or u.budget):
        return False
    cheapest = cheapest or not fastest  # "I have ₦5m, which country?": the cheapest first
    pool = [
        r
        for r in index.routes
        if r.nigeria_status == "open" and (not u.category or r.category == u.category)
    ]
    if cheapest:
        # Only routes whose every fee is published: a missing visa fee is not a cheap one.
        ranked = sorted(
            (r for r in pool if r.cost_min_usd and r.fees_complete), key=lambda r: r.cost_min_usd
        )
        value = lambda r: f"${r.cost_min_usd:,.2f} in official fees"  # noqa: E731
    else:
        ranked = sorted((r for r in pool if r.max_weeks is not None), key=lambda r: r.max_weeks)
        value = lambda r: f"up to {r.max_weeks} weeks"  # noqa: E731
    if not ranked:
        return False
    best = ranked[0]
    composed.frame = "across_cheapest" if cheapest else "across_fastest"
    composed.slots = {
        "route": best.name,
        "country": index.names[best.code],
        "value": value(best),
        "kind": u.category or "",
    }
    composed.points = [f"{r.name} ({index.names[r.code]}): {value(r)}" for r in ranked[1:5]]
    if u.budget:
        composed.points.insert(
            0,
            f"Your budget: {u.budget[2]}; money to show comes on top of fees on many routes.",
        )
    composed.visas = [index.visas[r.id] for r in ranked[:5]]
    composed.countries = [composed.visas[0].country]
    composed.follow_ups = ["Which of these countries appeals to you most?"]
    if not u.category:
        composed.follow_ups.append("Is it for study, work or family?")
    return True


def _without_country(u: Understanding, index: Index, composed: Composed) -> Composed:
    if u.intent not in ("off_topic", "greeting") and _across(u, index, composed):
        return composed
    if u.intent == "greeting":
        composed.frame = "greeting"
        composed.slots = {"count": str(len(index.names))}
        composed.follow_ups = [
            "Which country are you thinking of moving to?",
            "Is it for study, work or family?",
        ]
        return composed
    if u.intent == "off_topic":
        composed.frame = "off_topic"
        composed.follow_ups = [
            "Which country are you thinking of moving to?",
            "Is it for study, work or family?",
        ]
        return composed
    if u.distress or u.refused:
        composed.frame = "distress_only"
        composed.bad_news = True
        composed.follow_ups = [
            "Which country and route are you preparing for?",
            "What part feels hardest right now: the test, the money or the paperwork?",
        ]
        return composed
    elif u.intent == "injection":
        composed.frame = "no_country"
    elif u.intent in ("start", "overview"):
        composed.frame = "start_anywhere"
    else:
        composed.frame = "no_country"
    composed.slots = {"count": str(len(index.names))}
    composed.points = [", ".join(sorted(index.names.values()))]
    composed.follow_ups = ["Which country are you thinking of moving to?"]
    if not u.category:
        composed.follow_ups.append("Is it for study, work or family?")
    return composed


def _follow_ups(
    c: Composed,
    u: Understanding,
    visas: list[VisaType],
    profile: dict[str, Any],
    known_household: bool,
) -> list[str]:
    """What this answer still needs and neither the conversation nor the profile says."""
    asks: list[str] = []
    lead = c.visas[0] if c.visas else visas[0]
    country = lead.country.name
    if c.frame in ("funds", "cost") and not known_household:
        asks.append("How many people are moving: just you, or a partner and children too?")
    if c.frame in ("funds", "cost", "compare_cheaper", "compare_tie") and not (
        u.budget or profile.get("budget_usd")
    ):
        asks.append("What budget do you have for the move (in naira or dollars)?")
    if c.frame in ("time", "fastest") and not profile.get("target_move_date"):
        asks.append("When would you like to move?")
    if c.frame == "status_bad":
        asks.append(f"Shall I show you the {country} routes that are open to Nigerians?")
    if c.frame == "age_over":
        asks.append(f"Shall I look for {country} routes without that age limit?")
    if c.frame in ("requirement", "overview", "start", "no_degree_yes", "no_degree_no"):
        if u.degree is None and not profile.get("education_level"):
            asks.append("Do you have a university degree, or a vocational qualification?")
        if not profile.get("years_experience") and lead.category == "work":
            asks.append("How many years of work experience do you have in your field?")
        if _requirement(lead, "ielts", "english", "language") and not profile.get("languages"):
            asks.append("Have you taken IELTS or another language test yet?")
    if c.frame.startswith("compare"):
        asks.append("What matters most to you: cost, speed or a path to permanent residence?")
    if len({v.category for v in visas}) > 1 and not u.category and c.frame == "overview":
        asks.insert(0, f"Is it study, work or family that takes you to {country}?")
    if not asks:
        asks.append(f"Shall I lay out the steps for the {lead.name}?")
    return asks[:3]
