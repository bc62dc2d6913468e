"""Money a family can plan on (issue 18): city-level costs, the exact money to show by the date
it must be in the account, honest comparisons, thresholds never counted, unknowns flagged."""

import json
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "seed_data"
FIXTURE = Path(__file__).resolve().parents[2] / "japaguide" / "testing_seed"
SOURCE = {"title": "Rentals.ca rent report", "url": "https://rentals.ca/national-rent-report"}


def figure(amount, currency="CAD", **extra):
    return {
        "amount": amount,
        "currency": currency,
        "source": SOURCE,
        "last_verified": "2026-12-01",
        "confidence": "secondary",
        **extra,
    }


def canada_with_cities():
    records = json.loads((FIXTURE / "countries.json").read_text())
    canada = next(r for r in records if r["code"] == "CAN")
    canada["metadata"]["popular_cities"] = ["Toronto", "Calgary", "Vancouver"]
    canada["metadata"]["city_costs"] = [
        {"city": "Toronto", "rent_monthly": figure(2495), "transport_monthly": figure(156)},
        {"city": "Calgary", "rent_monthly": figure(1815), "meal": figure(25)},
    ]
    return records


def run_import(runner, tmp_path, command, payload, *extra):
    path = tmp_path / f"{command}.json"
    path.write_text(json.dumps(payload))
    result = runner.invoke(args=[command, str(path), *extra])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def cities(seeded, runner, tmp_path):
    run_import(runner, tmp_path, "import-countries", canada_with_cities())
    return seeded


@pytest.fixture
def uk_routes(seeded, runner, tmp_path):
    path = SEED / "visa_types_GBR.json"
    result = runner.invoke(args=["import-visa-types", str(path), "--country", "GBR"])
    assert result.exit_code == 0, result.output
    return seeded


def post(client, **body):
    payload = {"durationMonths": 12, "inputs": {"flights": 900}, **body}
    return client.post("/api/v1/calc/estimate/", json=payload)


