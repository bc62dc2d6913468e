"""The cost calculator service: resolve inputs from the data, compute, compare, store.

Inputs given as null fall back to the city's figures when ``city`` is one of the playbook's
cities with figures, else to the country's averages (and to the visa route's official fees
when ``visaType`` names one of the country's routes). What the move costs (spent) is kept
apart from what must be shown but is kept (proof of funds); ``cashNeeded`` is both together.
An amount nobody knows is never a silent zero: it is listed in ``unknownItems`` and the totals
say ``isLowerBound``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select

from japaguide.errors import InvalidField, NotFound, RuleViolation
from japaguide.extensions import db
from japaguide.identity import Owner, get_owned_or_404, owned_select, touch_anonymous_session
from japaguide.money import from_usd, to_usd
from japaguide.pagination import paginate
from japaguide.plugins import get_host
from japaguide.schemas import round_money, to_jsonable
from plugins.calc import calculator
from plugins.calc.calculator import (
    DEFAULT_BUFFER_PERCENT,
    MEALS_PER_MONTH,
    PHONE_INTERNET_MONTHLY_USD,
    TRANSPORT_MONTHLY_USD,
    ResolvedInputs,
)
from plugins.calc.cities import city_figure, city_record, resolve_city
from plugins.calc.comparison import DEFAULT_MIN_SAMPLE, compare, compare_with_stories, stored_sample
from plugins.calc.funds import naira_buffer, proof_of_funds
from plugins.calc.hidden_costs import item_label, parse_hidden_cost, price_for, priced_hidden_cost
from plugins.calc.models import CostEstimate
from plugins.calc.savings import savings_plan
from plugins.countries.models import Country
from plugins.countries.services import rate_history, rates_table
from plugins.visas.models import VisaType
from plugins.visas.services import (
    applicable,
    find_visa_for_country,
    nigeria_status_warning,
    partner_default,
    pre_departure_costs,
)

#: Standard hidden costs of brief §15 (added unless the country lists its own version).
STANDARD_HIDDEN = (
    ("Furniture & setup", Decimal("1500"), "brief §15 standard estimate"),
    ("Documents translation/notarization", Decimal("300"), "brief §15 standard estimate"),
)
#: Pre-departure items paid per traveller (others once, by the main applicant).
PER_PERSON_PRE_DEPARTURE = ("passport", "medical")
#: ``proof_of_funds`` is part of this module's public face (Japabot counts funds with it).
__all__ = ["estimate", "household_words", "proof_of_funds"]
#: Which calculator input each city figure gives.
CITY_FIGURE_INPUTS = {
    "rent_monthly": "rent_monthly",
    "meal": "living_monthly",
    "transport_monthly": "transport_monthly",
}


def _country(code: str) -> Country:
    country = db.session.scalar(select(Country).where(Country.code == code))
    if country is None or not country.has_playbook:
        # A real ISO code (the document's enum) that the data does not cover yet: not found,
        # as on the country's own URL.
        raise NotFound(
            f"No cost data for {code} yet.", fields={"country": [f"No cost data for {code}."]}
        )
    return country


def _visa(country: Country, ref: Any) -> VisaType | None:
    if ref in (None, ""):
        return None
    visa = find_visa_for_country(country, ref)
    if visa is None:
        # Routes are data: a well-formed reference to one the country lacks is a 422.
        raise RuleViolation("visa_type", f"{country.name} has no visa route {ref!r}.")
    return visa


def household_words(dependants: int, partner: bool | None) -> str:
    """ "a partner and 2 children": how the dependants were read."""
    if not dependants:
        return "no dependants"
    with_partner = partner is not False
    children = dependants - (1 if with_partner else 0)
    parts = (["a partner"] if with_partner else []) + (
        [f"{children} child{'ren' if children != 1 else ''}"] if children else []
    )
    return " and ".join(parts)


def unknown_visa_fees(
    visa: VisaType, dependants: int, months: int, partner: bool | None, city: str = ""
) -> list[str]:
    """The route's counted fees whose amount nobody could state: the fees are a lower bound."""
    items = applicable(
        visa.money, dependants, kind="spend", months=months, partner=partner, city=city
    )
    return [f"visa fee: {m.label}" for m, _ in items if m.amount_usd is None and m.step_order]


