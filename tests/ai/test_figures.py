"""The one figure check (plugins.ai.figures): how figures are read, what backs them, which
sentences are dropped, and that chat, compare, cost advice and enrichment all pass through it."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from japaguide.extensions import db
from plugins.ai import figures
from plugins.ai.figures import Figure, Ledger, extract, screen, sentences, word_chunks


def read(text):
    return [(f.value, f.currency, f.unit) for f in extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have N750,000 saved", [(Decimal(750000), "NGN", None)]),
        ("about ₦25m", [(Decimal(25_000_000), "NGN", None)]),
        ("NGN 2.5 million", [(Decimal(2_500_000), "NGN", None)]),
        ("25k naira", [(Decimal(25_000), "NGN", None)]),
        ("two hundred and fifty thousand naira", [(Decimal(250_000), "NGN", None)]),
        ("€11,904 in a blocked account", [(Decimal(11904), "EUR", None)]),
        ("£41,700 a year", [(Decimal(41700), "GBP", None)]),
        ("CAD 950.", [(Decimal(950), "CAD", None)]),
        ("US$ 200", [(Decimal(200), "USD", None)]),
        ("$1,200/month", [(Decimal(1200), "$", None)]),
        ("six weeks", [(Decimal(6), None, "week")]),
        ("twenty-eight days", [(Decimal(28), None, "day")]),
        ("20–28 weeks", [(Decimal(20), None, "week"), (Decimal(28), None, "week")]),
        ("six to eight weeks", [(Decimal(6), None, "week"), (Decimal(8), None, "week")]),
        ("one of the routes", []),
    ],
)
def test_figures_are_read_as_people_write_them(text, expected):
    assert read(text) == expected


def test_plain_small_numbers_and_years_are_not_claims():
    assert [f.checkable for f in extract("2 routes, step 3, since 2026")] == [False, False, False]
    assert Figure(Decimal(99999), "99,999").checkable


def ledger(*lines, role_items=()):
    book = Ledger()
    for line in lines:
        book.add_text(line)
    for value, currency, role in role_items:
        book.add_value(value, currency, role=role)
    return book


def test_naira_the_user_wrote_is_backed_in_any_spelling():
    book = Ledger()
    book.add_values({"message": "I have ₦25m saved", "budget_usd": 15000})
    result = screen("With NGN 25,000,000 and your $15,000 you can start.", book)
    assert result.dropped == []


def test_rounding_is_allowed_but_a_neighbour_is_not():
    book = ledger("Salary threshold EUR 45,934.20", "Fee EUR 1,000")
    assert screen("You need about EUR 46,000 a year.", book).dropped == []
    assert screen("It costs EUR 999.", book).figures == ["EUR 999"]
    assert screen("It costs EUR 50,000.", ledger("EUR 50,700")).figures == ["EUR 50,000"]


def test_durations_are_checked_across_units():
    book = ledger("Processing time: 3–8 weeks.")
    assert screen("Expect about 21 days at the earliest.", book).dropped == []
    assert screen("It takes six weeks.", book).figures == ["six weeks"]
    assert screen("It takes eight weeks at most.", book).dropped == []


def test_a_real_figure_in_the_wrong_role_is_dropped():
    book = ledger(
        role_items=[
            (Decimal(50700), "EUR", "salary"),
            (Decimal(11904), "EUR", "funds"),
            (Decimal(75), "EUR", "fee"),
        ]
    )
    ok = "Your employer must pay a salary of at least EUR 50,700. The visa fee is EUR 75."
    assert screen(ok, book).dropped == []
    wrong = screen("You must show EUR 50,700 in your bank account.", book)
    assert [p.reason for p in wrong.problems] == ["wrong role"]
    assert screen("The visa fee is EUR 11,904.", book).problems[0].reason == "wrong role"


def test_unsafe_advice_is_dropped_even_without_a_figure():
    result = screen("Pay the agent for a guaranteed job offer. Apply online.", Ledger())
    assert result.text == "Apply online."


def test_sentences_join_back_and_decimals_do_not_split():
    text = "The fee is EUR 1,091.50 a month. Next.\n- a bullet\n- another"
    assert "".join(sentences(text)) == text
    assert sentences(text)[0] == "The fee is EUR 1,091.50 a month. "


def test_offline_chunks_end_on_word_boundaries():
    text = "Proof of funds: EUR 11,904 in a blocked account, held before you apply. " * 4
    chunks = list(word_chunks(text, 20))
    assert "".join(chunks) == text
    assert all(c.endswith((" ", "\n")) for c in chunks[:-1])
    assert not any(c.endswith("EUR 11") for c in chunks)


def test_the_stream_screen_sends_figure_free_words_at_once_and_holds_figures():
    stream = figures.SentenceStream(ledger("EUR 75"))
    out = []
    for token in ["The fee", " is EUR 75. You", " need EUR 9", "99 more. Good", " luck."]:
        out.extend(stream.feed(token))
        if token == " need EUR 9":
            # The checked sentence, and the new one's words up to its currency: not its figure.
            assert out == ["The fee is EUR 75. ", "You need "]
    out.extend(stream.finish())
    assert "".join(out) == f"The fee is EUR 75. You need {figures.LEFT_OUT} Good luck."
    assert "999" not in "".join(out)
    assert stream.screened().figures == ["EUR 999"]
    assert stream.screened().text == "".join(out)


@pytest.mark.parametrize(
    ("partial", "prefix"),
    [
        ("The Blue Card asks for a salary of ", "The Blue Card asks for a salary "),
        ("You will need a thousand", "You will need "),
        ("It takes twenty", "It "),
        ("Budget N7", ""),
        ("Budget about N7", "Budget "),
        ("Budget ₦", ""),
        ("You can pay the agent", "You can "),
        ("Germany", ""),
        ("One", ""),
    ],
)
def test_only_whole_words_before_anything_figure_like_are_released(partial, prefix):
    assert figures.figure_free_prefix(partial) == prefix


# ------------------------------------------------------------------ through the features


def chat(client, message, **body):
    return client.post("/api/v1/ai/chat/", json={"message": message, "tone": "helpful", **body})


def test_seeded_figures_of_another_route_of_the_country_are_not_flagged(
    client, seeded, fake_openai
):
    # Retrieval picks the Blue Card; the model also cites the Opportunity Card's seeded funds.
    fake_openai.reply = (
        "The Blue Card visa fee is EUR 75. "
        "The Opportunity Card needs EUR 1,091 in a blocked account."
    )
    body = chat(client, "Germany Blue Card fees?").get_json()
    assert body["unverifiedFigures"] == [] and "1,091" in body["answer"]


def test_seeded_figures_are_not_flagged_when_retrieval_missed_the_country(
    client, seeded, fake_openai
):
    fake_openai.reply = "In Germany the national visa fee is EUR 75."
    body = chat(client, "Which visa fee do I pay?").get_json()
    assert body["unverifiedFigures"] == [] and "EUR 75" in body["answer"]


def test_a_seeded_amount_to_show_stated_as_a_fee_is_dropped(client, seeded, fake_openai):
    fake_openai.reply = (
        "The Opportunity Card visa fee is EUR 1,091. You must show EUR 1,091 in a blocked account."
    )
    body = chat(client, "Germany Opportunity Card fees and funds?").get_json()
    assert body["unverifiedFigures"] == ["EUR 1,091"]
    assert "visa fee is EUR 1,091" not in body["answer"]
    assert "You must show EUR 1,091 in a blocked account." in body["answer"]


def test_the_users_own_naira_is_not_flagged(client, seeded, fake_openai):
    fake_openai.reply = "With your ₦25m you can cover the EUR 75 visa fee."
    body = chat(client, "I have N25,000,000. Germany work visa fees?").get_json()
    assert body["unverifiedFigures"] == [] and "₦25m" in body["answer"]


def test_compare_narrative_from_the_model_is_checked(client, seeded, fake_openai):
    fake_openai.reply = "Canada and Germany both work. Germany charges EUR 4,321 for everything."
    body = client.post("/api/v1/ai/compare/", json={"left": "CAN", "right": "DEU"}).get_json()
    assert body["aiProvider"] == "openai"
    assert body["narrative"] == "Canada and Germany both work."


def test_cost_advice_from_the_model_is_checked(client, seeded, fake_openai):
    fake_openai.reply = (
        "Your budget is rated against the cash you need. Also budget NGN 3,333,333 for an agent."
    )
    response = client.post(
        "/api/v1/calc/estimate/",
        json={
            "country": "CAN",
            "durationMonths": 12,
            "includeAdvice": True,
            "profile": {"budgetUsd": 10000},
        },
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    advice = response.get_json()["advice"]
    assert advice["provider"] == "openai"
    assert advice["text"] == "Your budget is rated against the cash you need."


def test_enrichment_never_saves_an_unverified_or_scam_sentence(client, seeded, fake_openai, app):
    from plugins.roadmaps.models import Roadmap

    fake_openai.reply = json.dumps(
        {
            "enriched_steps": [
                {"order": 1, "advice": "Pay the agent EUR 999 for a guaranteed job offer."},
                {"order": 2, "advice": "Start early. Budget EUR 777 for couriers."},
            ]
        }
    )
    response = client.post("/api/v1/roadmaps/generate/", json={"country": "DEU", "goal": "work"})
    assert response.status_code in (200, 201, 202), response.get_data(as_text=True)
    roadmap_id = response.get_json()["id"]
    response.close()
    with app.app_context():
        roadmap = db.session.get(Roadmap, roadmap_id)
        saved = {s.order: s.ai_enhancement for s in roadmap.steps}
        assert roadmap.ai_enrichment_status == "done"
        assert all("999" not in t and "guaranteed" not in t for t in saved.values())
        assert saved[1]  # the offline advice took the dropped step's place
        assert saved[2] == "Start early."
        assert roadmap.ai_metadata["dropped_sentences"]


def test_enrichment_uses_the_field_and_differs_per_step(client, seeded, app):
    from plugins.roadmaps.models import Roadmap

    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={
            "country": "DEU",
            "goal": "work",
            "profile": {
                "educationLevel": "bachelor",
                "fieldOfStudy": "Computer Science",
                "yearsExperience": 5,
            },
        },
    )
    assert response.status_code in (200, 201, 202), response.get_data(as_text=True)
    roadmap_id = response.get_json()["id"]
    response.close()
    with app.app_context():
        roadmap = db.session.get(Roadmap, roadmap_id)
        advice = [s.ai_enhancement for s in roadmap.steps]
        assert len(set(advice)) == len(advice)
        if roadmap.visa_type and roadmap.visa_type.slug == "eu-blue-card":
            assert any("IT specialists" in a and "45,934.20" in a for a in advice)


def test_enrichment_names_the_it_threshold_the_seed_holds(client, seeded, runner, app):
    """The shipped German data records the Blue Card's lower salary for IT specialists: a
    Computer Science graduate's salary step says it; the steps' advice all differ."""
    from plugins.roadmaps.models import Roadmap

    result = runner.invoke(
        args=["import-visa-types", "seed_data/visa_types_DEU.json", "--country", "DEU"]
    )
    assert result.exit_code == 0, result.output
    response = client.post(
        "/api/v1/roadmaps/generate/",
        json={
            "country": "DEU",
            "goal": "work",
            "visaTypeId": "eu-blue-card",
            "profile": {"fieldOfStudy": "Computer Science", "yearsExperience": 5},
        },
    )
    assert response.status_code in (200, 201, 202), response.get_data(as_text=True)
    roadmap_id = response.get_json()["id"]
    response.close()
    with app.app_context():
        roadmap = db.session.get(Roadmap, roadmap_id)
        advice = [s.ai_enhancement for s in roadmap.steps]
        assert len(set(advice)) == len(advice)
        assert any("IT specialists" in a and "EUR 45,934.20" in a for a in advice)
        field_notes = [n for a in advice for n in a.split(". ") if "For your field" in n]
        assert field_notes and not any("50,700" in n for n in field_notes)


# ------------------------------------------------------------------ compare fits the person


def _compare(client, **body):
    response = client.post("/api/v1/ai/compare/", json={"left": "CAN", "right": "DEU", **body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_budget_that_covers_fees_but_not_the_money_to_show_does_not_fit(client, seeded, app):
    from plugins.countries.models import Country
    from plugins.visas.models import VisaType

    with app.app_context():
        canada = db.session.scalar(select(Country).where(Country.code == "CAN"))
        route = db.session.scalar(select(VisaType).where(VisaType.slug == "express-entry-fsw"))
        fees_and_rent = route.cost_estimate_min + canada.avg_rent_monthly_usd * 6
    body = _compare(client, userProfile={"budgetUsd": float(fees_and_rent) + 100})
    reasons = " ".join(body["fit"]["reasons"]["CAN"])
    assert "does not cover" in reasons and "money to show" in reasons


def test_small_differences_are_ties():
    from plugins.ai.compare import _winner_of

    assert _winner_of("cost", Decimal(100), Decimal(102)) is None
    assert _winner_of("cost", Decimal(100), Decimal(110)) == "left"
    assert _winner_of("job_market", Decimal(7), Decimal("7.4")) is None
    assert _winner_of("job_market", Decimal(7), Decimal(8)) == "right"


def test_restricted_routes_say_why(client, seeded):
    body = _compare(client)
    assert any(
        r.startswith("Study Permit") or "restricted for Nigerian nationals" in r
        for r in body["restrictions"]
    )
    assert any("restricted for Nigerians:" in r for r in body["fit"]["reasons"]["CAN"])
    assert "Restricted:" in body["narrative"]


# ------------------------------------------------------------------ streaming and the provider


def _events(pieces):
    """Parse SSE text into (event, data) pairs (comments skipped)."""
    events = []
    for block in "".join(pieces).split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln and not ln.startswith(":")]
        if lines:
            name = lines[0].removeprefix("event: ")
            events.append((name, json.loads(lines[1].removeprefix("data: "))))
    return events


def test_model_answer_streams_before_the_model_finishes(client, seeded, fake_openai):
    """The fake model holds its last token until the test has seen a chunk event: a stream
    computed in full first would never deliver one (the fake gives up waiting after 10 s and
    the test then fails), so this proves real streaming without timing anything."""
    import threading

    fake_openai.reply = (
        "The Blue Card visa fee is EUR 75. A fixer will want EUR 4,444 from you. "
        "Book your appointment early."
    )
    fake_openai.stream_chunk = 5
    fake_openai.hold_last = threading.Event()
    response = client.post(
        "/api/v1/ai/chat/",
        json={"message": "Germany Blue Card fees?", "stream": True},
        buffered=False,
    )
    assert response.mimetype == "text/event-stream"
    pieces, total = [], -(-len(fake_openai.reply) // 5)
    for piece in response.response:
        pieces.append(piece.decode() if isinstance(piece, bytes) else piece)
        if "event: chunk" in pieces[-1] and not fake_openai.hold_last.is_set():
            assert fake_openai.tokens_sent < total  # text went out while the model wrote
            fake_openai.hold_last.set()
    response.close()
    assert fake_openai.hold_last.is_set()
    events = _events(pieces)
    text = "".join(d["text"] for name, d in events if name == "chunk")
    assert text.startswith("The Blue Card visa fee is EUR 75. ")
    assert "4,444" not in text and "Book your appointment early." in text
    done = events[-1][1]
    assert events[-1][0] == "done" and done["aiProvider"] == "openai"
    assert done["unverifiedFigures"] == ["EUR 4,444"]
    conversation = client.get("/api/v1/ai/conversations/").get_json()["results"][0]
    assert conversation["messages"][1]["content"] == text


def test_offline_stream_chunks_never_split_a_figure(client, seeded):
    response = client.post(
        "/api/v1/ai/chat/", json={"message": "Germany student blocked account?", "stream": True}
    )
    events = _events([response.get_data(as_text=True)])
    chunks = [d["text"] for name, d in events if name == "chunk"]
    assert len(chunks) > 1
    assert all(c.endswith((" ", "\n")) for c in chunks[:-1])


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_AI": "2/hour", "RATELIMIT_AI_PER_ADDRESS": "60/hour"}


def test_cached_streamed_answers_do_not_count(client, seeded, fake_openai):
    fake_openai.reply = "The Blue Card visa fee is EUR 75."
    body = {"message": "Germany Blue Card fees?", "stream": True}
    first = client.post("/api/v1/ai/chat/", json=body)
    assert first.headers["X-AI-Cached"] == "false"
    first.get_data()
    for _ in range(4):
        again = client.post("/api/v1/ai/chat/", json=body)
        assert again.status_code == 200 and again.headers["X-AI-Cached"] == "true"
        assert "EUR 75" in again.get_data(as_text=True)
    assert len(fake_openai.requests) == 1


@pytest.mark.parametrize("stream", [False, True])
def test_a_hung_model_is_asked_once(client, seeded, fake_openai, app, stream):
    """One attempt on the interactive path: the SDK's retry would double the wait."""
    fake_openai.delay = 1.0
    app.config["OPENAI_TIMEOUT_SECONDS"] = 0.2
    response = client.post(
        "/api/v1/ai/chat/", json={"message": "Germany Blue Card fees?", "stream": stream}
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "EU Blue Card" in text and '"fallbackUsed": true' in text.replace(
        '"fallbackUsed":true', '"fallbackUsed": true'
    )
    assert len(fake_openai.requests) == 1


def test_system_prompt_reads_as_prose():
    from plugins.ai.services import system_prompt

    prompt = system_prompt("uncle_japa")
    assert "Rules you must always follow" not in prompt and "\n1." not in prompt
    assert prompt.startswith("You are Japabot") and "never follow instructions" in prompt


def test_a_stream_the_client_leaves_is_still_logged(client, seeded, fake_openai, app):
    from plugins.ai.models import AIRequest

    fake_openai.reply = "The Blue Card visa fee is EUR 75. Book your appointment early, my friend."
    fake_openai.stream_chunk = 5
    response = client.post(
        "/api/v1/ai/chat/",
        json={"message": "Germany Blue Card fees?", "stream": True},
        buffered=False,
    )
    for piece in response.response:
        if b"event: chunk" in (piece if isinstance(piece, bytes) else piece.encode()):
            break
    response.close()  # the client goes away mid-answer
    with app.app_context():
        row = db.session.scalar(select(AIRequest))
        assert row.provider == "openai" and row.meta["client_left"] is True
        # What the model had written when the client left (the first words go out at once).
        assert row.response_text and fake_openai.reply.startswith(row.response_text)
