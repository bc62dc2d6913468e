"""Visa routes: ordered steps that add up, money as stated, spend vs show, Nigerian status."""

from decimal import Decimal


def canada_visas(client):
    response = client.get("/api/v1/countries/CAN/visa-types/")
    assert response.status_code == 200
    return {v["slug"]: v for v in response.get_json()}


def test_country_visa_types_with_ordered_steps(client, seeded):
    visas = canada_visas(client)
    fsw = visas["express-entry-fsw"]
    assert [s["order"] for s in fsw["steps"]] == [1, 2, 3, 4]
    assert fsw["steps"][0]["tips"] == ["Book early"]
    assert fsw["steps"][0]["commonPitfalls"] == ["Academic instead of General"]
    assert fsw["nigeriaStatus"]["status"] == "open"
    assert visas["study-permit"]["nigeriaStatus"]["status"] == "restricted"
    assert visas["study-permit"]["nigeriaStatus"]["source"]["url"].startswith("https://")


def test_usd_is_derived_from_official_currency(client, seeded):
    fsw = canada_visas(client)["express-entry-fsw"]
    fee = next(m for m in fsw["spend"] if m["key"] == "processing_fee")
    assert (fee["amount"], fee["currency"]) == (950.0, "CAD")
    assert fee["amountUsd"] == round(950 / 1.40, 2)
    assert fee["effectiveDate"] == "2025-04-30"
    assert fee["source"]["url"].startswith("https://ircc")
    ielts = next(m for m in fsw["spend"] if m["key"] == "ielts")
    assert ielts["amountUsd"] == 200.0  # 300,000 NGN at 1,500 NGN per USD


def test_steps_add_up_to_visa_cost_and_time(client, seeded):
    fsw = canada_visas(client)["express-entry-fsw"]
    step_costs = [Decimal(str(s["estimatedCostUsd"])) for s in fsw["steps"]]
    assert sum(step_costs) == Decimal(str(fsw["costEstimateMin"]))
    assert fsw["totals"]["costUsd"] == fsw["costEstimateMin"]
    assert fsw["totals"]["timeDays"] == sum(s["estimatedTimeDays"] for s in fsw["steps"])
    # step 3 = processing 950 + RPRF 575 CAD (principal only); the spouse fee only in max
    # each item is converted and rounded to the cent, then summed: totals add up exactly
    assert fsw["steps"][2]["estimatedCostUsd"] == round(950 / 1.4, 2) + round(575 / 1.4, 2)
    assert fsw["costEstimateMax"] == round(fsw["costEstimateMin"] + round(950 / 1.4, 2), 2)


def test_spend_and_show_are_separate(client, seeded):
    fsw = canada_visas(client)["express-entry-fsw"]
    assert all(m["kind"] == "spend" for m in fsw["spend"])
    funds = fsw["show"]
    assert [m["key"] for m in funds] == ["settlement_funds"]
    assert funds[0]["amount"] == 15263.0 and funds[0]["holdingPeriodDays"] == 180
    # proof of funds is never counted as a cost
    assert fsw["costEstimateMin"] < 15263 / 1.4


def test_pre_departure_costs_listed_with_sources(client, seeded):
    fsw = canada_visas(client)["express-entry-fsw"]
    keys = [m["key"] for m in fsw["preDeparture"]]
    assert keys == ["passport", "medical"]  # in the visa's order
    medical = fsw["preDeparture"][1]
    assert medical["amount"] is None and medical["note"]


def test_visa_detail_by_id(client, seeded):
    fsw = canada_visas(client)["express-entry-fsw"]
    detail = client.get(f"/api/v1/visas/{fsw['id']}/").get_json()
    assert detail == fsw
    assert detail["country"] == {"code": "CAN", "name": "Canada"}