def _visa_fees(
    visa: VisaType, dependants: int, months: int, partner: bool | None = None, city: str = ""
) -> tuple[Decimal, str]:
    """The route's official fees for this household over the months priced.

    Employer-paid fees are excluded; yearly charges (health surcharge, permit renewals) count
    for every started year of the stay.
    """
    principal = visa.cost_estimate_min or Decimal(0)
    items = applicable(
        visa.money, dependants, kind="spend", months=months, partner=partner, city=city
    )
    total = sum(
        (m.amount_usd * times for m, times in items if m.amount_usd is not None and m.step_order),
        Decimal(0),
    )
    total = max(total, principal)
    extra = round_money(total - principal)
    return round_money(total), (
        f"{visa.name}: official fees ${principal} for the applicant"
        + (
            f" + ${extra} for {household_words(dependants, partner)}"
            if dependants and extra
            else ""
        )
    )


def _flight_default(country: Country, rates: dict[str, Any]) -> tuple[Decimal | None, str]:
    """The flight default: the midpoint of the country's sourced Lagos fare range, else its
    single typical fare, else none (the user's quote is asked for)."""
    meta = country.meta or {}
    fare = meta.get("flight_from_lagos")
    if fare:
        low = to_usd(Decimal(str(fare["low"])), fare["currency"], rates)
        high = to_usd(Decimal(str(fare["high"])), fare["currency"], rates)
        if low is not None and high is not None:
            title = (fare.get("source") or {}).get("title") or "sourced fares"
            trip = (
                "return economy fares (no one-way fare was quoted: a one-way ticket may cost less)"
                if fare.get("trip") == "return"
                else "one-way economy fares"
            )
            return round_money((low + high) / 2), (
                f"midpoint of {trip} Lagos → {country.name} of "
                f"{fare['currency']} {fare['low']}-{fare['high']} per person ({title}, verified "
                f"{fare.get('last_verified')}); add your own quote"
            )
    if meta.get("flight_from_lagos_usd") is not None:
        return Decimal(str(meta["flight_from_lagos_usd"])), (
            f"typical one-way economy fare Lagos → {country.name} per person "
            "(country data; add your own quote)"
        )
    return None, f"no sourced Lagos → {country.name} fare yet"


