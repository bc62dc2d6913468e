"""Japabot chat: grounded answers, conversations, streaming."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from japaguide.errors import NotFound
from japaguide.extensions import db
from japaguide.identity import Owner, get_owned_or_404, owned_select, touch_anonymous_session
from japaguide.pagination import paginate
from plugins.ai import knowledge, offline, services
from plugins.ai.conversation_state import Slots
from plugins.ai.models import ChatMessage, Conversation
from plugins.ai.personalities import PERSONALITY_INTROS

HISTORY_MESSAGES = 6


def _roadmap_context(owner: Owner, roadmap_id: int | None) -> dict[str, Any]:
    """The owner's roadmap as context (404 if it is not theirs)."""
    if roadmap_id is None:
        return {}
    try:
        from plugins.roadmaps.models import Roadmap
    except ImportError:  # roadmaps plugin not installed
        raise NotFound(f"No roadmap with id {roadmap_id} for this owner.") from None
    roadmap = get_owned_or_404(Roadmap, roadmap_id, owner)
    return {
        "country_code": roadmap.country.code,
        "roadmap_title": roadmap.title,
        "profile": dict(roadmap.profile_snapshot or {}),
    }


@dataclass(frozen=True)
class ConversationSoFar:
    """What a chat needs from its conversation, read before the model is asked.

    Plain values, because the transaction is committed while the model answers; the
    conversation itself is created (or loaded again) only to store the exchange.
    """

    id: int | None
    country_code: str | None
    user_messages: tuple[str, ...]
    slots: Slots = field(default_factory=Slots)


def chat(
    owner: Owner, message: str, tone: str, context: dict[str, Any], conversation_id: int | None
) -> dict[str, Any]:
    """Answer one message from verified facts and store the exchange in a conversation.

    Everything is read first, the model answers with no transaction open, then one short
    transaction stores the exchange (a first message starts its conversation only then).
    """
    so_far = _conversation_so_far(owner, conversation_id)
    roadmap = _roadmap_context(owner, context.get("roadmap_id"))
    hint = context.get("country_code") or roadmap.get("country_code") or so_far.country_code
    history = list(so_far.user_messages)
    profile = {**roadmap.get("profile", {}), **(context.get("user_profile") or {})}
    # The conversation's slots (country, route, household, budget) carry over; a country
    # named now switches them.
    facts = knowledge.gather(
        message, {"country_code": hint, "slots": so_far.slots, "profile": profile}
    )
    country_code = facts.countries[0].code if facts.countries else None
    facts_block = "\n".join(f"- {line}" for line in facts.lines) or "- (no verified data matched)"
    template = services.get_template("general_chat")
    result = services.complete(
        template,
        {
            "facts": facts_block,
            "profile": profile,
            "tone": tone,
            "history": history[-3:],
            "country": facts.countries[0].name if facts.countries else "",
        },
        owner=owner,
        offline=lambda: (offline.chat_answer(message, facts, tone), None),
        user_text=message,
    )
    answer = result.text
    odd = knowledge.unverified_figures(answer, facts) if result.provider == "openai" else []
    if odd:
        answer += (
            "\n\n⚠️ Unverified: " + ", ".join(odd) + " — these figures are not in "
            "Japaguide's verified data; check the official source before acting on them."
        )
    saved_id = _store_exchange(
        owner,
        so_far,
        tone,
        message,
        answer,
        meta={
            "provider": result.provider,
            "ai_request_id": result.request_id,
            "slots": facts.slots.to_meta(),
        },
        country_code=country_code,
    )
    touch_anonymous_session(owner)
    return {
        "answer": answer,
        "personality_intro": PERSONALITY_INTROS[tone],
        "sources": facts.sources,
        "follow_up_questions": knowledge.follow_up_questions(facts),
        "tokens_used": result.tokens,
        "cached": result.cached,
        "ai_provider": result.provider,
        "fallback_used": result.fallback_used,
        "unverified_figures": odd,
        "conversation_id": saved_id,
    }


def sse_events(result: dict[str, Any]) -> Iterator[str]:
    """Server-sent events of a settled answer: the text in chunks, then a ``done`` event."""
    text = result["answer"]
    for start in range(0, len(text), 80):
        yield f"event: chunk\ndata: {json.dumps({'text': text[start : start + 80]})}\n\n"
    meta = {k: v for k, v in result.items() if k != "answer"}
    yield f"event: done\ndata: {json.dumps(_camel(meta))}\n\n"


def _camel(data: dict[str, Any]) -> dict[str, Any]:
    from japaguide.schemas import camelize

    return {camelize(k): v for k, v in data.items()}


def _conversation_so_far(owner: Owner, conversation_id: int | None) -> ConversationSoFar:
    """The owner's conversation as plain values (404 if it is not theirs; empty if new)."""
    if conversation_id is None:
        return ConversationSoFar(id=None, country_code=None, user_messages=())
    conversation = get_owned_or_404(Conversation, conversation_id, owner)
    answers = [m for m in conversation.messages if m.role == "assistant"]
    return ConversationSoFar(
        id=conversation.id,
        country_code=conversation.country_code,
        user_messages=tuple(
            m.content for m in conversation.messages[-HISTORY_MESSAGES:] if m.role == "user"
        ),
        slots=Slots.from_meta(answers[-1].meta if answers else None),
    )


def _store_exchange(
    owner: Owner,
    so_far: ConversationSoFar,
    tone: str,
    message: str,
    answer: str,
    *,
    meta: dict[str, Any],
    country_code: str | None,
) -> int:
    """Save the question and the answer (a new conversation for a first message); its id."""
    if so_far.id is None:
        conversation = Conversation(title=message[:80], tone=tone)
        conversation.assign_owner(owner)
        db.session.add(conversation)
    else:
        conversation = get_owned_or_404(Conversation, so_far.id, owner)
    conversation.country_code = country_code or conversation.country_code
    conversation.messages.append(ChatMessage(role="user", content=message))
    conversation.messages.append(ChatMessage(role="assistant", content=answer, meta=meta))
    db.session.flush()
    saved_id = conversation.id
    db.session.commit()
    return saved_id


def list_conversations(owner: Owner, page: int, page_size: int) -> dict[str, Any]:
    return paginate(
        owned_select(Conversation, owner).order_by(Conversation.id.desc()), page, page_size
    )
