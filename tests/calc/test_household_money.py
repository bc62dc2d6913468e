"""Money stated by family size or paid by an employer: the calculator, the visa's cost range
and the API read it the way the authority wrote it."""

import json

import pytest

SOURCE = {"title": "IRCC – proof of funds", "url": "https://www.canada.ca/funds"}


def money(key, kind, amount, step, **extra):
    return {
        "key": key,
        "label": key.replace("_", " "),
        "kind": kind,
        "category": "proof_of_funds" if kind == "show" else "visa_fee",
        "amount": amount,
        "currency": "CAD",
        "step": step,
        "source": SOURCE,
        "last_verified": "2026-11-25",
        "confidence": "official",
        **extra,
    }


ROUTE = {
    "country": "CAN",
    "visa_types": [
        {
            "slug": "table-route",
            "name": "Route with a family-size table",
            "category": "work",
            "nigeria_status": {
                "status": "open",
                "reason": "No restriction.",
                "as_of": "2026-11-25",
                "source": SOURCE,
            },
            "money": [
                money("fee", "spend", 700, 1),
                money("dependant_fee", "spend", 140, 1, applies_to="per_dependant"),
                money("employer_levy", "spend", 7000, 1, paid_by="employer", applies_to="once"),
                money("funds_1", "show", 14000, 2, household_size=1, applies_to="per_family"),
                money("funds_2", "show", 17500, 2, household_size=2, applies_to="per_family"),
                money("funds_3", "show", 21000, 2, household_size=3, applies_to="per_family"),
                money("funds_extra", "show", 2800, 2, applies_to="per_additional_member"),
            ],
            "steps": [
                {"order": 1, "title": "Apply", "estimated_time_days": 10},
                {"order": 2, "title": "Show funds", "estimated_time_days": 5},
            ],
            "sources": [SOURCE],
            "last_verified": "2026-11-25",
            "confidence": "official",
        }
    ],
}