def resolve_inputs(
    country: Country,
    visa: VisaType | None,
    duration: int,
    dependants: int,
    given: dict[str, Any],
    partner: bool | None = None,
    *,
    city: str = "",
    city_figures: dict[str, dict[str, Any] | None] | None = None,
    unknown: list[str] | None = None,
    rates: dict[str, Any] | None = None,
) -> tuple[ResolvedInputs, list[dict[str, str]], list[str]]:
    """Apply defaults; returns the inputs, the assumptions made, and warnings.

    ``city_figures`` (from :func:`city_figures_for`) take the place of the country's rent,
    meal and transport figures; an input nobody knows is appended to ``unknown``.
    """
    assumptions: list[dict[str, str]] = []
    warnings: list[str] = []
    meta = country.meta or {}
    figures = city_figures or {}
    unknown = unknown if unknown is not None else []

    def pick(
        name: str, fallback: Decimal | None, basis: str, *, warn: str | None = None
    ) -> Decimal:
        value = given.get(name)
        if value is not None:
            return Decimal(value)
        if fallback is None:
            if warn:
                warnings.append(warn)
            unknown.append(name)
            assumptions.append(
                {"input": name, "value": "0", "basis": "unknown: " + (warn or basis)}
            )
            return Decimal(0)
        assumptions.append({"input": name, "value": str(fallback), "basis": basis})
        return Decimal(fallback)

    def from_city(name: str) -> tuple[Decimal | None, str | None]:
        figure = figures.get(name)
        if figure is None:
            return None, None
        source = (figure.get("source") or {}).get("title") or "city figure"
        return figure["amount_usd"], (
            f"{city}: {figure['currency']} {figure['amount']} ({source}, verified "
            f"{figure.get('last_verified')})"
        )

    city_rent, rent_basis = from_city("rent_monthly")
    city_meal, meal_basis = from_city("meal")
    city_transport, transport_basis = from_city("transport_monthly")
    if given.get("visa_fees") is None and visa is not None:
        fees, basis = _visa_fees(visa, dependants, duration, partner, city)
        assumptions.append({"input": "visa_fees", "value": str(fees), "basis": basis})
        visa_fees = fees
    else:
        visa_fees = pick("visa_fees", None, "", warn="No visa route chosen and no visa fees given.")
    meal = city_meal if city_meal is not None else country.avg_meal_cost_usd
    meal_where = meal_basis or f"{country.name} average meal"
    living_default = round_money(Decimal(meal) * MEALS_PER_MONTH) if meal is not None else None
    resolved = ResolvedInputs(
        duration_months=duration,
        num_dependents=dependants,
        visa_fees=visa_fees,
        flights=pick(
            "flights",
            *_flight_default(country, rates or {}),
            warn="No flight price given: add your quote (one way, per person).",
        ),
        insurance_yearly=pick("insurance_yearly", Decimal(0), "none given"),
        tuition_yearly=pick("tuition_yearly", Decimal(0), "none given"),
        rent_monthly=pick(
            "rent_monthly",
            city_rent if city_rent is not None else country.avg_rent_monthly_usd,
            rent_basis
            or f"{country.name} average rent (1-bed, city centre; country figure"
            + (f", no figure for {city} yet)" if city else ")"),
            warn=f"No rent figure for {country.name}.",
        ),
        living_monthly=pick(
            "living_monthly",
            living_default,
            f"{MEALS_PER_MONTH} meals × ${meal} ({meal_where})",
            warn=f"No meal-cost figure for {country.name}.",
        ),
        healthcare_monthly=pick(
            "healthcare_monthly",
            country.healthcare_monthly_usd,
            f"{country.name} typical monthly healthcare cost",
            warn=f"No healthcare figure for {country.name}.",
        ),
        phone_internet_monthly=pick(
            "phone_internet_monthly",
            Decimal(str(meta["phone_internet_monthly_usd"]))
            if meta.get("phone_internet_monthly_usd")
            else PHONE_INTERNET_MONTHLY_USD,
            f"{country.name} phone and internet (country figure)"
            if meta.get("phone_internet_monthly_usd")
            else "brief §15 default ($60/month)",
        ),
        transport_monthly=pick(
            "transport_monthly",
            city_transport
            if city_transport is not None
            else Decimal(str(meta["transport_monthly_usd"]))
            if meta.get("transport_monthly_usd")
            else TRANSPORT_MONTHLY_USD,
            transport_basis
            or (
                f"{country.name} monthly transport (country figure)"
                if meta.get("transport_monthly_usd")
                else "brief §15 default ($100/month)"
            ),
        ),
        buffer_percentage=Decimal(given["buffer_percentage"])
        if given.get("buffer_percentage") is not None
        else DEFAULT_BUFFER_PERCENT,
    )
    return resolved, assumptions, warnings


