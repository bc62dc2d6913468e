"""Operator and editor paths on the production stack: admin imports with a good and a bad
file, and nobody else reaching them."""

from __future__ import annotations

import io
import json

from e2e.stack import ROOT

SEED = ROOT / "seed_data"


def test_admin_imports_a_good_file(admin):
    countries = json.loads((SEED / "countries.json").read_text())
    records = countries["countries"] if isinstance(countries, dict) else countries
    upload = io.BytesIO(json.dumps(records[:3]).encode())
    body = admin.post(
        "/admin/import/countries/", files={"file": ("countries.json", upload)}, expect=200
    ).json()
    assert body["created"] + body["updated"] + body["unchanged"] == 3 and not body["errors"]
    visas = (SEED / "visa_types_CAN.json").read_bytes()
    body = admin.post(
        "/admin/import/visa-types/",
        params={"country": "CAN"},
        files={"file": ("visa_types_CAN.json", io.BytesIO(visas))},
        expect=200,
    ).json()
    assert body["created"] + body["updated"] + body["unchanged"] >= 3 and not body["errors"]


def test_admin_import_of_a_bad_file_is_refused_and_changes_nothing(admin, anon):
    before = anon.get("/countries/{code}/", code="CAN", expect=200).json()
    bad = [{"code": "CAN", "name": "", "avgRentMonthlyUsd": "lots"}]
    response = admin.post(
        "/admin/import/countries/",
        files={"file": ("countries.json", io.BytesIO(json.dumps(bad).encode()))},
        expect=422,  # a readable file whose records the importer refuses
    )
    assert response.headers["Content-Type"].startswith("application/problem+json")
    broken = admin.post(
        "/admin/import/countries/",
        files={"file": ("countries.json", io.BytesIO(b"{not json"))},
        expect=422,  # the file part is there, its bytes are no JSON
    )
    assert broken.json()["status"] == 422
    admin.post("/admin/import/countries/", expect=400)  # no body, no file: nothing to read
    after = anon.get("/countries/{code}/", code="CAN", expect=200).json()
    assert after["name"] == before["name"]


def test_only_admins_reach_admin_endpoints(anon, user, admin):
    anon.get("/admin/analytics/", expect=401)
    user.get("/admin/analytics/", expect=403)
    user.post("/admin/import/countries/", json=[], expect=403)
    assert admin.get("/admin/analytics/", expect=200).json()
    prompts = admin.get("/admin/ai/prompts/", expect=200).json()
    assert prompts
