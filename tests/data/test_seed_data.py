"""The shipped seed data: complete, valid, sourced, and loadable.

Fails when a top-10 route's fee lacks a source or date, when a route lacks its status for a
Nigerian passport, when a currency has no rate, or when a country figure is missing without
a note saying why.
"""

import json
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "seed_data"
TOP_10 = ("CAN", "GBR", "USA", "DEU", "IRL", "AUS", "NZL", "NLD", "FRA", "PRT")
REQUIRED = TOP_10 + (
    "ESP",
    "ITA",
    "BEL",
    "SWE",
    "NOR",
    "DNK",
    "FIN",
    "POL",
    "MLT",
    "ARE",
    "QAT",
    "SAU",
    "ZAF",
    "GHA",
    "KEN",
    "RWA",
    "JPN",
    "KOR",
    "SGP",
    "MYS",
)
COUNTRY_FIGURES = (
    "population",
    "cost_of_living_index",
    "difficulty_score",
    "avg_rent_monthly_usd",
    "avg_meal_cost_usd",
    "healthcare_monthly_usd",
)


def countries():
    return json.loads((SEED / "countries.json").read_text())


def visa_files():
    return {
        path.stem.split("_")[-1]: json.loads(path.read_text())
        for path in sorted(SEED.glob("visa_types_*.json"))
    }


def test_thirty_countries_with_the_brief_fields():
    records = {c["code"]: c for c in countries()}
    assert set(REQUIRED) <= set(records), sorted(set(REQUIRED) - set(records))
    for code, record in records.items():
        for key in ("name", "region", "currency", "summary", "capital"):
            assert record.get(key), f"{code}: {key} is empty"
        assert record["sources"] and record["last_verified"], code
        for key in ("official_languages", "popular_cities", "hidden_costs"):
            assert record["metadata"].get(key), f"{code}: metadata.{key} is empty"
        for figure in COUNTRY_FIGURES:
            if record.get(figure) is None:
                note = (record.get("provenance", {}).get(figure) or {}).get("note")
                assert note, f"{code}: {figure} is null without a note saying why"


def test_every_visa_file_validates_and_its_country_exists():
    from plugins.visas.importer import validate_visa_file

    codes = {c["code"] for c in countries()}
    for code, payload in visa_files().items():
        country, clean, errors = validate_visa_file(payload)
        assert not errors, f"{code}: {errors[:3]}"
        assert country in codes, f"{code}: country {country} is not in countries.json"


def test_route_counts():
    files = visa_files()
    for code in TOP_10:
        assert len(files.get(code, {}).get("visa_types", [])) >= 3, f"{code}: fewer than 3 routes"
    for code in REQUIRED:
        assert files.get(code, {}).get("visa_types"), f"{code}: no visa route"


@pytest.mark.parametrize("code", TOP_10)
def test_top_10_fees_have_a_source_and_a_date(code):
    for visa in visa_files()[code]["visa_types"]:
        assert visa["nigeria_status"]["source"]["url"].startswith("http"), visa["slug"]
        for item in visa["money"]:
            where = f"{code}/{visa['slug']}/{item['key']}"
            assert item["source"]["url"].startswith("http"), where
            assert item["last_verified"], where
            assert item["effective_date"] or item.get("note"), f"{where}: no effective date or note"
            if item["amount"] is None:
                assert item.get("note"), f"{where}: null amount without a note"


def test_every_currency_has_a_dated_rate():
    rates = json.loads((SEED / "exchange_rates.json").read_text())
    assert rates["as_of"] and rates["source"]["url"]
    used = {
        item["currency"]
        for payload in visa_files().values()
        for visa in payload["visa_types"]
        for item in visa["money"]
    }
    used |= {c["currency"] for c in countries()}
    missing = sorted(c for c in used if c != "USD" and c not in rates["rates"])
    assert not missing, f"no rate for {missing}"


def test_the_whole_seed_loads(runner, app):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    client = app.test_client()
    listed = client.get("/api/v1/countries/?pageSize=100").get_json()
    assert listed["count"] >= 30
    canada = client.get("/api/v1/countries/CAN/visa-types/").get_json()
    assert len(canada) >= 3
    assert any(m["currency"] == "CAD" for v in canada for m in v["spend"])


def test_every_route_is_a_usable_plan():
    """Each route lists its requirements, and each step says how long it takes and carries
    advice: at least two tips and one common pitfall."""
    for code, payload in visa_files().items():
        for visa in payload["visa_types"]:
            where = f"{code}/{visa['slug']}"
            assert visa["requirements"], f"{where}: no requirements"
            orders = [step["order"] for step in visa["steps"]]
            assert orders == list(range(1, len(orders) + 1)), f"{where}: steps not 1..n"
            for step in visa["steps"]:
                at = f"{where} step {step['order']}"
                assert step.get("estimated_time_days") is not None, f"{at}: no duration"
                assert len(step.get("tips", [])) >= 2, f"{at}: fewer than 2 tips"
                assert step.get("common_pitfalls"), f"{at}: no pitfall"
            for item in visa["money"]:
                if item.get("step") is not None:
                    assert item["step"] in orders, f"{where}/{item['key']}: no step {item['step']}"
