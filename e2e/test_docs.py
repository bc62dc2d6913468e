"""The Document Builder on the production stack (the issue's "Done when" journey).

An anonymous user lists templates, generates a statement of purpose for the UK Student route
as text and as a PDF with their own facts and visible placeholders, reads it back, exports
their roadmap as a PDF (made by the worker), signs up and finds both in their account; another
client gets 404 for each.
"""

from __future__ import annotations

import io
import time

from pypdf import PdfReader

from e2e.conftest import register

#: The worker makes roadmap PDFs; enrichment jobs queued by other modules may be ahead of it.
EXPORT_SECONDS = 120
FIELDS = {
    "fullName": "Ọlá Adébáyọ̀",
    "courseName": "MSc Data Science",
    "institutionName": "University of Leeds",
    "highestQualification": "BSc Computer Science, University of Ibadan, 2021",
    "whyThisCourse": "I want to build the credit-risk models my employer needs.",
    "careerPlans": "I will return to Lagos to lead the risk analytics team.",
    "casNumber": "E4G7H8J9K0L1M2",
}


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def uk_student_id(client) -> int:
    visas = client.get("/countries/{code}/visa-types/", code="GBR", expect=200).json()
    return next(v["id"] for v in visas if v["slug"] == "student")


def wait_until_ready(client, document_id: int) -> dict:
    deadline = time.monotonic() + EXPORT_SECONDS
    while time.monotonic() < deadline:
        body = client.get("/docs/{document_id}/", document_id=document_id, expect=200).json()
        if body["status"] != "pending":
            break
        time.sleep(0.5)
    assert body["status"] == "ready", body
    return body


def test_the_document_builder_journey(anon, other_anon):
    visa_id = uk_student_id(anon)
    templates = anon.get("/docs/templates/", params={"visaTypeId": visa_id}, expect=200).json()
    sop = next(t for t in templates["results"] if t["slug"] == "statement-of-purpose-study")
    assert {"casNumber", "fullName"} <= {f["name"] for f in sop["fields"]}

    body = {"template": sop["slug"], "visaTypeId": visa_id, "fields": FIELDS, "format": "text"}
    text = anon.post("/docs/generate/", json=body, expect=201).json()
    assert text["status"] == "ready" and "E4G7H8J9K0L1M2" in text["content"]
    assert "[YOUR PASSPORT NUMBER]" in text["content"]
    pdf_doc = anon.post("/docs/generate/", json={**body, "format": "pdf"}, expect=201).json()
    read_back = anon.get("/docs/{document_id}/", document_id=pdf_doc["id"], expect=200).json()
    assert read_back["content"] == pdf_doc["content"]
    pdf = anon.get("/docs/{document_id}/file/", document_id=pdf_doc["id"], expect=200)
    assert pdf.headers["Content-Type"] == "application/pdf"
    printed = pdf_text(pdf.content)
    assert "Ọlá Adébáyọ̀" in printed and "[YOUR PASSPORT NUMBER]" in printed

    roadmap = anon.post(
        "/roadmaps/generate/",
        json={"country": "GBR", "goal": "study", "visaTypeId": visa_id},
        expect=201,
    ).json()
    queued = anon.post("/roadmaps/{roadmap_id}/export/", roadmap_id=roadmap["id"], expect=202)
    export = wait_until_ready(anon, queued.json()["id"])
    exported = anon.get("/docs/{document_id}/file/", document_id=export["id"], expect=200)
    assert roadmap["steps"][0]["title"] in pdf_text(exported.content)
    counted = anon.get("/roadmaps/{roadmap_id}/", roadmap_id=roadmap["id"], expect=200).json()
    assert counted["exportCount"] == 1

    registered = register(anon)
    assert registered["claimed"]["migrated"]["documents"] == 3
    mine = anon.get("/docs/", expect=200).json()
    assert {d["id"] for d in mine["results"]} == {text["id"], pdf_doc["id"], export["id"]}
    for document in (pdf_doc, export):
        anon.get("/docs/{document_id}/file/", document_id=document["id"], expect=200)
        other_anon.get("/docs/{document_id}/", document_id=document["id"], expect=404)
        other_anon.get("/docs/{document_id}/file/", document_id=document["id"], expect=404)
    other_anon.post("/roadmaps/{roadmap_id}/export/", roadmap_id=roadmap["id"], expect=404)


def test_bad_documents_are_400_problems(anon):
    # A template that does not exist is a reference to data: 422 naming the field.
    unknown = anon.post("/docs/generate/", json={"template": "no-such-letter"}, expect=422)
    assert "template" in unknown.json()["errors"]
    anon.post(
        "/docs/generate/",
        json={"template": "statement-of-purpose-study", "fields": {"fullName": "x" * 100_000}},
        expect=400,
    )
    assert anon.get("/docs/", expect=200).json()["count"] == 0
