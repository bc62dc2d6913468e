"""Importing countries and visa types: CLI and admin API, JSON and CSV, all-or-nothing."""

import io
import json

import pytest
from sqlalchemy import func, select

from tests.conftest import FIXTURE_SEED


def load(name):
    return json.loads((FIXTURE_SEED / name).read_text())


def count(app, model):
    from japaguide.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_import_is_idempotent(seeded, runner):
    again = runner.invoke(args=["import-countries", str(FIXTURE_SEED / "countries.json")])
    assert again.exit_code == 0 and "0 created, 0 updated, 3 unchanged" in again.output
    visas = runner.invoke(
        args=["import-visa-types", str(FIXTURE_SEED / "visa_types_CAN.json"), "--country=CAN"]
    )
    assert visas.exit_code == 0 and "2 unchanged" in visas.output


def test_dry_run_changes_nothing(app, runner):
    from plugins.countries.models import Country

    result = runner.invoke(
        args=["import-countries", str(FIXTURE_SEED / "countries.json"), "--dry-run"]
    )
    assert result.exit_code == 0 and "[dry run]" in result.output and "3 created" in result.output
    assert count(app, Country) == 0


def test_bad_country_file_rejected_whole_with_reasons(app, runner, tmp_path):
    from plugins.countries.models import Country

    records = load("countries.json")
    records[0]["difficulty_score"] = 42
    records[2]["code"] = "XYZ"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records))
    result = runner.invoke(args=["import-countries", str(path)])
    assert result.exit_code == 1
    assert "record CAN: difficulty_score" in result.output
    assert "record XYZ: code: Not an ISO 3166-1 alpha-3" in result.output
    assert count(app, Country) == 0  # the good record was not written either


def test_bad_visa_file_changes_nothing(seeded, runner, tmp_path):
    from plugins.visas.models import VisaStep, VisaType

    before = (count(seeded, VisaType), count(seeded, VisaStep))
    payload = load("visa_types_CAN.json")
    payload["visa_types"][0]["name"] = "Renamed"
    payload["visa_types"][1]["steps"][1]["order"] = 5
    payload["visa_types"][1]["money"][0]["currency"] = "QQQ"
    path = tmp_path / "visas.json"
    path.write_text(json.dumps(payload))
    result = runner.invoke(args=["import-visa-types", str(path), "--country=CAN"])
    assert result.exit_code == 1
    assert "study-permit: steps" in result.output
    assert "currency: Not an ISO 4217" in result.output
    assert (count(seeded, VisaType), count(seeded, VisaStep)) == before
    from japaguide.extensions import db

    with seeded.app_context():
        assert (
            db.session.scalar(select(VisaType.name).where(VisaType.slug == "express-entry-fsw"))
            != "Renamed"
        )


def test_csv_country_import(app, runner, tmp_path):
    csv_text = (
        "code,name,aliases,region,capital,currency,population,summary,cost_of_living_index,"
        "difficulty_score,avg_rent_monthly_usd,avg_meal_cost_usd,healthcare_monthly_usd,"
        "official_languages,pr_timeline_months,popular_cities,job_market_score,hidden_costs,sources,"
        "last_verified,confidence\n"
        "GHA,Ghana,Gold Coast,West Africa,Accra,GHS,34000000,Test,35,3,400,5,20,English,,Accra,5,"
        "Phone plan ($5-10/month),Numbeo|https://www.numbeo.com/,2026-11-25,secondary\n"
    )
    path = tmp_path / "c.csv"
    path.write_text(csv_text)
    result = runner.invoke(args=["import-countries", str(path)])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    body = client.get("/api/v1/countries/GHA/").get_json()
    assert body["aliases"] == ["Gold Coast"] and body["avgRentMonthlyUsd"] == 400.0
    assert body["metadata"]["hiddenCosts"] == ["Phone plan ($5-10/month)"]


@pytest.fixture
def admin_headers(make_user):
    return make_user("admin@example.com", is_admin=True)[1]


def test_admin_import_endpoints(app, client, admin_headers):
    response = client.post(
        "/api/v1/admin/import/countries/", json=load("countries.json"), headers=admin_headers
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["created"] == 3
    upload = {"file": (io.BytesIO(json.dumps(load("visa_types_CAN.json")).encode()), "CAN.json")}
    with app.app_context():
        from plugins.countries.importer import import_rates

        assert import_rates(load("exchange_rates.json")).ok
    response = client.post(
        "/api/v1/admin/import/visa-types/?country=CAN",
        data=upload,
        headers=admin_headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["created"] == 2


def test_admin_import_reports_errors_and_writes_nothing(app, client, admin_headers):
    from plugins.countries.models import Country

    records = load("countries.json")
    del records[1]["name"]
    response = client.post("/api/v1/admin/import/countries/", json=records, headers=admin_headers)
    assert response.status_code == 422  # readable, but records the importer refuses
    errors = response.get_json()["errors"]
    assert (
        errors
        == [
            {
                "record": 1,
                "code": "DEU",
                "field": "name",
                "reason": "Missing data for required field.",
                "slug": None,
            }
        ]
        or errors[0]["field"] == "name"
    )
    assert count(app, Country) == 0


def test_admin_import_needs_admin(client, make_user):
    assert client.post("/api/v1/admin/import/countries/", json=[]).status_code == 401
    _, headers = make_user("user@example.com")
    assert (
        client.post("/api/v1/admin/import/countries/", json=[], headers=headers).status_code == 403
    )


def test_over_long_codes_are_rejected_naming_the_field(seeded):
    """A code longer than its column is an import error, never a database error."""
    from plugins.countries.importer import import_countries
    from plugins.visas.importer import import_pre_departure, import_visa_types

    payload = load("visa_types_CAN.json")
    visa = payload["visa_types"][0]
    visa["slug"] = "a" * 121
    visa["money"][0]["category"] = "c" * 31
    with seeded.app_context():
        result = import_visa_types(payload)
        fields = {(e["field"], e["reason"]) for e in result.errors}
        assert ("slug", "Longer than maximum length 120.") in fields
        assert ("money.0.category", "Length must be between 1 and 30.") in fields

        countries = load("countries.json")
        countries[0]["code"] = "CANADA"
        assert {e["field"] for e in import_countries(countries).errors} == {"code"}

        costs = load("pre_departure_costs.json")
        costs[0]["key"] = "passport_" + "x" * 60
        assert [e["field"] for e in import_pre_departure(costs).errors] == ["0.key"]


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_overflowing_numbers_are_refused_in_dry_runs_too(client, seeded, admin_headers, dry_run):
    """A number no column holds is a 400 naming the field, in a dry run exactly as for real."""
    countries = load("countries.json")
    countries[0]["population"] = 10**12
    countries[0]["avg_rent_monthly_usd"] = 10**13
    response = client.post(
        f"/api/v1/admin/import/countries/?dryRun={dry_run}", json=countries, headers=admin_headers
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"population", "avg_rent_monthly_usd"} <= fields
    visas = load("visa_types_CAN.json")
    visa = visas["visa_types"][0]
    visa["money"][0]["amount"] = 10**15
    visa["money"][0]["step"] = 10**12
    visa["steps"][0]["order"] = 10**12
    response = client.post(
        f"/api/v1/admin/import/visa-types/?country=CAN&dryRun={dry_run}",
        json=visas,
        headers=admin_headers,
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"money.0.amount", "money.0.step", "steps.0.order"} <= fields
