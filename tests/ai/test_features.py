"""Compare, roadmap enrichment (inline and via RQ), cost advice, templates and their sandbox."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from japaguide.extensions import db


def test_compare_is_structured_from_the_data(client, seeded):
    response = client.post(
        "/api/v1/ai/compare/",
        json={
            "left": "CAN",
            "right": "deu",
            "metrics": [
                "cost",
                "pr_time",
                "job_market",
                "quality_of_life",
                "visa_cost",
                "processing_time",
            ],
            "userProfile": {"budgetUsd": 20000, "languages": ["English"]},
            "tone": "bestie",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    rows = {r["metric"]: r for r in body["metrics"]}
    assert (
        rows["cost"]["left"] == 65.0
        and rows["cost"]["right"] == 62.0
        and rows["cost"]["winner"] == "DEU"
    )
    assert rows["job_market"]["winner"] == "CAN"  # 8 vs 7
    assert rows["pr_time"]["left"] == "6-12" and rows["pr_time"]["winner"] == "CAN"
    assert (
        rows["quality_of_life"]["winner"] is None
        and "No verified data" in rows["quality_of_life"]["leftNote"]
    )
    assert (
        rows["processing_time"]["right"] == 4
        and rows["processing_time"]["rightNote"] == "EU Blue Card"
    )
    assert "You speak an official language." in body["fit"]["reasons"]["CAN"]
    assert body["prosCons"]["DEU"]["pros"]
    assert body["recommendation"]["country"] in {"CAN", "DEU"}
    assert "bestie" in body["narrative"] and body["aiProvider"] == "offline"


@pytest.mark.parametrize(
    "body",
    [
        {"left": "CAN", "right": "XXX"},
        {"left": "CAN", "right": "DEU", "metrics": ["vibes"]},
        {"left": "CAN", "right": "DEU", "tone": "pirate"},
    ],
)
def test_compare_bad_input_is_400(client, seeded, body):
    assert client.post("/api/v1/ai/compare/", json=body).status_code == 400


def test_compare_country_without_playbook_is_404(client, seeded):
    assert (
        client.post("/api/v1/ai/compare/", json={"left": "CAN", "right": "FRA"}).status_code == 404
    )


def test_enrichment_runs_after_the_response_and_never_deletes_steps(client, seeded):
    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={
            "country": "CAN",
            "goal": "work",
            "visaTypeId": "express-entry-fsw",
            "profile": {"budgetUsd": 5000, "educationLevel": "bachelor"},
            "aiTone": "therapist",
        },
    )
    body = response.get_json()
    assert body["aiEnrichmentStatus"] == "pending"
    response.close()  # the server sends the response, then runs the inline job
    after = client.get(f"/api/v1/roadmaps/{body['id']}/").get_json()
    assert after["aiEnrichmentStatus"] == "done"
    assert [s["title"] for s in after["steps"]] == [s["title"] for s in body["steps"]]
    assert all(s["aiEnhanced"] for s in after["steps"])
    assert after["steps"][0]["aiEnhancement"].startswith("I hear you")
    assert "$5,000" in after["steps"][0]["aiEnhancement"]


def test_enrichment_falls_back_when_the_model_fails(client, seeded, fake_openai):
    fake_openai.mode = "error"
    response = client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "study"})
    rid = response.get_json()["id"]
    response.close()
    after = client.get(f"/api/v1/roadmaps/{rid}/").get_json()
    assert after["aiEnrichmentStatus"] == "fallback"
    assert after["aiMetadata"]["fallbackUsed"] is True
    assert all(s["aiEnhanced"] for s in after["steps"])


def test_enrichment_with_model_json(client, seeded, fake_openai):
    import json

    fake_openai.reply = json.dumps(
        {"enriched_steps": [{"order": 1, "advice": "Book IELTS in Lagos early."}]}
    )
    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={"country": "CAN", "goal": "work", "visaTypeId": "express-entry-fsw"},
    )
    rid = response.get_json()["id"]
    response.close()
    after = client.get(f"/api/v1/roadmaps/{rid}/").get_json()
    assert after["aiEnrichmentStatus"] == "done"
    assert after["steps"][0]["aiEnhancement"] == "Book IELTS in Lagos early."
    assert fake_openai.requests[0]["response_format"] == {"type": "json_object"}


@pytest.mark.skipif(not os.environ.get("JAPAGUIDE_TEST_REDIS_URL"), reason="needs real Redis")
def test_enrichment_through_a_real_rq_worker(client, seeded, app, app_config):
    app.config.update(JOBS_MODE="rq", JOBS_QUEUE="japaguide-ai-test")
    response = client.post("/api/v1/roadmaps/generate/", json={"country": "CAN", "goal": "work"})
    rid = response.get_json()["id"]
    response.close()
    assert client.get(f"/api/v1/roadmaps/{rid}/").get_json()["aiEnrichmentStatus"] == "pending"
    env = {
        **os.environ,
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app_config["REDIS_URL"],
        "SECRET_KEY": app_config["SECRET_KEY"],
        "JAPAGUIDE_TESTING": "1",
    }
    result = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "rq"),
            "worker",
            "--burst",
            "--url",
            app_config["REDIS_URL"],
            "japaguide-ai-test",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert client.get(f"/api/v1/roadmaps/{rid}/").get_json()["aiEnrichmentStatus"] == "done"


def test_cost_advice_through_the_hook(client, seeded):
    body = client.post(
        "/api/v1/calc/estimate/",
        json={
            "country": "CAN",
            "durationMonths": 12,
            "inputs": {"flights": 900},
            "includeAdvice": True,
            "aiTone": "uncle_japa",
            "profile": {"budgetUsd": 10000},
        },
    ).get_json()
    advice = body["advice"]
    assert advice["provider"] == "offline" and advice["rating"] == "tight"
    assert advice["fallbackUsed"] is False
    assert "Budget rating: tight" in advice["text"] and "no be beans" in advice["text"]


def test_seed_prompts_is_idempotent(runner, app):
    first = runner.invoke(args=["seed-prompts"])
    assert first.exit_code == 0 and "6 created" in first.output
    again = runner.invoke(args=["seed-prompts"])
    assert "6 unchanged" in again.output
    from plugins.ai.models import PromptTemplate

    with app.app_context():
        names = set(db.session.scalars(select(PromptTemplate.name)))
    assert names == {
        "roadmap_enrich",
        "cost_advice",
        "compare",
        "general_chat",
        "interview_prep",
        "doc_builder",
    }


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ 'x' * 100000000 }}",
        "{% for a in range(1000) %}{% for b in range(1000) %}{{ a }}{% endfor %}{% endfor %}",
        "{{ cycler.__init__.__globals__.os }}",
        "{% if %}",
        "{{ 1/0 }}",
        "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
        "{{ 'a'.ljust(300000000) }}",
        "{{ '%300000000s' % 'x' }}",
        "{{ '{:>300000000}'.format('x') }}",
        "{{ 'x' | center(300000000) }}",
        "{{ 'aaaa'.replace('', 'x' * 40000) }}",
        "{% if tone == 'therapist' %}{{ 1/0 }}{% endif %}",
        "{% if mode == 'compare' %}{{ none.x.y }}{% endif %}{{ [][tone == 'bestie'] }}",
    ],
)
def test_hostile_templates_are_refused(source):
    from plugins.ai.prompts import check_template_text
    from plugins.ai.sandbox import TemplateRejected

    with pytest.raises(TemplateRejected):
        check_template_text(source)


def test_an_over_time_render_is_stopped_not_abandoned():
    import threading
    import time

    from plugins.ai.sandbox import TemplateRejected, render

    busy = (
        "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(TemplateRejected, match="longer than"):
        render(busy, {})
    assert time.monotonic() - started < 4
    assert not [t for t in threading.enumerate() if t.name == "prompt-render"]


def test_a_hostile_template_is_refused_by_the_admin_api_and_nothing_saved(client, make_user):
    _, headers = make_user(email="root@example.com", is_admin=True)
    for source in ("{{ 1/0 }}", "{{ 'a'.ljust(300000000) }}"):
        response = client.post(
            "/api/v1/admin/ai/prompts/",
            headers=headers,
            json={"name": "hostile", "promptText": source, "mode": "general"},
        )
        assert response.status_code == 400, response.get_data(as_text=True)
        assert "promptText" in response.get_json()["errors"]
    listed = client.get("/api/v1/admin/ai/prompts/", headers=headers).get_json()
    assert "hostile" not in [t["name"] for t in listed]


def test_shipped_templates_render_in_the_sandbox():
    from plugins.ai.prompts import check_template_text, default_templates

    for template in default_templates().values():
        assert check_template_text(template["prompt_text"])


def test_ai_requests_are_claimed_on_signup(client, seeded):
    client.post("/api/v1/ai/chat/", json={"message": "Germany work visa?"})
    reg = client.post(
        "/api/v1/auth/register/", json={"email": "ai@example.com", "password": "a long pass phrase"}
    ).get_json()
    assert reg["claimed"]["migratedAiRequests"] == 1
    assert reg["claimed"]["migratedConversations"] == 1


def test_a_template_broken_after_save_falls_back_and_never_500s(client, seeded, app):
    """A row edited outside the checks (an old row, a direct SQL edit) must not break chat."""
    from sqlalchemy import select

    from japaguide.extensions import db
    from plugins.ai.models import PromptTemplate
    from plugins.ai.prompts import default_templates

    with app.app_context():
        for name, shipped in default_templates().items():
            row = db.session.scalar(select(PromptTemplate).where(PromptTemplate.name == name))
            if row is None:
                row = PromptTemplate(**shipped)
                db.session.add(row)
            row.prompt_text = "{{ 1/0 }}"
        db.session.commit()
    chat = client.post("/api/v1/ai/chat/", json={"message": "Germany work visa?"})
    assert chat.status_code == 200, chat.get_data(as_text=True)
    assert chat.get_json()["answer"]
    compare = client.post("/api/v1/ai/compare/", json={"left": "CAN", "right": "DEU"})
    assert compare.status_code == 200, compare.get_data(as_text=True)
