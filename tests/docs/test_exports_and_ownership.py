"""Roadmap PDF exports, documents claimed on signup and purged with expired sessions, the AI
path through the doc_builder prompt, and jobs that fail for good."""

from datetime import date, timedelta

from sqlalchemy import select

from tests.docs.test_documents import SOP_FIELDS, pdf_text, sop

PASSWORD = "a long pass phrase for tests"


def make_roadmap(client, visa_type_id):
    return client.post(
        "/api/v1/roadmaps/generate/",
        json={"country": "GBR", "goal": "study", "visaTypeId": visa_type_id, "profile": {}},
    ).get_json()


def export(client, roadmap_id):
    response = client.post(f"/api/v1/roadmaps/{roadmap_id}/export/")
    response.close()  # the server sends the answer, then runs the inline job
    return response


def test_roadmap_export_prints_steps_costs_statuses_dates_and_sources(client, uk_student_id):
    roadmap = make_roadmap(client, uk_student_id)
    first, second = roadmap["steps"][0], roadmap["steps"][1]
    client.post(f"/api/v1/roadmaps/{roadmap['id']}/steps/{first['id']}/complete/", json={})
    client.post(
        f"/api/v1/roadmaps/{roadmap['id']}/steps/{second['id']}/block/",
        json={"reason": "Waiting for my CAS"},
    )
    start = date.today() + timedelta(days=30)
    client.post(
        "/api/v1/timeline/create/",
        json={
            "roadmapId": roadmap["id"],
            "startDate": start.isoformat(),
            "targetDate": (start + timedelta(days=400)).isoformat(),
        },
    )
    response = export(client, roadmap["id"])
    assert response.status_code == 202
    queued = response.get_json()
    assert queued["kind"] == "roadmap_export" and queued["status"] == "pending"
    document = client.get(f"/api/v1/docs/{queued['id']}/").get_json()
    assert document["status"] == "ready" and document["fileUrl"]
    text = pdf_text(client.get(document["fileUrl"]).data)
    assert roadmap["title"] in text
    assert first["title"] in text and "Status: done" in text
    assert "blocked: Waiting for my CAS" in text
    assert f"Planned: {start:%d %b %Y}" in text
    assert "Sources" in text and "gov.uk" in text
    priced = next(s for s in roadmap["steps"] if s["estimatedCostUsd"])
    assert f"US${priced['estimatedCostUsd']:,.2f}".removesuffix(".00") in text
    assert client.get(f"/api/v1/roadmaps/{roadmap['id']}/").get_json()["exportCount"] == 1
    export(client, roadmap["id"])
    assert client.get(f"/api/v1/roadmaps/{roadmap['id']}/").get_json()["exportCount"] == 2


def test_someone_elses_roadmap_cannot_be_exported(client, other_client, uk_student_id):
    roadmap = make_roadmap(client, uk_student_id)
    assert export(other_client, roadmap["id"]).status_code == 404
    assert client.get(f"/api/v1/roadmaps/{roadmap['id']}/").get_json()["exportCount"] == 0
    assert export(client, 2147483647).status_code == 404


def test_signup_claims_letters_and_exports(client, other_client, uk_student_id):
    letter = client.post("/api/v1/docs/generate/", json=sop(uk_student_id, "pdf")).get_json()
    roadmap = make_roadmap(client, uk_student_id)
    exported = export(client, roadmap["id"]).get_json()
    registered = client.post(
        "/api/v1/auth/register/", json={"email": "ola@example.com", "password": PASSWORD}
    ).get_json()
    assert registered["claimed"]["migrated"]["documents"] == 2, registered
    assert registered["claimed"]["migratedDocuments"] == 2
    token = {"Authorization": f"Bearer {registered['accessToken']}"}
    mine = client.get("/api/v1/docs/", headers=token).get_json()
    assert {d["id"] for d in mine["results"]} == {letter["id"], exported["id"]}
    assert all(d["isAnonymous"] is False for d in mine["results"])
    for document in mine["results"]:
        assert client.get(document["fileUrl"], headers=token).status_code == 200
        assert other_client.get(f"/api/v1/docs/{document['id']}/").status_code == 404
        assert other_client.get(document["fileUrl"]).status_code == 404