def hidden_costs(
    country: Country,
    visa: VisaType | None,
    inputs: ResolvedInputs,
    request_inputs: dict[str, Any],
    rates: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    meta = country.meta or {}
    prices = meta.get("hidden_cost_prices") or []
    rates = rates if rates is not None else rates_table()
    items = []
    for text in meta.get("hidden_costs", []):
        price = price_for(item_label(text), prices)
        if price is None:
            items.append(
                parse_hidden_cost(
                    text, rent_monthly=inputs.rent_monthly, months=inputs.duration_months
                )
            )
            continue
        items.append(
            priced_hidden_cost(
                item_label(text),
                price,
                rent_monthly=inputs.rent_monthly,
                months=inputs.duration_months,
                to_usd=lambda amount, currency: to_usd(amount, currency, rates),
            )
        )
    has_deposit = any("deposit" in i["item"].lower() for i in items)
    if not has_deposit:
        items.append(
            {
                "item": "Initial apartment deposit",
                "estimated": round_money(inputs.rent_monthly * 2),
                "basis": "brief §15: 2 × monthly rent",
                "recurrence": "once",
            }
        )
    listed = {i["item"].lower() for i in items}
    for label, amount, basis in STANDARD_HIDDEN:
        if label.lower() not in listed:
            items.append({"item": label, "estimated": amount, "basis": basis, "recurrence": "once"})
    for extra in get_host(current_app).hook.extra_cost_items(
        country=country, visa_type=visa, inputs=request_inputs
    ):
        for item in extra or []:
            items.append(
                {
                    "item": item_label(item["item"]),
                    "estimated": item.get("estimated"),
                    "basis": item.get("basis", "plugin"),
                    "recurrence": item.get("recurrence"),
                }
            )
    return items


def pre_departure(visa: VisaType | None, dependants: int) -> list[dict[str, Any]]:
    if visa is None:
        return []
    table = pre_departure_costs()
    rows = []
    for group in visa.pre_departure or []:
        options = table.get(group) or []
        if not options:
            continue
        item = options[0]
        count = 1 + dependants if group in PER_PERSON_PRE_DEPARTURE else 1
        rows.append(
            {
                "item": item.label,
                "group": group,
                "count": count,
                "estimated": round_money(item.amount_usd * count)
                if item.amount_usd is not None
                else None,
                "amount": item.amount,
                "currency": item.currency,
                "source": item.source or None,
                "last_verified": item.last_verified,
                "note": item.note,
            }
        )
    return rows


def _story_comparison(
    country: Country, visa: VisaType | None, spend: Decimal, people: int, label: str
) -> dict[str, Any]:
    """What approved stories say moves to this country (and route) cost, through the
    ``reported_move_costs`` hook (the stories plugin answers when it is loaded)."""
    reported: list[dict[str, Any]] = []
    for answer in get_host(current_app).hook.reported_move_costs(
        country_code=country.code, visa_type_id=visa.id if visa else None
    ):
        reported.extend(answer or [])
    minimum = int(current_app.config.get("CALC_MIN_STORY_SAMPLE") or 3)
    return compare_with_stories(round_money(spend), people, reported, minimum, label)


def city_figures_for(
    country: Country, city: str, rates: dict[str, Any]
) -> dict[str, dict[str, Any] | None]:
    """The city's rent, meal and transport figures (None where it states none)."""
    record = city_record(country, city)
    return {name: city_figure(record, name, rates) for name in CITY_FIGURE_INPUTS}


def city_costs_view(
    country: Country,
    city: str,
    figures: dict[str, dict[str, Any] | None],
    given: dict[str, Any],
) -> dict[str, Any] | None:
    """Which figure each city-dependent input used: yours, the city's or the country's."""
    if not city:
        return None
    rows = []
    for name, input_name in CITY_FIGURE_INPUTS.items():
        figure = figures.get(name)
        level = "yours" if given.get(input_name) is not None else "city" if figure else "country"
        rows.append({"figure": name, "input": input_name, "level": level, **(figure or {})})
    used_city = any(r["level"] == "city" for r in rows)
    return {
        "city": city,
        "level": "city" if used_city else "country",
        "figures": rows,
        "note": None
        if used_city
        else f"No city figures for {city} yet: {country.name}'s figures are used.",
    }


def _city_rule_warning(visa: VisaType | None, city: str) -> str | None:
    """Routes whose money to show depends on the city (UK Student: London) ask for it."""
    if visa is None or city:
        return None
    cities = sorted({c for m in visa.money if m.kind == "show" for c in (m.in_cities or [])})
    if not cities:
        return None
    return (
        f"The money to show for {visa.name} is higher in {', '.join(cities)}: give the city "
        "you will live in (priced here for elsewhere)."
    )


def _tuition_usd(given: dict[str, Any], rates: dict[str, Any]) -> dict[str, Any]:
    """Inputs with ``tuitionYearly`` in USD when it was typed in the CAS/offer's currency."""
    currency = (given.get("tuition_currency") or "USD").upper()
    if given.get("tuition_yearly") is None or currency == "USD":
        return given
    usd = to_usd(Decimal(given["tuition_yearly"]), currency, rates)
    if usd is None:
        raise RuleViolation("tuition_currency", f"No exchange rate for {currency}.")
    return {**given, "tuition_yearly": usd}


def estimate(owner: Owner, data: dict[str, Any], today: date | None = None) -> CostEstimate:
    """Compute, compare and store one estimate for ``owner``."""
    today = today or date.today()
    country = _country(data["country"])
    visa = _visa(country, data.get("visa_type"))
    city = resolve_city(country, data.get("city"))
    rates = rates_table()
    duration, dependants = data["duration_months"], data["num_dependents"]
    given = _tuition_usd(data.get("inputs") or {}, rates)
    partner = data.get("with_partner")
    if partner is None and visa is not None:
        partner = partner_default(visa.category)
    figures = city_figures_for(country, city, rates)
    unknown: list[str] = []
    inputs, assumptions, warnings = resolve_inputs(
        country,
        visa,
        duration,
        dependants,
        given,
        partner,
        city=city,
        city_figures=figures,
        unknown=unknown,
        rates=rates,
    )
    if visa is not None and (closed := nigeria_status_warning(visa)):
        # A price for a route Nigerians cannot use now must say so where the total is read.
        warnings.insert(0, closed)
    if rule := _city_rule_warning(visa, city):
        warnings.append(rule)
    if visa is not None:
        if given.get("visa_fees") is None:
            unknown += unknown_visa_fees(visa, dependants, duration, partner, city)
        if visa.category == "study" and given.get("tuition_yearly") is None:
            unknown.append("tuition_yearly")
    maths = calculator.calculate(inputs)
    hidden = hidden_costs(country, visa, inputs, given, rates)
    hidden_total = sum((h["estimated"] for h in hidden if h["estimated"] is not None), Decimal(0))
    unknown += [
        f"hidden cost: {h['item']}"
        for h in hidden
        if h["estimated"] is None and not h.get("included_elsewhere")
    ]
    profile = data.get("profile") or {}
    funds = proof_of_funds(
        visa,
        dependants,
        partner,
        city=city,
        tuition_usd=given.get("tuition_yearly"),
        rates=rates,
        application=data.get("application_date"),
        target_move=profile.get("target_move_date"),
    )
    if funds is not None:
        unknown += [f"money to show: {label}" for label in funds["unknown_items"]]
        if data.get("include_naira_buffer"):
            funds["naira_buffer"] = naira_buffer(funds["amount_ngn"], rate_history("NGN"), today)
    pre = pre_departure(visa, dependants)
    pre_total = sum((p["estimated"] for p in pre if p["estimated"] is not None), Decimal(0))
    unknown += [f"pre-departure: {p['item']}" for p in pre if p["estimated"] is None]
    total = maths["total"]
    # Tuition shown from your own figure is the tuition you pay: counted once, in the spend.
    shown = (
        round_money(
            funds["amount_usd"]
            - sum(
                (i["amount_usd"] * i["count"] for i in funds["items"] if i["from_your_input"]),
                Decimal(0),
            )
        )
        if funds
        else Decimal(0)
    )
    cash_needed = round_money(total + hidden_total + pre_total + shown)
    plan = savings_plan(
        cash_needed,
        profile.get("budget_usd"),
        profile.get("monthly_savings_usd"),
        profile.get("target_move_date"),
        today,
    )
    people = 1 + dependants
    per_month_person = round_money(total / duration / people)
    label = country.name + (f" ({visa.name})" if visa else "")
    comparison = compare(
        per_month_person,
        total,
        duration,
        people,
        stored_sample(country.id, visa.id if visa else None, owner),
        label,
        int(current_app.config.get("CALC_MIN_COMPARISON_SAMPLE") or DEFAULT_MIN_SAMPLE),
    )
    comparison["stories"] = _story_comparison(
        country, visa, total + hidden_total + pre_total, people, label
    )
    comparison["story_sample_size"] = comparison["stories"]["sample_size"]
    result: dict[str, Any] = {
        "total_estimated": total,
        "breakdown": maths["breakdown"],
        "subtotal": maths["subtotal"],
        "hidden_costs": hidden,
        "hidden_costs_total": round_money(hidden_total),
        "pre_departure_costs": pre,
        "pre_departure_total": round_money(pre_total),
        "proof_of_funds": funds,
        "cash_needed": cash_needed,
        "cash_needed_breakdown": {
            "spend": total,
            "hidden_costs": round_money(hidden_total),
            "pre_departure": round_money(pre_total),
            "show": shown,
        },
        "monthly_breakdown": maths["monthly_breakdown"],
        "savings_plan": plan,
        "cost_comparison": comparison,
        "currency": "USD",
        "assumptions": assumptions,
        "warnings": warnings,
        "country": {"code": country.code, "name": country.name},
        "visa_type": None
        if visa is None
        else {
            "id": visa.id,
            "name": visa.name,
            "slug": visa.slug,
            "nigeria_status": visa.nigeria_status,
        },
        "city": city,
        "city_costs": city_costs_view(country, city, figures, given),
        "is_lower_bound": bool(unknown),
        "unknown_items": unknown,
        "duration_months": duration,
        "num_dependents": dependants,
    }
    if data.get("currency") and data["currency"] != "USD":
        result["converted"] = convert(result, data["currency"])
    # Read before the advice: asking the model commits, which expires loaded rows.
    country_id, visa_type_id = country.id, (visa.id if visa else None)
    if data.get("include_advice"):
        result["advice"] = advice(owner, result, data, profile)
    row = CostEstimate(
        country_id=country_id,
        visa_type_id=visa_type_id,
        city=result["city"],
        duration_months=duration,
        num_dependents=dependants,
        total_estimated=total,
        cash_needed=cash_needed,
        monthly_per_person=per_month_person,
        request=to_jsonable(data, str),
        result=to_jsonable(result, str),
    )
    row.assign_owner(owner)
    db.session.add(row)
    touch_anonymous_session(owner)  # commits the estimate and the session's expiry together
    db.session.commit()
    return row


def convert(result: dict[str, Any], currency: str) -> dict[str, Any]:
    rates = rates_table()
    rate = rates.get(currency)
    if rate is None:
        raise InvalidField("currency", f"No exchange rate for {currency}.")

    def c(value: Any) -> Any:
        return None if value is None else from_usd(Decimal(value), currency, rates)

    return {
        "currency": currency,
        "rate_per_usd": rate.per_usd,
        "rates_as_of": rate.as_of,
        "rates_source": rate.source or None,
        "rate_confidence": (rate.source or {}).get("confidence"),
        "rate_note": (rate.source or {}).get("note"),
        "total_estimated": c(result["total_estimated"]),
        "cash_needed": c(result["cash_needed"]),
        "hidden_costs_total": c(result["hidden_costs_total"]),
        "monthly_total": c(result["monthly_breakdown"]["total"]),
        "monthly_target": c(result["savings_plan"]["monthly_target"]),
        "breakdown": {k: c(v) for k, v in result["breakdown"].items()},
    }


def advice(owner: Owner, result: dict[str, Any], data: dict[str, Any], profile: dict) -> Any:
    """Optional AI advice (brief's cost-advice prompt); never blocks or breaks the numbers."""
    context = {
        "country": result["country"]["name"],
        "city": result["city"],
        "duration_months": result["duration_months"],
        "budget": str(profile.get("budget_usd") or "unknown"),
        "cost_breakdown": to_jsonable(result["breakdown"]),
        "tone": data.get("ai_tone", "helpful"),
        "hidden_costs": to_jsonable(result["hidden_costs"]),
        "cash_needed": str(result["cash_needed"]),
    }
    try:
        answer = get_host(current_app).hook.ai_complete(
            template_name="cost_advice", context=context, owner=owner
        )
    except Exception:  # noqa: BLE001 - advice is a bonus, the numbers must stand
        current_app.logger.exception("cost advice failed")
        return None
    return answer


def list_estimates(owner: Owner, page: int, page_size: int) -> dict[str, Any]:
    return paginate(
        owned_select(CostEstimate, owner).order_by(CostEstimate.id.desc()), page, page_size
    )


def get_estimate(owner: Owner, estimate_id: int) -> CostEstimate:
    return get_owned_or_404(CostEstimate, estimate_id, owner)


def check_currency(code: str | None) -> None:
    if code and code != "USD" and code not in rates_table():
        # The rates are data (editors import them), so the document cannot list them: 422.
        raise RuleViolation("currency", "No rate for it.", detail=f"Unknown currency {code!r}.")