def created(client, **body):
    response = post(client, **body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def rent_assumption(body):
    return next(a for a in body["assumptions"] if a["input"] == "rent_monthly")


# ----------------------------------------------------------------- city-level costs


def test_toronto_and_calgary_give_different_rents_with_their_sources(client, cities):
    toronto = created(client, country="CAN", city="Toronto")
    calgary = created(client, country="CAN", city="calgary")  # case-insensitive
    assert toronto["breakdown"]["accommodation"] == round(round(2495 / 1.4, 2) * 12, 2)
    assert calgary["breakdown"]["accommodation"] == round(round(1815 / 1.4, 2) * 12, 2)
    assert calgary["city"] == "Calgary"
    for body, city in ((toronto, "Toronto"), (calgary, "Calgary")):
        rent = next(f for f in body["cityCosts"]["figures"] if f["figure"] == "rent_monthly")
        assert rent["level"] == "city"
        assert rent["source"]["url"] == SOURCE["url"]
        assert rent["lastVerified"] == "2026-12-01"
        assert city in rent_assumption(body)["basis"]
    # A figure the city lacks falls back to the country's, and the response says so.
    meal = next(f for f in toronto["cityCosts"]["figures"] if f["figure"] == "meal")
    assert meal["level"] == "country"
    transport = next(
        f for f in calgary["cityCosts"]["figures"] if f["figure"] == "transport_monthly"
    )
    assert transport["level"] == "country"


def test_a_known_city_without_figures_uses_the_country_figures_and_says_so(client, cities):
    body = created(client, country="CAN", city="Vancouver")
    assert body["breakdown"]["accommodation"] == 1200 * 12
    assert body["cityCosts"]["level"] == "country"
    assert "Vancouver" in body["cityCosts"]["note"]


def test_your_own_rent_wins_over_the_city(client, cities):
    body = created(client, country="CAN", city="Toronto", inputs={"rentMonthly": 1000})
    rent = next(f for f in body["cityCosts"]["figures"] if f["figure"] == "rent_monthly")
    assert rent["level"] == "yours"
    assert body["breakdown"]["accommodation"] == 12000


def test_an_unknown_city_is_a_400_listing_the_known_ones(client, cities):
    response = post(client, country="CAN", city="Atlantis")
    assert response.status_code == 400
    problem = response.get_json()
    text = json.dumps(problem)
    for known in ("Toronto", "Calgary", "Vancouver"):
        assert known in text
    assert client.get("/api/v1/calc/estimates/").get_json()["count"] == 0  # nothing stored


# ----------------------------------------------------------------- the money to show


def test_london_student_shows_13761_plus_the_stated_tuition(client, uk_routes):
    body = created(
        client,
        country="GBR",
        city="London",
        visaType="student",
        inputs={"tuitionYearly": 20000, "tuitionCurrency": "GBP"},
    )
    funds = body["proofOfFunds"]
    labels = {i["label"]: i for i in funds["items"]}
    london = next(i for i in funds["items"] if "London (9 months × £1,529)" in i["label"])
    assert london["amount"] == 13761
    assert not any("outside London" in label for label in labels)
    tuition = next(i for i in funds["items"] if i["category"] == "tuition")
    assert tuition["amount"] == 20000 and tuition["fromYourInput"] is True
    assert (funds["amount"], funds["currency"]) == (13761 + 20000, "GBP")
    assert funds["isLowerBound"] is False
    # Tuition shown is the tuition paid: counted once in cash needed.
    assert body["cashNeededBreakdown"]["show"] == round(13761 / 0.75, 2)


def test_outside_london_and_no_city_show_the_lower_amount(client, uk_routes):
    body = created(client, country="GBR", city="", visaType="student")
    funds = body["proofOfFunds"]
    assert any(i["amount"] == 10539 for i in funds["items"])
    assert not any(i["amount"] == 13761 for i in funds["items"])
    assert funds["isLowerBound"] is True  # tuition not given
    assert any("London" in w for w in body["warnings"])
    assert "tuition_yearly" in body["unknownItems"]
    assert body["isLowerBound"] is True


def test_money_to_show_in_naira_with_its_rate_and_the_date_it_must_be_in(client, uk_routes):
    body = created(
        client,
        country="GBR",
        city="London",
        visaType="student",
        applicationDate="2027-03-01",
        inputs={"tuitionYearly": 15000, "tuitionCurrency": "GBP"},
    )
    funds = body["proofOfFunds"]
    assert funds["holdingPeriodDays"] == 28
    assert funds["fundsInAccountBy"] == "2027-02-01"  # 28 days before applying
    assert "28 consecutive days" in funds["fundsInAccountBasis"]
    assert funds["ngnRate"]["perUsd"] == 1500.0
    assert funds["ngnRate"]["asOf"]
    assert funds["amountNgn"] == round(funds["amountUsd"] * 1500, 2)
    for item in funds["items"]:
        assert item["amountNgn"] == round(item["amountUsd"] * item["count"] * 1500, 2)


def test_the_application_date_can_come_from_the_target_move_date(client, uk_routes):
    body = created(
        client,
        country="GBR",
        visaType="student",
        profile={"targetMoveDate": "2027-09-01"},
    )
    funds = body["proofOfFunds"]
    assert funds["applicationDate"] is not None
    assert funds["fundsInAccountBy"] < funds["applicationDate"] < "2027-09-01"
    assert "processing time" in funds["fundsInAccountBasis"]


def test_naira_buffer_from_the_rates_history_with_its_basis(client, uk_routes, runner, tmp_path):
    rates = json.loads((FIXTURE / "exchange_rates.json").read_text())
    rates["provenance"] = {
        "NGN": {
            "as_of": "2026-11-20",
            "source": {"title": "NFEM rate", "url": "https://example.org/nfem"},
            "confidence": "secondary",
            "note": "NFEM official rate",
        }
    }
    rates["history"] = {
        "NGN": [
            {"as_of": "2026-03-01", "per_usd": 1400, "source": SOURCE},
            {"as_of": "2026-06-01", "per_usd": 1610, "source": SOURCE},
        ]
    }
    run_import(runner, tmp_path, "import-rates", rates)
    funds = created(client, country="GBR", visaType="student", includeNairaBuffer=True)[
        "proofOfFunds"
    ]
    buffer = funds["nairaBuffer"]
    assert buffer["points"] == 3
    assert buffer["percent"] == 15.0  # 1,400 → 1,610: the worst weakening seen
    assert buffer["amountNgn"] == round(funds["amountNgn"] * 0.15, 2)
    assert "rates table history" in buffer["basis"]
    # The NGN rate is labelled with its own source and date, not the file's.
    assert funds["ngnRate"]["source"]["title"] == "NFEM rate"
    assert funds["ngnRate"]["note"] == "NFEM official rate"


def test_too_little_rate_history_gives_no_buffer_figure(client, uk_routes):
    funds = created(client, country="GBR", visaType="student", includeNairaBuffer=True)[
        "proofOfFunds"
    ]
    assert funds["nairaBuffer"]["percent"] is None
    assert "not enough naira rate history" in funds["nairaBuffer"]["basis"]


# ----------------------------------------------------------------- thresholds and unknowns


THRESHOLD_ROUTE = {
    "country": "CAN",
    "visa_types": [
        {
            "slug": "threshold-route",
            "name": "Route with a salary threshold",
            "category": "work",
            "nigeria_status": {
                "status": "open",
                "reason": "No restriction.",
                "as_of": "2026-11-25",
                "source": SOURCE,
            },
            "money": [
                {
                    "key": key,
                    "label": key.replace("_", " "),
                    "kind": kind,
                    "category": "other",
                    "amount": amount,
                    "currency": "CAD",
                    "step": 1,
                    "source": SOURCE,
                    "last_verified": "2026-11-25",
                    "confidence": "official",
                }
                for key, kind, amount in (
                    ("fee", "spend", 700),
                    ("unknown_fee", "spend", None),
                    ("minimum_salary", "threshold", 56000),
                    ("funds", "show", 14000),
                )
            ],
            "steps": [{"order": 1, "title": "Apply"}],
            "sources": [SOURCE],
            "last_verified": "2026-11-25",
            "confidence": "official",
        }
    ],
}


def test_a_threshold_is_never_money_to_show(client, seeded, runner, tmp_path):
    run_import(runner, tmp_path, "import-visa-types", THRESHOLD_ROUTE, "--country", "CAN")
    body = created(client, country="CAN", visaType="threshold-route")
    assert body["proofOfFunds"]["amount"] == 14000
    assert body["cashNeededBreakdown"]["show"] == 10000.0
    visa = next(
        v
        for v in client.get("/api/v1/countries/CAN/visa-types/").get_json()
        if v["slug"] == "threshold-route"
    )
    assert [m["key"] for m in visa["thresholds"]] == ["minimum_salary"]
    assert all(m["kind"] != "threshold" for m in visa["show"])
    # An unknown fee is not a silent zero: the total says it is a lower bound.
    assert body["isLowerBound"] is True
    assert "visa fee: unknown fee" in body["unknownItems"]


def test_an_unpriced_hidden_cost_makes_the_total_a_lower_bound(client, seeded):
    body = created(
        client,
        country="CAN",
        inputs={"flights": 900, "visaFees": 100},
    )
    assert "hidden cost: Credit history building" in body["unknownItems"]
    assert body["isLowerBound"] is True


# ----------------------------------------------------------------- honest comparison


def test_with_no_real_samples_the_comparison_says_not_enough_data(client, seeded):
    body = created(client, country="CAN", visaType="student")
    comparison = body["costComparison"]
    assert comparison["sampleSize"] == 0
    assert comparison["enoughData"] is False
    assert comparison["percentile"] is None and comparison["typicalRange"] is None
    assert "not enough data yet" in comparison["comparedAgainst"]


def test_your_own_estimates_are_not_a_sample(client, seeded):
    for _ in range(6):
        body = created(client, country="CAN", visaType="student")
    assert body["costComparison"]["sampleSize"] == 0
    assert body["costComparison"]["enoughData"] is False


def test_other_peoples_estimates_give_a_range_and_percentile(app, client, seeded):
    for rent in (800, 1000, 1200, 1400, 1600, 1600):
        other = app.test_client()
        created(other, country="CAN", visaType="student", inputs={"rentMonthly": rent})
    cheap = created(client, country="CAN", visaType="student", inputs={"rentMonthly": 500})
    dear = created(client, country="CAN", visaType="student", inputs={"rentMonthly": 4000})
    # One estimate from each of six other owners; the caller's own two are not in it.
    assert dear["costComparison"]["sampleSize"] == 6
    assert dear["costComparison"]["enoughData"] is True
    assert cheap["costComparison"]["percentileValue"] < dear["costComparison"]["percentileValue"]
    assert "other people" in dear["costComparison"]["comparedAgainst"]
    low, high = map(float, dear["costComparison"]["typicalRange"].split("-"))
    assert low <= high


# ----------------------------------------------------------------- priced hidden costs


def test_hidden_costs_priced_by_their_records(client, seeded, runner, tmp_path):
    records = canada_with_cities()
    canada = next(r for r in records if r["code"] == "CAN")
    canada["metadata"]["hidden_costs"] = [
        "Rental deposit",
        "Phone plan",
        "Winter clothing",
        "Transit pass top-up",
    ]
    canada["metadata"]["hidden_cost_prices"] = [
        {"item": "Rental deposit", "rent_months": 2, "confidence": "official", "source": SOURCE},
        {"item": "Phone plan", "included_elsewhere": True, "note": "In the phone line."},
        {"item": "Winter clothing", "note": "No sourced price found yet."},
        {
            "item": "Transit pass top-up",
            "amount": 14,
            "currency": "CAD",
            "recurrence": "monthly",
            "confidence": "secondary",
            "source": SOURCE,
        },
    ]
    run_import(runner, tmp_path, "import-countries", records)
    body = created(client, country="CAN", inputs={"flights": 900, "rentMonthly": 1000})
    hidden = {h["item"]: h for h in body["hiddenCosts"]}
    assert hidden["Rental deposit"]["estimated"] == 2000
    assert hidden["Phone plan"]["estimated"] is None and hidden["Phone plan"]["includedElsewhere"]
    assert hidden["Winter clothing"]["estimated"] is None
    assert hidden["Winter clothing"]["basis"] == "No sourced price found yet."
    assert hidden["Transit pass top-up"]["estimated"] == 120  # CAD 14 / 1.4 × 12 months
    assert hidden["Transit pass top-up"]["source"]["url"] == SOURCE["url"]
    assert "hidden cost: Winter clothing" in body["unknownItems"]
    assert "hidden cost: Phone plan" not in body["unknownItems"]


@pytest.mark.parametrize(
    "bad",
    [
        {"city_costs": [{"city": "Toronto", "rent_monthly": {"amount": 1}}]},
        {"city_costs": [{"city": "Toronto"}, {"city": "toronto"}]},
        {"hidden_cost_prices": [{"item": "Winter clothing"}]},  # unpriced without a reason
        {
            "hidden_cost_prices": [
                {"item": "Deposit", "amount": 5, "currency": "CAD", "confidence": "official"}
            ]
        },  # sourced without a source
    ],
)
def test_bad_city_or_price_records_are_refused_whole(client, seeded, runner, tmp_path, bad):
    records = canada_with_cities()
    canada = next(r for r in records if r["code"] == "CAN")
    canada["metadata"].update(bad)
    path = tmp_path / "countries.json"
    path.write_text(json.dumps(records))
    result = runner.invoke(args=["import-countries", str(path)])
    assert result.exit_code != 0
    body = created(client, country="CAN", city="")
    assert body["breakdown"]["accommodation"] == 1200 * 12  # nothing changed


def import_canada_fare(runner, tmp_path, trip: str, **extra) -> None:
    """Canada (with its cities) and a CAD 700-1,400 Lagos fare range of ``trip``."""
    records = canada_with_cities()
    canada = next(r for r in records if r["code"] == "CAN")
    canada["metadata"]["flight_from_lagos"] = {
        "low": 700,
        "high": 1400,
        "currency": "CAD",
        "trip": trip,
        "source": SOURCE,
        "last_verified": "2026-12-01",
        "confidence": "secondary",
        **extra,
    }
    run_import(runner, tmp_path, "import-countries", records)


def flights_assumption(body):
    return next(a for a in body["assumptions"] if a["input"] == "flights")


def test_the_flight_default_is_the_midpoint_of_a_sourced_fare_range(
    client, seeded, runner, tmp_path
):
    import_canada_fare(runner, tmp_path, "one_way")
    body = created(client, country="CAN", inputs={})
    assert body["breakdown"]["flights"] == 750.0  # (500 + 1,000) / 2 in USD
    flights = flights_assumption(body)
    assert "midpoint of one-way" in flights["basis"] and "flights" not in body["unknownItems"]
    without = created(client, country="DEU", inputs={})
    assert "flights" in without["unknownItems"] and without["isLowerBound"] is True


def test_a_return_fare_range_is_called_one(client, seeded, runner, tmp_path):
    """Only return fares sourced: the default says so, never passes them off as one-way."""
    import_canada_fare(runner, tmp_path, "return", note="Return fares.")
    flights = flights_assumption(created(client, country="CAN", inputs={}))
    assert "midpoint of return economy fares" in flights["basis"]
    assert "one-way ticket may cost less" in flights["basis"]
