"""The document states what the server takes, so a client generated from it is never refused.

schemathesis' strict run (``E2E_CONTRACT=1 make e2e``) found the server refusing requests the
document allowed; these pin the shapes that fixed it, in-process and fast.
"""

from __future__ import annotations

import re

import pytest

from japaguide.schemas import DATE_PATTERN, ISO_ALPHA_3


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").get_json()


def properties(document, schema):
    return document["components"]["schemas"][schema]["properties"]


def test_country_fields_list_the_iso_codes_and_null_where_null_is_taken(document):
    country = properties(document, "EstimateRequest")["country"]
    assert country["enum"] == list(ISO_ALPHA_3) and "CAN" in country["enum"]
    nullable = properties(document, "MeUpdate")["countryOfOrigin"]
    assert nullable["nullable"] is True and nullable["enum"][-1] is None
    # marshmallow makes a field with load_default=None nullable by itself
    assert properties(document, "ChatContext")["countryCode"]["enum"][-1] is None


def test_lower_case_codes_are_taken_and_normalised(client, seeded):
    body = {"country": "can", "durationMonths": 12}
    response = client.post("/api/v1/calc/estimate/", json=body)
    assert response.status_code == 201
    assert response.get_json()["country"]["code"] == "CAN"


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("1900-01-01", True),
        ("2026-12-01", True),
        ("2100-12-31", True),
        ("1899-12-31", False),
        ("2101-01-01", False),
        ("0001-01-01", False),
        ("9999-12-31", False),
    ],
)
def test_the_date_pattern_is_the_server_range(text, valid):
    assert bool(re.match(DATE_PATTERN, text)) is valid


def test_dates_carry_the_pattern(document):
    target = properties(document, "TimelineCreate")["targetDate"]
    assert target["format"] == "date" and target["pattern"] == DATE_PATTERN


def test_a_route_reference_takes_blank_text(document):
    branches = properties(document, "Generate")["visaTypeId"]["oneOf"]
    text = next(b for b in branches if b["type"] == "string")
    assert "minLength" not in text and text["maxLength"] == 120


def test_new_roadmaps_and_estimates_link_to_the_operations_taking_their_id(document):
    def resolve(pointer):
        node = document
        for part in pointer.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    generate = document["paths"]["/api/v1/roadmaps/generate/"]["post"]["responses"]["201"]
    estimate = document["paths"]["/api/v1/calc/estimate/"]["post"]["responses"]["201"]
    assert "content" in generate and "content" in estimate  # links add to the answer's doc
    links = {**generate["links"], **estimate["links"]}
    assert {"GetRoadmap", "CompleteFirstStep", "GetEstimate"} <= set(links)
    for link in links.values():
        operation = resolve(link["operationRef"])
        declared = {p["name"] for p in operation.get("parameters", [])}
        path_item = resolve(link["operationRef"].rsplit("/", 1)[0])
        declared |= {p["name"] for p in path_item.get("parameters", [])}
        assert set(link["parameters"]) <= declared, link
