"""Templates people need, with typed fields, tied to the routes they serve; safe to edit."""

import pytest

from plugins.docs.models import TEMPLATE_TYPES

FIELD_KEYS = {"name", "label", "kind", "required", "example", "help", "placeholder"}


def test_every_kind_of_letter_is_listed_with_typed_fields(client, docs_seeded):
    response = client.get("/api/v1/docs/templates/")
    assert response.status_code == 200
    templates = response.get_json()["results"]
    assert {t["templateType"] for t in templates} == set(TEMPLATE_TYPES)
    for template in templates:
        assert template["fields"], template["slug"]
        for spec in template["fields"]:
            assert set(spec) >= FIELD_KEYS, (template["slug"], spec)
            assert spec["placeholder"].startswith("[") and spec["placeholder"].endswith("]")
        required = {s["name"] for s in template["fields"] if s["required"]}
        assert required <= set(template["exampleFields"]), template["slug"]


def test_filter_by_type(client, docs_seeded):
    results = client.get("/api/v1/docs/templates/?type=sponsor_letter").get_json()["results"]
    assert [t["slug"] for t in results] == ["sponsor-proof-of-funds-letter"]


def test_uk_student_route_adds_a_required_cas_number(client, uk_student_id):
    results = client.get(f"/api/v1/docs/templates/?visaTypeId={uk_student_id}").get_json()[
        "results"
    ]
    sop = next(t for t in results if t["slug"] == "statement-of-purpose-study")
    cas = next(s for s in sop["fields"] if s["name"] == "casNumber")
    assert cas["required"] is True and cas["kind"] == "text"
    route = next(r for r in sop["routes"] if r["visaTypeId"] == uk_student_id)
    assert all(req["source"]["url"].startswith("http") for req in route["requirements"])
    # templates tied to other routes only (Express Entry reference letters) are left out
    assert "employer-reference-letter" not in {t["slug"] for t in results}


def test_canada_study_permit_names_the_dli(client, can_study_id):
    results = client.get(f"/api/v1/docs/templates/?visaTypeId={can_study_id}").get_json()["results"]
    sop = next(t for t in results if t["slug"] == "statement-of-purpose-study")
    assert "dliNumber" in {s["name"] for s in sop["fields"]}
    assert "casNumber" not in {s["name"] for s in sop["fields"]}


@pytest.mark.parametrize("query", ["?type=novel", "?visaTypeId=0", "?country=1", "?colour=red"])
def test_bad_template_filters_are_400(client, docs_seeded, query):
    response = client.get(f"/api/v1/docs/templates/{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_a_route_filter_naming_no_route_is_a_rule_error(client, docs_seeded):
    response = client.get("/api/v1/docs/templates/?visaTypeId=999999")
    assert response.status_code == 422
    assert "visaTypeId" in response.get_json()["errors"]


HOSTILE = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ 'a' * 10**8 }}",
    "{% if %}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_templates_are_refused(app, source):
    from plugins.docs.admin import check_submission
    from plugins.docs.rendering import TemplateRejected

    with app.app_context(), pytest.raises(TemplateRejected):
        check_submission(source, [], {})


def test_example_fields_must_fit_the_fields(app):
    from plugins.docs.admin import check_submission
    from plugins.docs.rendering import TemplateRejected

    specs = [
        {
            "name": "fullName",
            "label": "Name",
            "kind": "text",
            "required": True,
            "example": "Ada",
            "help": "h",
            "placeholder": "[NAME]",
        }
    ]
    with app.app_context():
        assert check_submission("Hello {{ fullName }}", specs, {"fullName": "Ada"}) == "Hello Ada\n"
        with pytest.raises(TemplateRejected):
            check_submission("Hello {{ fullName }}", specs, {})  # a required example is missing
        with pytest.raises(TemplateRejected):
            check_submission("Hi", [{"name": "Bad Name"}], {})
