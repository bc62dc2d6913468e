"""Money rules of the shipped seed (issue 18): a threshold is never money to show, no top-ten
hidden cost is unpriced without a reason, city figures and rates carry their own provenance."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from plugins.calc.hidden_costs import item_label, parse_hidden_cost, price_for

SEED = Path(__file__).resolve().parents[2] / "seed_data"
TOP_10 = ("CAN", "GBR", "USA", "DEU", "IRL", "AUS", "NZL", "NLD", "FRA", "PRT")
#: Words that mark a minimum salary, income or score: a bar to clear, not money held.
THRESHOLD_WORDS = re.compile(
    r"salary|minimum income|income threshold|not a payment|not money you hold|\bpoints\b", re.I
)


def countries():
    return {c["code"]: c for c in json.loads((SEED / "countries.json").read_text())}


def money_items():
    for path in sorted(SEED.glob("visa_types_*.json")):
        payload = json.loads(path.read_text())
        for visa in payload["visa_types"]:
            for item in visa["money"]:
                yield f"{payload['country']}/{visa['slug']}/{item['key']}", item


def test_a_threshold_is_never_counted_as_money_to_show():
    """A minimum salary, income or score is kind ``threshold``: never money to show, not even
    in the older form (kind ``show`` paid by an employer or sponsor, which the calculator
    skipped but the visa page listed as money to show and letters asked the applicant to
    hold). Money to show is the applicant's own; an employer never holds it for them."""
    for where, item in money_items():
        if THRESHOLD_WORDS.search(item["label"]) and item["kind"] != "spend":
            assert item["kind"] == "threshold", (
                f"{where}: a minimum salary, income or score stored as kind {item['kind']!r} "
                "(make it kind 'threshold')"
            )
        if item["kind"] == "show":
            assert item.get("paid_by", "applicant") != "employer", (
                f"{where}: money to show paid by an employer is a threshold "
                "(make it kind 'threshold')"
            )


def test_a_salary_threshold_names_who_meets_it():
    """A minimum salary is the employer's to pay: Japabot says so only when the data does."""
    for where, item in money_items():
        if item["kind"] == "threshold" and re.search(r"salary|\bpay\b", item["label"], re.I):
            assert item.get("paid_by") == "employer", f"{where}: say paid_by 'employer'"


def test_kind_threshold_items_are_not_counted_by_the_calculator():
    from plugins.visas.services import applicable

    items = [item for _, item in money_items() if item["kind"] == "threshold"]
    assert items, "the Singapore and Malaysia minimum salaries are thresholds"
    assert applicable(items, 2, kind="show") == []
    assert applicable(items, 2, kind="spend") == []


@pytest.mark.parametrize("code", TOP_10)
def test_no_top_ten_hidden_cost_is_unpriced_without_a_reason(code):
    meta = countries()[code]["metadata"]
    prices = meta.get("hidden_cost_prices") or []
    for text in meta["hidden_costs"]:
        price = price_for(item_label(text), prices)
        if price is not None:
            priced = price.get("amount") is not None or price.get("rent_months") is not None
            assert priced or price.get("included_elsewhere") or price.get("note"), (
                f"{code}: {text!r} is unpriced without a note saying why"
            )
            if price.get("confidence") == "estimate" and priced:
                assert price.get("note"), f"{code}: {text!r} is an estimate without its basis"
            elif priced and price.get("amount"):
                assert price.get("source"), f"{code}: {text!r} has no source"
            continue
        parsed = parse_hidden_cost(text, rent_monthly=Decimal(1000), months=12)
        assert parsed["estimated"] is not None, (
            f"{code}: {text!r} has no amount and no hidden_cost_prices record saying why"
        )


