"""Generating letters: the person's facts, the route's facts, visible placeholders, PDFs that
only their owner can fetch, and bad input that stores nothing."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

SOP_FIELDS = {
    "fullName": "Ọlá Adébáyọ̀",
    "courseName": "MSc Data Science",
    "institutionName": "University of Leeds",
    "highestQualification": "BSc Computer Science, University of Ibadan, 2021",
    "whyThisCourse": "I want to build the credit-risk models my employer needs.",
    "careerPlans": "I will return to Lagos to lead the risk analytics team.",
    "casNumber": "E4G7H8J9K0L1M2",
}


def sop(visa_type_id, output_format="markdown", **changes):
    return {
        "template": "statement-of-purpose-study",
        "visaTypeId": visa_type_id,
        "format": output_format,
        "fields": {**SOP_FIELDS, **changes},
    }


def pdf_text(data):
    """The PDF's text with line wraps undone (a placeholder may wrap across lines)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def stored_documents(app):
    from japaguide.extensions import db
    from plugins.docs.models import GeneratedDocument

    with app.app_context():
        return db.session.scalar(select(func.count(GeneratedDocument.id)))


def test_statement_of_purpose_for_the_uk_student_route(client, uk_student_id):
    response = client.post("/api/v1/docs/generate/", json=sop(uk_student_id))
    assert response.status_code == 201, response.get_json()
    document = response.get_json()
    assert document["status"] == "ready" and document["metadata"]["writer"] == "template"
    content = document["content"]
    assert "Ọlá Adébáyọ̀" in content and "University of Leeds" in content
    assert "**CAS reference number:** E4G7H8J9K0L1M2" in content
    assert "Student visa (United Kingdom)" in content
    # the route's funds come from the database (seeded with their sources), not from the model
    assert "£10,539" in content
    # what the person did not give stays visible, never guessed
    for placeholder in ("[YOUR PASSPORT NUMBER]", "[COURSE START DATE]", "[YOUR TIES TO NIGERIA]"):
        assert placeholder in content and placeholder in document["placeholders"]
    assert "Adébáyọ̀" not in document["placeholders"]
    assert document["fileUrl"] is None


def test_text_format_is_plain(client, uk_student_id):
    document = client.post("/api/v1/docs/generate/", json=sop(uk_student_id, "text")).get_json()
    assert "**" not in document["content"] and "\n# " not in document["content"]
    assert "CAS reference number: E4G7H8J9K0L1M2" in document["content"]
    assert "**CAS reference number:**" in document["markdown"]


