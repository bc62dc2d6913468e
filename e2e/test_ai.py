"""Japabot and compare on the production stack: every tone, JSON and server-sent events,
follow-ups in one conversation, and conversations that stay their owner's."""

from __future__ import annotations

import json

import pytest

TONES = ("helpful", "uncle_japa", "bestie", "strict_officer", "hype_man", "therapist")
QUESTIONS = (
    "How much money do I need to show for a Canada study permit?",
    "Abeg, which one cheaper for work: Germany or UK?",
)


@pytest.mark.parametrize("tone", TONES)
def test_chat_in_every_tone_as_json(new_client, tone):
    client = new_client(f"chat {tone}")
    first = client.post(
        "/ai/chat/", json={"message": QUESTIONS[0], "tone": tone}, expect=200
    ).json()
    assert first["answer"].strip() and first["aiProvider"] == "offline"
    follow_up = client.post(
        "/ai/chat/",
        json={
            "message": QUESTIONS[1],
            "tone": tone,
            "conversationId": first["conversationId"],
        },
        expect=200,
    ).json()
    assert follow_up["conversationId"] == first["conversationId"]
    listed = client.get("/ai/conversations/", expect=200).json()
    assert listed["count"] == 1 and len(listed["results"][0]["messages"]) == 4


@pytest.mark.parametrize("tone", TONES)
def test_chat_in_every_tone_as_server_sent_events(new_client, tone):
    client = new_client(f"stream {tone}")
    response = client.post(
        "/ai/chat/",
        json={
            "message": "What are the steps for the German Opportunity Card?",
            "tone": tone,
            "stream": True,
        },
        stream=True,
        expect=200,
        validate=False,  # an event stream has no JSON body to hold to a schema
    )
    assert response.headers["Content-Type"].startswith("text/event-stream")
    text = response.content.decode()
    chunks = [
        json.loads(line[6:])["text"]
        for line in text.splitlines()
        if line.startswith("data: ") and '"text"' in line
    ]
    assert "".join(chunks).strip() and "event: done" in text


def test_someone_elses_conversation_is_a_404(anon, other_anon):
    first = anon.post("/ai/chat/", json={"message": QUESTIONS[0]}, expect=200).json()
    other_anon.post(
        "/ai/chat/",
        json={"message": "And the fees?", "conversationId": first["conversationId"]},
        expect=404,
    )
    assert other_anon.get("/ai/conversations/", expect=200).json()["count"] == 0


@pytest.mark.parametrize("tone", TONES)
def test_compare_in_every_tone(anon, tone):
    body = anon.post(
        "/ai/compare/", json={"left": "CAN", "right": "DEU", "tone": tone}, expect=200
    ).json()
    assert body["left"]["code"] == "CAN" and body["right"]["code"] == "DEU"
    assert body["narrative"].strip()


def test_an_empty_message_is_a_problem(anon):
    anon.post("/ai/chat/", json={"message": ""}, expect=400)
