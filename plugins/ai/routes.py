"""Japabot endpoints (no auth required), rate limited per owner and per address."""

from __future__ import annotations

from typing import Any

from flask import Response, request, stream_with_context

from japaguide.api import Blueprint
from japaguide.identity import current_owner, require_owner
from japaguide.ratelimit import limit_scope
from japaguide.schemas import PageQuerySchema
from plugins.ai import chat as chat_service
from plugins.ai import compare as compare_service
from plugins.ai.schemas import (
    ChatRequestSchema,
    ChatResponseSchema,
    CompareRequestSchema,
    CompareResponseSchema,
    ConversationPageSchema,
)
from plugins.ai.services import check_credits

CACHED_HEADER = "X-AI-Cached"


def _cached(response: Any) -> bool:
    """Cached answers cost nothing: they give back the AI slot reserved for them."""
    return response.headers.get(CACHED_HEADER) == "true"


#: The brief's example answer (its `tokens_used`, `follow_up_questions`… camelCased).
BRIEF_CHAT_ANSWER = {
    "answer": "My guy, listen...",
    "personalityIntro": "Uncle Japa here!",
    "sources": [
        {"type": "visa", "id": 5, "name": "EU Blue Card"},
        {"type": "country", "code": "DEU"},
    ],
    "followUpQuestions": [
        "Do you have a university degree?",
        "What's your current salary range?",
    ],
    "tokensUsed": 450,
    "cached": False,
}


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("ai", __name__, description="Japabot, the AI assistant")

    @bp.route("/chat/", methods=["POST"])
    @limit_scope("ai", refund_when=_cached)
    @bp.body(
        ChatRequestSchema,
        example={
            "message": "What's the fastest way to get a work visa for Germany as a "
            "software engineer?",
            "tone": "uncle_japa",
            "context": {
                "countryCode": "DEU",
                "userProfile": {
                    "educationLevel": "bachelor",
                    "fieldOfStudy": "Computer Science",
                    "yearsExperience": 4,
                    "budgetUsd": 15000,
                    "skills": ["Python", "SQL"],
                    "languages": ["English"],
                },
            },
        },
    )
    @bp.response(200, ChatResponseSchema, example=BRIEF_CHAT_ANSWER)
    @bp.doc(
        responses={
            "200": {
                "description": "The answer as JSON, or as server-sent events when `stream` "
                "is true or the client accepts text/event-stream (chunk events, then done).",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ChatResponse"}},
                    "text/event-stream": {
                        "schema": {
                            "type": "object",
                            "description": "Each event's data: `chunk` events carry "
                            "{text}; the final `done` event carries the other fields of "
                            "ChatResponse.",
                        }
                    },
                },
            }
        }
    )
    def chat(data: dict[str, Any]) -> Any:
        """Ask Japabot; answers come from verified data, in the chosen personality."""
        owner = require_owner()
        check_credits(owner)
        context = data.get("context") or {}
        wants_stream = data["stream"] or "text/event-stream" in request.headers.get("Accept", "")
        if wants_stream:
            # Everything is read (an unknown conversation or roadmap is a 404 problem, never
            # an error inside a 200 stream) and the cache asked before the first byte; the
            # model's answer is then streamed as it is written, checked sentence by sentence.
            turn = chat_service.prepare(
                owner, data["message"], data["tone"], context, data.get("conversation_id")
            )
            streamed = chat_service.start_stream(turn)
            return Response(
                stream_with_context(chat_service.live_events(turn, streamed)),
                mimetype="text/event-stream",
                headers={
                    "Cache-Control": "no-cache",
                    "X-Accel-Buffering": "no",
                    CACHED_HEADER: "true" if streamed.cached else "false",
                },
            )
        result = chat_service.chat(
            owner, data["message"], data["tone"], context, data.get("conversation_id")
        )
        return result, 200, {CACHED_HEADER: "true" if result["cached"] else "false"}

    @bp.route("/compare/", methods=["POST"])
    @limit_scope("ai", refund_when=_cached)
    @bp.body(
        CompareRequestSchema,
        example={
            "left": "CAN",
            "right": "DEU",
            "metrics": ["cost", "pr_time", "job_market", "quality_of_life"],
            "userProfile": {
                "educationLevel": "bachelor",
                "fieldOfStudy": "Computer Science",
                "yearsExperience": 4,
                "budgetUsd": 15000,
                "skills": ["Python", "SQL"],
                "languages": ["English"],
            },
        },
    )
    @bp.response(200, CompareResponseSchema)
    def compare(data: dict[str, Any]) -> Any:
        """Compare two countries on chosen metrics, fitted to the profile."""
        owner = require_owner()
        result = compare_service.compare(
            owner, data["left"], data["right"], data["metrics"], data["user_profile"], data["tone"]
        )
        return result, 200, {CACHED_HEADER: "true" if result["cached"] else "false"}

    @bp.route("/conversations/", methods=["GET"])
    @bp.arguments(PageQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, ConversationPageSchema)
    def conversations(page: int, page_size: int) -> Any:
        """Your conversations with Japabot, newest first."""
        return chat_service.list_conversations(current_owner(), page, page_size)

    from plugins.ai.admin_routes import make_blueprints as admin_blueprints

    return [(bp, "/ai"), *admin_blueprints()]