def test_pdf_is_made_stored_and_read_back_by_its_owner_only(client, other_client, uk_student_id):
    created = client.post("/api/v1/docs/generate/", json=sop(uk_student_id, "pdf")).get_json()
    assert created["status"] == "ready" and created["fileUrl"]
    again = client.get(f"/api/v1/docs/{created['id']}/")
    assert again.status_code == 200 and again.get_json()["content"] == created["content"]
    pdf = client.get(created["fileUrl"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    text = pdf_text(pdf.data)
    assert "Ọlá Adébáyọ̀" in text and "E4G7H8J9K0L1M2" in text
    assert "[YOUR PASSPORT NUMBER]" in text and "£10,539" in text
    assert other_client.get(f"/api/v1/docs/{created['id']}/").status_code == 404
    assert other_client.get(created["fileUrl"]).status_code == 404
    assert other_client.get("/api/v1/docs/").get_json()["count"] == 0


def test_naira_and_other_non_latin_text_print_in_the_pdf(client, docs_seeded):
    body = {
        "template": "sponsor-proof-of-funds-letter",
        "format": "pdf",
        "fields": {
            "sponsorName": "Chief Ẹmẹka Ọkafọ̀",
            "relationship": "father",
            "applicantName": "Adaeze Okafor",
            "purpose": "my daughter's MSc at the University of Leeds",
            "amountCommitted": {"amount": 25000000, "currency": "NGN"},
        },
    }
    document = client.post("/api/v1/docs/generate/", json=body).get_json()
    assert "₦25,000,000" in document["content"]
    text = pdf_text(client.get(document["fileUrl"]).data)
    assert "₦25,000,000" in text and "Chief Ẹmẹka Ọkafọ̀" in text
    assert "[YOUR BANK NAME]" in text  # never an invented bank


def test_template_by_id_and_roadmap_route(client, uk_student_id):
    templates = client.get("/api/v1/docs/templates/").get_json()["results"]
    template_id = next(t["id"] for t in templates if t["slug"] == "statement-of-purpose-study")
    roadmap = client.post(
        "/api/v1/roadmaps/generate/",
        json={"country": "GBR", "goal": "study", "visaTypeId": uk_student_id, "profile": {}},
    ).get_json()
    body = {"template": template_id, "roadmapId": roadmap["id"], "fields": SOP_FIELDS}
    document = client.post("/api/v1/docs/generate/", json=body).get_json()
    assert document["visaTypeId"] == uk_student_id and document["roadmapId"] == roadmap["id"]
    assert "E4G7H8J9K0L1M2" in document["content"]


def test_missing_required_field_names_it_and_stores_nothing(client, app, uk_student_id):
    fields = dict(SOP_FIELDS)
    del fields["casNumber"], fields["careerPlans"]
    response = client.post(
        "/api/v1/docs/generate/",
        json={
            "template": "statement-of-purpose-study",
            "visaTypeId": uk_student_id,
            "fields": fields,
        },
    )
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert set(errors) == {"fields.casNumber", "fields.careerPlans"}
    assert stored_documents(app) == 0


@pytest.mark.parametrize(
    "body",
    [
        {"template": True, "fields": {}},
        {"template": "statement-of-purpose-study", "fields": {**SOP_FIELDS, "fullName": 42}},
        {"template": "statement-of-purpose-study", "fields": {**SOP_FIELDS, "nickname": "Ola"}},
        {
            "template": "statement-of-purpose-study",
            "fields": {**SOP_FIELDS, "courseStartDate": "soon"},
        },
        {
            "template": "statement-of-purpose-study",
            "fields": {**SOP_FIELDS, "email": "not-an-address"},
        },
        {
            "template": "statement-of-purpose-study",
            "fields": {**SOP_FIELDS, "whyThisCourse": "x" * 100_000},
        },
        {
            "template": "statement-of-purpose-study",
            "fields": {**SOP_FIELDS, "courseName": "two\nlines"},
        },
        {"template": "statement-of-purpose-study", "fields": SOP_FIELDS, "format": "docx"},
        {"template": "statement-of-purpose-study", "fields": SOP_FIELDS, "tone": "rude"},
        {"template": "statement-of-purpose-study", "fields": "all of them"},
        {
            "template": "sponsor-proof-of-funds-letter",
            "fields": {
                "sponsorName": "A",
                "relationship": "father",
                "applicantName": "B",
                "purpose": "C",
                "amountCommitted": {"amount": "lots", "currency": "NGN"},
            },
        },
        {
            "template": "letter-of-explanation",
            "fields": {"fullName": "A", "reason": "bad_luck", "explanation": "B"},
        },
    ],
)
def test_bad_input_is_a_400_problem_and_stores_nothing(client, app, docs_seeded, body):
    response = client.post("/api/v1/docs/generate/", json=body)
    assert response.status_code == 400, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert stored_documents(app) == 0


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        # Templates and routes are data the document cannot list: a well-formed reference
        # to none names the field in a 422 (the house rule for references to data).
        ({"template": "no-such-letter", "fields": {}}, 422, "template"),
        ({"template": 999999, "fields": {}}, 422, "template"),
        (
            {"template": "statement-of-purpose-study", "fields": SOP_FIELDS, "visaTypeId": 999999},
            422,
            "visaTypeId",
        ),
        # A roadmap that is not yours is not found, as everywhere else.
        (
            {"template": "statement-of-purpose-study", "fields": SOP_FIELDS, "roadmapId": 999999},
            404,
            None,
        ),
    ],
)
def test_references_to_nothing_are_refused_and_store_nothing(
    client, app, docs_seeded, body, status, field
):
    response = client.post("/api/v1/docs/generate/", json=body)
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    if field:
        assert field in response.get_json()["errors"]
    assert stored_documents(app) == 0


def test_someone_elses_roadmap_cannot_be_used(client, other_client, uk_student_id):
    roadmap = other_client.post(
        "/api/v1/roadmaps/generate/", json={"country": "GBR", "goal": "study", "profile": {}}
    ).get_json()
    response = client.post(
        "/api/v1/docs/generate/",
        json={"template": "cover-letter-job-application", "roadmapId": roadmap["id"], "fields": {}},
    )
    assert response.status_code == 404  # the same answer as for a roadmap that does not exist


def test_documents_list_and_unknown_ids(client, uk_student_id):
    client.post("/api/v1/docs/generate/", json=sop(uk_student_id))
    listing = client.get("/api/v1/docs/").get_json()
    assert listing["count"] == 1 and listing["results"][0]["kind"] == "letter"
    assert client.get("/api/v1/docs/2147483647/").status_code == 404
    assert client.get("/api/v1/docs/2147483648/").status_code == 404
    text_only = listing["results"][0]["id"]
    assert client.get(f"/api/v1/docs/{text_only}/file/").status_code == 404  # no PDF asked for


def test_with_cloudinary_pdfs_are_private_files_behind_a_signed_link(
    app, client, other_client, uk_student_id
):
    import cloudinary

    from tests.fakes.cloudinary_server import FakeCloudinary

    with FakeCloudinary() as fake:
        app.config["CLOUDINARY_URL"] = (
            f"cloudinary://key:secret@demo?upload_prefix=http://127.0.0.1:{fake.port}"
        )
        try:
            document = client.post(
                "/api/v1/docs/generate/", json=sop(uk_student_id, "pdf")
            ).get_json()
            link = client.get(document["fileUrl"])
            refused = other_client.get(document["fileUrl"])
        finally:
            app.config["CLOUDINARY_URL"] = None
            cloudinary.reset_config()
    assert len(fake.uploads) == 1
    upload = fake.uploads[0]
    assert upload["path"] == "/v1_1/demo/raw/upload"
    assert b"authenticated" in upload["body"] and b"documents" in upload["body"]
    assert link.status_code == 302
    assert "/raw/download" in link.headers["Location"]
    assert "signature=" in link.headers["Location"] and "expires_at=" in link.headers["Location"]
    assert refused.status_code == 404
