"""Statement counts must not grow with the number of countries (30 or every ISO country).

Correctness, not timing: a page that reads one country (or one list page) does so in the same
number of SQL statements however many countries the data holds.
"""

import json

from japaguide.schemas import ISO_ALPHA_3
from tests.conftest import FIXTURE_SEED

CALC_BODY = {
    "country": "CAN",
    "city": "Toronto",
    "visaType": "student",
    "durationMonths": 24,
    "numDependents": 0,
    "inputs": {"flights": 1200, "visaFees": 150, "rentMonthly": None, "bufferPercentage": 20},
}


def grow_to(app, total: int) -> None:
    """Import countries (copies of a fixture record under real ISO codes) up to ``total``."""
    from japaguide.extensions import db
    from plugins.countries.importer import import_countries
    from plugins.countries.models import Country

    records = json.loads((FIXTURE_SEED / "countries.json").read_text())
    with app.app_context():
        present = set(db.session.scalars(db.select(Country.code)))
        missing = [code for code in ISO_ALPHA_3 if code not in present][: total - len(present)]
        extra = [
            {**records[1], "code": code, "name": f"Country {code}", "aliases": []}
            for code in missing
        ]
        assert import_countries(extra).ok


def measure(client, app, count_queries) -> dict[str, int]:
    from japaguide.extensions import cache

    counts = {}
    for name, path in (
        ("list", "/api/v1/countries/"),
        ("detail", "/api/v1/countries/CAN/"),
        ("visa_types", "/api/v1/countries/CAN/visa-types/"),
    ):
        with app.app_context():
            cache.clear()
        with count_queries() as q:
            assert client.get(path).status_code == 200
        counts[name] = q.count
    with count_queries() as q:
        response = client.post("/api/v1/calc/estimate/", json=CALC_BODY)
        assert response.status_code == 201, response.get_data(as_text=True)
    counts["calc"] = q.count
    with count_queries() as q:
        response = client.post(
            "/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"}
        )
        assert response.status_code == 201
    counts["generate"] = q.count
    return counts


def test_statement_counts_are_the_same_for_30_and_for_every_country(
    client, seeded, app, count_queries
):
    client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    grow_to(app, 30)
    thirty = measure(client, app, count_queries)
    grow_to(app, len(ISO_ALPHA_3))
    assert measure(client, app, count_queries) == thirty
    assert thirty["detail"] <= 3 and thirty["list"] <= 3, thirty