def test_expired_sessions_take_their_documents(client, app, runner, uk_student_id):
    from pathlib import Path

    from japaguide.database import utcnow
    from japaguide.extensions import db
    from japaguide.models import AnonymousSession
    from plugins.docs.models import GeneratedDocument

    created = client.post("/api/v1/docs/generate/", json=sop(uk_student_id, "pdf"))
    assert created.status_code == 201, created.get_json()
    with app.app_context():
        document = db.session.scalar(select(GeneratedDocument))
        anon_id, ref = document.session_id, document.file_ref
        folder, _, filename = ref.removeprefix("local-private:").partition("/")
        stored = Path(app.config["PRIVATE_MEDIA_ROOT"]) / folder / filename
        assert stored.is_file()
        db.session.get(AnonymousSession, anon_id).expires_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    result = runner.invoke(args=["cleanup-expired-sessions"])
    assert result.exit_code == 0 and '"documents": 1' in result.output, result.output
    assert '"files": 1' in result.output, result.output
    with app.app_context():
        assert db.session.scalar(select(GeneratedDocument)) is None
    # the PDF went with its row: nothing private is left behind on disk
    assert not stored.exists()


def test_with_a_key_the_ai_words_the_letter_and_new_figures_are_flagged(
    client, app, fake_openai, uk_student_id
):
    fake_openai.reply = (
        "I am Ọlá Adébáyọ̀, CAS E4G7H8J9K0L1M2. My father holds 48,000,000 naira for me. "
        "Passport: [YOUR PASSPORT NUMBER]."
    )
    response = client.post("/api/v1/docs/generate/", json=sop(uk_student_id, "pdf"))
    assert response.status_code == 201
    pending = response.get_json()
    assert pending["status"] == "pending" and pending["metadata"]["writer"] == "ai"
    response.close()
    document = client.get(f"/api/v1/docs/{pending['id']}/").get_json()
    assert document["status"] == "ready" and document["metadata"]["provider"] == "openai"
    assert document["metadata"]["unverifiedFigures"] == ["48,000,000"]
    assert "Unverified figures" in document["content"]
    assert document["placeholders"] == ["[YOUR PASSPORT NUMBER]"]
    prompt = fake_openai.requests[0]["messages"][1]["content"]
    assert "E4G7H8J9K0L1M2" in prompt and "no invented facts" in prompt
    assert "48,000,000" in pdf_text(client.get(document["fileUrl"]).data)

    from japaguide.extensions import db
    from plugins.ai.models import AIRequest

    with app.app_context():
        logged = db.session.scalar(select(AIRequest).order_by(AIRequest.id.desc()))
        assert logged.provider == "openai" and logged.cost_usd is not None


def test_a_failing_model_leaves_the_template_letter(client, fake_openai, uk_student_id):
    fake_openai.mode = "error"
    response = client.post("/api/v1/docs/generate/", json=sop(uk_student_id))
    response.close()
    document = client.get(f"/api/v1/docs/{response.get_json()['id']}/").get_json()
    assert document["status"] == "ready" and document["metadata"]["fallbackUsed"] is True
    assert SOP_FIELDS["casNumber"] in document["content"]


def test_a_job_that_fails_for_good_marks_the_document_failed(
    client, app, monkeypatch, uk_student_id
):
    from japaguide.extensions import db
    from plugins.docs import services
    from plugins.docs.models import GeneratedDocument
    from plugins.docs.services import settle_failed_job

    roadmap = make_roadmap(client, uk_student_id)
    # the job is lost, as when the worker holding it dies
    monkeypatch.setattr(services, "enqueue", lambda *args, **kwargs: "lost")
    queued = export(client, roadmap["id"]).get_json()
    assert queued["status"] == "pending"
    with app.app_context():
        settle_failed_job("ai.enrich_roadmap", [queued["id"]], "not ours")
        assert db.session.get(GeneratedDocument, queued["id"]).status == "pending"
        settle_failed_job("docs.generate_roadmap_pdf", [queued["id"]], "RuntimeError: boom")
    failed = client.get(f"/api/v1/docs/{queued['id']}/").get_json()
    assert failed["status"] == "failed" and failed["fileUrl"] is None
    assert failed["error"] == "RuntimeError: boom"


def test_a_purge_removes_only_private_files_it_names(app, tmp_path):
    """A reference outside the private folders (or climbing out of one) removes nothing."""
    from pathlib import Path

    from japaguide.media import delete_private_file

    with app.app_context():
        root = Path(app.config["PRIVATE_MEDIA_ROOT"])
        (root / "documents").mkdir(parents=True, exist_ok=True)
        keep = root / "keep.pdf"
        keep.write_bytes(b"%PDF")
        for ref in (
            "local-private:documents/../keep.pdf",
            "local-private:elsewhere/keep.pdf",
            "local-private:documents/",
            "local:documents/keep.pdf",
            "local-private:documents/missing.pdf",
        ):
            assert delete_private_file(ref) is False, ref
        assert keep.is_file()
