"""A client generated from the document works: valid OpenAPI, ids, examples the server takes.

Generic on purpose: every operation any plugin adds is checked the same way, so a new
plugin's operation without an id or with an example the server refuses fails here by name.
"""

from __future__ import annotations

import copy
import re

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

METHODS = ("get", "post", "put", "patch", "delete")
JSON = "application/json"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": False}


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").get_json()


def operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolved(document, node, seen=()):
    """``node`` with every ``$ref`` inlined (recursive references left open)."""
    if isinstance(node, list):
        return [resolved(document, item, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            return {}
        target = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return resolved(document, copy.deepcopy(target), (*seen, ref))
    return {key: resolved(document, value, seen) for key, value in node.items()}


def test_the_document_is_valid_openapi(document):
    validate(document)


def test_every_operation_has_a_unique_operation_id(document):
    ids = [op.get("operationId") for _path, _method, op in operations(document)]
    assert None not in ids, [
        f"{m} {p}" for p, m, op in operations(document) if "operationId" not in op
    ]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def json_bodies(document):
    for path, method, op in operations(document):
        media = op.get("requestBody", {}).get("content", {}).get(JSON)
        if media is not None:
            yield path, method, media


def test_every_json_body_has_an_example_valid_against_its_own_schema(document):
    missing, invalid = [], []
    for path, method, media in json_bodies(document):
        if "example" not in media:
            missing.append(f"{method.upper()} {path}")
            continue
        schema = resolved(document, media["schema"])
        errors = [e.message for e in OAS30Validator(schema).iter_errors(media["example"])]
        if errors:
            invalid.append((f"{method.upper()} {path}", errors))
    assert missing == [] and invalid == []


def test_every_response_example_is_valid_against_its_schema(document):
    invalid = []
    for path, method, op in operations(document):
        for status, response in op["responses"].items():
            response = resolved(document, response)
            for media in response.get("content", {}).values():
                if "example" in media and "schema" in media:
                    errors = [
                        e.message
                        for e in OAS30Validator(media["schema"]).iter_errors(media["example"])
                    ]
                    if errors:
                        invalid.append((f"{method.upper()} {path} {status}", errors[:3]))
    assert invalid == []


def test_the_server_takes_every_documented_example(app, seeded, admin_client, document):
    """What Swagger's "Try it out" sends: each body example, through the live app (as an admin,
    so admin operations get past sign-in). Path ids come from a roadmap made with the generate
    example; a missing resource (404) or a broken rule (409/422) is fine — a 400 is not."""
    examples = {
        (p, m): media["example"] for p, m, media in json_bodies(document) if "example" in media
    }
    generate = admin_client.post(
        "/api/v1/roadmaps/generate/", json=examples[("/api/v1/roadmaps/generate/", "post")]
    )
    assert generate.status_code == 201, generate.get_json()
    roadmap = generate.get_json()
    ids = {"roadmap_id": roadmap["id"], "step_id": roadmap["steps"][0]["id"], "code": "CAN"}
    refused = []
    for (path, method), example in examples.items():
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)
        body = dict(example) if isinstance(example, dict) else example
        if path.endswith("/timeline/create/"):
            body["roadmapId"] = roadmap["id"]
        response = admin_client.open(url, method=method.upper(), json=body)
        if response.status_code == 400 or response.status_code >= 500:
            refused.append((method.upper(), path, response.status_code, response.get_json()))
    assert refused == []


def test_brief_examples_are_the_documented_ones(document):
    generate = document["paths"]["/api/v1/roadmaps/generate/"]["post"]["requestBody"]
    assert generate["content"][JSON]["example"]["aiTone"] == "uncle_japa"
    estimate = document["paths"]["/api/v1/calc/estimate/"]["post"]["requestBody"]
    assert estimate["content"][JSON]["example"]["inputs"]["tuitionYearly"] == 15000


def test_every_operation_documents_its_errors_as_problems(document):
    for path, method, op in operations(document):
        responses = op["responses"]
        assert "400" in responses, (method, path)
        if "requestBody" in op:
            assert {"413", "415"} <= set(responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if path.startswith("/api/v1/admin/"):
            assert {"401", "403"} <= set(responses), (method, path)
    problem = document["components"]["responses"]["TOO_MANY_REQUESTS"]["content"]
    assert "application/problem+json" in problem


def test_security_is_only_where_a_token_is_taken(document):
    assert "security" not in document
    health = document["paths"]["/api/v1/health"]["get"]
    assert health["security"] == []
    for path, _method, op in operations(document):
        if path.startswith("/api/v1/admin/"):
            assert op["security"] == [{"bearerAuth": []}], path
    me = document["paths"]["/api/v1/auth/me/"]["get"]
    assert {"bearerAuth": []} in me["security"]


def test_tags_are_features_with_descriptions(document):
    tags = {tag["name"]: tag["description"] for tag in document["tags"]}
    assert "countries_admin" not in tags and "country_visa_types" not in tags
    assert {"countries", "visas", "roadmaps", "health"} <= set(tags)
    assert all(tags.values())
    used = {t for _p, _m, op in operations(document) for t in op["tags"]}
    assert used == set(tags)


def test_no_restructuredtext_markup_shows_literally(client):
    text = client.get("/api/v1/openapi.json").get_data(as_text=True)
    assert "``" not in text and ":func:`" not in text and ":class:`" not in text