def test_city_figures_name_a_playbook_city_and_carry_provenance():
    for code, country in countries().items():
        cities = {c.lower() for c in country["metadata"]["popular_cities"]}
        for record in country["metadata"].get("city_costs") or []:
            assert record["city"].lower() in cities, f"{code}: {record['city']} not a playbook city"
            for name in ("rent_monthly", "meal", "transport_monthly"):
                figure = record.get(name)
                if figure is None:
                    continue
                where = f"{code}/{record['city']}/{name}"
                assert figure["source"]["url"].startswith("http"), where
                assert figure["last_verified"] and figure["currency"], where


def test_toronto_and_calgary_have_their_own_rents():
    records = {r["city"]: r for r in countries()["CAN"]["metadata"]["city_costs"]}
    assert (
        records["Toronto"]["rent_monthly"]["amount"] != records["Calgary"]["rent_monthly"]["amount"]
    )


def test_norway_has_an_oslo_rent():
    oslo = next(r for r in countries()["NOR"]["metadata"]["city_costs"] if r["city"] == "Oslo")
    assert oslo["rent_monthly"]["amount"] and oslo["rent_monthly"]["currency"] == "NOK"


def test_every_rate_says_what_it_is():
    """Each currency's own date and source: the NGN rate is an NFEM figure, not the ECB's."""
    rates = json.loads((SEED / "exchange_rates.json").read_text())
    for code in rates["rates"]:
        own = rates["provenance"].get(code)
        assert own, f"{code}: no provenance (source and date of its own)"
        assert own["as_of"] and own["source"]["url"].startswith("http"), code
    assert "NFEM" in rates["provenance"]["NGN"]["note"]
    assert "ecb.europa.eu" not in rates["provenance"]["NGN"]["source"]["url"]
    for point in rates.get("history", {}).get("NGN", []):
        assert point["source"]["url"].startswith("http") and point["per_usd"] > 0


def test_the_london_student_route_picks_london_living_costs():
    uk = json.loads((SEED / "visa_types_GBR.json").read_text())
    student = next(v for v in uk["visa_types"] if v["slug"] == "student")
    from plugins.visas.services import applicable

    def shown(city):
        return sorted(
            i["amount"]
            for i, _ in applicable(student["money"], 0, kind="show", city=city)
            if i["amount"]
        )

    assert shown("London") == [13761]
    assert shown("Manchester") == [10539]
    assert shown(None) == [10539]


@pytest.mark.parametrize("code", TOP_10)
def test_each_top_ten_country_costs_its_first_popular_city(code):
    """Issue 18: the first playbook city has its own rent, or a record whose note says why not."""
    meta = countries()[code]["metadata"]
    first = meta["popular_cities"][0]
    record = next(
        (r for r in meta.get("city_costs") or [] if r["city"].lower() == first.lower()), None
    )
    assert record is not None, f"{code}: no city_costs record for {first}"
    assert record.get("rent_monthly") or record.get("note"), f"{code}/{first}: no rent and no note"


@pytest.mark.parametrize("code", TOP_10)
def test_a_top_ten_city_figure_left_null_says_why(code):
    for record in countries()[code]["metadata"].get("city_costs") or []:
        missing = [n for n in ("rent_monthly", "meal", "transport_monthly") if not record.get(n)]
        if missing:
            assert record.get("note"), f"{code}/{record['city']}: {missing} null without a note"
        for name in ("rent_monthly", "meal", "transport_monthly"):
            figure = record.get(name)
            if figure and figure["confidence"] == "estimate":
                assert figure.get("note"), f"{code}/{record['city']}/{name}: estimate without basis"


@pytest.mark.parametrize("code", TOP_10)
def test_a_lagos_fare_range_says_whether_it_is_one_way_or_return(code):
    fare = countries()[code]["metadata"].get("flight_from_lagos")
    if fare is None:
        return
    assert fare["trip"] in ("one_way", "return"), f"{code}: fare range does not say its trip"
    if fare["trip"] == "return":  # the user reads it in the note too
        assert "return" in (fare.get("note") or "").lower(), code
    assert fare["source"]["url"].startswith("http") and fare["last_verified"], code