def import_routes(runner, tmp_path, payload):
    path = tmp_path / "visa_types_CAN.json"
    path.write_text(json.dumps(payload))
    result = runner.invoke(args=["import-visa-types", str(path), "--country", "CAN"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def table_route(seeded, runner, tmp_path):
    import_routes(runner, tmp_path, ROUTE)
    return seeded


def estimate(client, dependants, slug="table-route", months=12, **extra):
    body = {
        "country": "CAN",
        "visaType": slug,
        "durationMonths": months,
        "numDependents": dependants,
        "inputs": {"flights": 1000},
        **extra,
    }
    response = client.post("/api/v1/calc/estimate/", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize(
    ("dependants", "shown"),
    [
        (0, 14000),  # the table's row for 1 person
        (1, 17500),  # 2 people
        (2, 21000),  # 3 people: the table's last row
        (4, 21000 + 2 * 2800),  # 5 people: last row + 2 additional members
    ],
)
def test_proof_of_funds_reads_the_row_for_the_household(client, table_route, dependants, shown):
    funds = estimate(client, dependants)["proofOfFunds"]
    assert (funds["amount"], funds["currency"]) == (shown, "CAD")
    assert funds["amountUsd"] == round(shown / 1.4, 2)


def test_employer_paid_fees_are_shown_but_never_counted(client, table_route):
    alone = estimate(client, 0)
    assert alone["breakdown"]["visaApplication"] == 500.0  # CAD 700 / 1.4, no CAD 7,000 levy
    family = estimate(client, 2)
    assert family["breakdown"]["visaApplication"] == round((700 + 2 * 140) / 1.4, 2)

    visa = next(
        v
        for v in client.get("/api/v1/countries/CAN/visa-types/").get_json()
        if v["slug"] == "table-route"
    )
    levy = next(m for m in visa["spend"] if m["key"] == "employer_levy")
    assert levy["paidBy"] == "employer"
    assert visa["steps"][0]["estimatedCostUsd"] == 500.0
    assert visa["costEstimateMin"] == 500.0 == visa["totals"]["costUsd"]  # steps add up
    assert visa["costEstimateMax"] == 600.0  # with one dependant
    row = next(m for m in visa["show"] if m["key"] == "funds_2")
    assert row["householdSize"] == 2


def test_yearly_charges_count_for_every_person_and_every_started_year(
    client, seeded, runner, tmp_path
):
    """A UK-style health surcharge is paid up front per person per year of the stay; money shown
    per month is asked for a year."""
    route = json.loads(json.dumps(ROUTE))
    visa = route["visa_types"][0]
    visa["slug"] = "surcharge-route"
    visa["money"] = [
        money("fee", "spend", 700, 1),
        money("surcharge", "spend", 100, 1, applies_to="per_year_per_person"),
        money("renewal", "spend", 50, 1, applies_to="per_year"),
        money("monthly_funds", "show", 1000, 2, applies_to="per_month"),
    ]
    import_routes(runner, tmp_path, route)

    def priced(months, dependants):
        return estimate(client, dependants, "surcharge-route", months)

    one_year_alone = priced(12, 0)
    assert one_year_alone["breakdown"]["visaApplication"] == round((700 + 100 + 50) / 1.4, 2)
    # 30 months = 3 started years; 3 people pay the surcharge each year, the renewal is per year.
    family = priced(30, 2)
    assert family["breakdown"]["visaApplication"] == round((700 + 3 * 3 * 100 + 3 * 50) / 1.4, 2)
    # Money shown monthly is asked for one year, whatever the stay.
    assert family["proofOfFunds"]["amount"] == 12 * 1000
    listed = next(
        v
        for v in client.get("/api/v1/countries/CAN/visa-types/").get_json()
        if v["slug"] == "surcharge-route"
    )
    assert listed["costEstimateMin"] == round(850 / 1.4, 2)  # one year, applicant alone


def test_a_partner_and_children_pay_their_own_fees(client, seeded, runner, tmp_path):
    """IRCC charges a spouse CAD 990 but a child CAD 270: dependants are read as a partner and
    children (``withPartner: false`` when there is no partner); on a family route the applicant
    is the partner, so the dependants are children."""
    route = json.loads(json.dumps(ROUTE))
    work, family = route["visa_types"][0], json.loads(json.dumps(route["visa_types"][0]))
    work["slug"] = "partner-route"
    work["money"] = [
        money("fee", "spend", 700, 1),
        money("spouse_fee", "spend", 700, 1, applies_to="per_partner"),
        money("child_fee", "spend", 140, 1, applies_to="per_child"),
    ]
    family.update(slug="family-route", category="family", name="Partner of a citizen")
    family["money"] = [
        money("fee", "spend", 560, 1),
        money("child_fee", "spend", 140, 1, applies_to="per_child"),
    ]
    route["visa_types"] = [work, family]
    import_routes(runner, tmp_path, route)

    def fees(slug, dependants, **extra):
        return estimate(client, dependants, slug, **extra)

    family_of_four = fees("partner-route", 3)
    assert family_of_four["breakdown"]["visaApplication"] == round((700 + 700 + 2 * 140) / 1.4, 2)
    basis = next(a for a in family_of_four["assumptions"] if a["input"] == "visa_fees")["basis"]
    assert "a partner and 2 children" in basis
    single_parent = fees("partner-route", 2, withPartner=False)
    assert single_parent["breakdown"]["visaApplication"] == round((700 + 2 * 140) / 1.4, 2)
    assert fees("family-route", 1)["breakdown"]["visaApplication"] == round(700 / 1.4, 2)

    listed = {v["slug"]: v for v in client.get("/api/v1/countries/CAN/visa-types/").get_json()}
    assert listed["partner-route"]["costEstimateMax"] == round(1400 / 1.4, 2)  # with a partner
    assert listed["family-route"]["costEstimateMax"] == round(700 / 1.4, 2)  # with a child
