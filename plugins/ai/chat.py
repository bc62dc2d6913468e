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
from plugins.ai import figures, knowledge, offline, services
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


@dataclass
class ChatTurn:
    """Everything one answer needs, read (and every 404 raised) before any byte is sent."""

    owner: Owner
    so_far: ConversationSoFar
    message: str
    tone: str
    facts: knowledge.Facts
    profile: dict[str, Any]
    country_code: str | None
    history: list[str]
    prompt_context: dict[str, Any]
    offline_text: str | None = None
    ledger: figures.Ledger | None = None

    def offline(self) -> tuple[str, None]:
        """The offline answer (worded once: a stream needs it after the request's objects
        are gone)."""
        if self.offline_text is None:
            self.offline_text = offline.chat_answer(self.message, self.facts, self.tone)
        return self.offline_text, None


def prepare(
    owner: Owner, message: str, tone: str, context: dict[str, Any], conversation_id: int | None
) -> ChatTurn:
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
    return ChatTurn(
        owner=owner,
        so_far=so_far,
        message=message,
        tone=tone,
        facts=facts,
        profile=profile,
        country_code=country_code,
        history=history,
        prompt_context={
            "facts": facts_block,
            "profile": profile,
            "tone": tone,
            "history": history[-3:],
            "country": facts.countries[0].name if facts.countries else "",
        },
    )


def chat(
    owner: Owner, message: str, tone: str, context: dict[str, Any], conversation_id: int | None
) -> dict[str, Any]:
    """Answer one message from verified facts and store the exchange in a conversation.

    Everything is read first, the model answers with no transaction open, then one short
    transaction stores the exchange (a first message starts its conversation only then).
    """
    turn = prepare(owner, message, tone, context, conversation_id)
    result = services.complete(
        services.get_template("general_chat"),
        turn.prompt_context,
        owner=owner,
        offline=turn.offline,
        user_text=message,
        commit=False,  # stored with the exchange, in the chat's one write transaction
    )
    answer, odd = result.text, []
    if result.provider == "openai":  # read after the model answered: no connection waited
        answer, odd = _checked(turn, figures.screen(result.text, _ledger(turn)))
    return _finish(turn, answer, odd, result.provider, result.request_id, result)


# ---- figure check and streaming on the model path (issue 14, deliverables 5 and 6) ----

#: Said when sentences were left out because their figures could not be verified.
DROPPED_NOTE = (
    "(I left out {n} sentence(s) with figures that are not in Japaguide's verified data; "
    "check the official source for anything not covered here.)"
)


def _ledger(turn: ChatTurn) -> figures.Ledger:
    """What the model may state: the facts, the seeded data of the countries the message and
    the conversation name, and the user's own words and profile."""
    return figures.ledger_for(
        lines=turn.facts.lines,
        countries=turn.facts.countries,
        visas=turn.facts.visas,
        user=[turn.message, *turn.history, turn.profile],
        text_for_scope=" ".join([*turn.history, turn.message]),
    )


def _checked(turn: ChatTurn, screened: figures.Screened) -> tuple[str, list[str]]:
    """The model's answer without its unverified sentences (the offline answer if none is
    left), and the figures that were dropped."""
    if not screened.dropped:
        return screened.text, []
    if not screened.text:
        return turn.offline()[0], screened.figures
    return (
        f"{screened.text}\n\n{DROPPED_NOTE.format(n=len(screened.dropped))}",
        screened.figures,
    )


def start_stream(turn: ChatTurn) -> services.StreamedCompletion:
    """The streamed completion, made before the response starts (its ``cached`` is known).

    What the stream needs from the database (the ledger, the offline wording) is read here:
    the generator runs after the view has returned.
    """
    turn.ledger = _ledger(turn) if services.model_configured() else None
    turn.offline()
    return services.StreamedCompletion(
        services.get_template("general_chat"),
        turn.prompt_context,
        owner=turn.owner,
        offline=turn.offline,
        user_text=turn.message,
        commit=False,  # stored with the exchange, in the chat's one write transaction
    )


def live_events(turn: ChatTurn, streamed: services.StreamedCompletion) -> Iterator[str]:
    """Server-sent events while the answer is written: chunk events, then ``done``.

    The model's text is checked sentence by sentence and a sentence is sent as soon as it
    passes; offline and cached text is sent in word-boundary chunks. The first byte (an SSE
    comment, ignored by clients) goes out at once, so proxies and clients see the stream open.
    """
    ledger = turn.ledger or figures.Ledger()  # no key: nothing the model wrote to check
    yield ": japabot is answering\n\n"
    screen: figures.SentenceStream | None = None
    tokens = streamed.tokens()
    try:
        for token in tokens:
            if streamed.provider == "openai":
                screen = screen or figures.SentenceStream(ledger)
                for piece in screen.feed(token):
                    yield _chunk_event(piece)
            else:
                for piece in figures.word_chunks(token):
                    yield _chunk_event(piece)
    finally:
        tokens.close()  # a client that left: the model's call is logged while the app is here
    answer, odd = "", []
    if screen is not None:
        for piece in screen.finish():
            yield _chunk_event(piece)
        screened = screen.screened()
        answer, odd = _checked(turn, screened)
        if screened.dropped:
            tail = answer[len(screened.text) :] if answer.startswith(screened.text) else answer
            for piece in figures.word_chunks(tail):
                yield _chunk_event(piece)
    else:
        answer = streamed.result.text if streamed.result else ""
    result = streamed.result
    meta = _finish(
        turn,
        answer,
        odd,
        streamed.provider or "offline",
        result.request_id if result else None,
        result,
        fallback=streamed.fallback_used,
    )
    meta.pop("answer")
    yield f"event: done\ndata: {json.dumps(_camel(meta))}\n\n"


def _chunk_event(text: str) -> str:
    return f"event: chunk\ndata: {json.dumps({'text': text})}\n\n"


# ---- end of the figure check and streaming section ----


def _finish(
    turn: ChatTurn,
    answer: str,
    odd: list[str],
    provider: str,
    request_id: int | None,
    result: services.AIResult | None,
    *,
    fallback: bool | None = None,
) -> dict[str, Any]:
    """Store the exchange and shape the response: the call's log, the conversation, its two
    messages and the anonymous session's expiry are committed together, once."""
    saved_id = _store_exchange(
        turn.owner,
        turn.so_far,
        turn.tone,
        turn.message,
        answer,
        meta={
            "provider": provider,
            "ai_request_id": request_id,
            "slots": turn.facts.slots.to_meta(),
        },
        country_code=turn.country_code,
    )
    touch_anonymous_session(turn.owner)  # commits, when the owner has an anonymous session
    db.session.commit()  # a signed-in owner's exchange (a no-op once committed above)
    return {
        "answer": answer,
        "personality_intro": PERSONALITY_INTROS[turn.tone],
        "sources": turn.facts.sources,
        "follow_up_questions": knowledge.follow_up_questions(turn.facts),
        "tokens_used": result.tokens if result else 0,
        "cached": result.cached if result else False,
        "ai_provider": provider,
        "fallback_used": (result.fallback_used if result else False)
        if fallback is None
        else fallback,
        "unverified_figures": odd,
        "conversation_id": saved_id,
    }


def sse_events(result: dict[str, Any]) -> Iterator[str]:
    """Server-sent events of a settled answer: word-boundary chunks, then a ``done`` event."""
    for piece in figures.word_chunks(result["answer"]):
        yield _chunk_event(piece)
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
    return conversation.id


def list_conversations(owner: Owner, page: int, page_size: int) -> dict[str, Any]:
    return paginate(
        owned_select(Conversation, owner).order_by(Conversation.id.desc()), page, page_size
    )
