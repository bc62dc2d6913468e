"""Prompt templates (editable by admins), the AI request log, and stored conversations."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, Float, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from japaguide.database import ONE_LINE, JSONDict, UTCDateTime, utcnow
from japaguide.extensions import db
from japaguide.identity import OwnedMixin

MODES = ("roadmap_enrich", "cost_advice", "compare", "general", "interview_prep", "doc_builder")


class PromptTemplate(db.Model):
    __tablename__ = "prompt_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    prompt_text: Mapped[str] = mapped_column(Text, nullable=False)
    temperature: Mapped[float] = mapped_column(Float, default=0.7, nullable=False)
    max_tokens: Mapped[int] = mapped_column(Integer, default=1000, nullable=False)
    mode: Mapped[str] = mapped_column(String(20), default="general", nullable=False)
    tone: Mapped[str] = mapped_column(String(20), default="helpful", nullable=False)
    json_output: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class AIRequest(OwnedMixin, db.Model):
    """One AI call, logged (brief §2): who, which template, what was said, tokens and cost."""

    __tablename__ = "ai_requests"
    __owned_kind__ = "ai_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prompt_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("prompt_templates.id", ondelete="SET NULL"), index=True
    )
    prompt_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    response_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    model_used: Mapped[str] = mapped_column(
        Text, info=ONE_LINE, default="gpt-4o-mini", nullable=False
    )
    provider: Mapped[str] = mapped_column(String(20), default="offline", nullable=False, index=True)
    tokens_used: Mapped[int | None] = mapped_column(Integer)
    cost_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    cache_hit: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    fallback_used: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    meta: Mapped[dict] = mapped_column("metadata", JSONDict, default=dict, nullable=False)

    prompt_template = relationship("PromptTemplate", lazy="joined")


class Conversation(OwnedMixin, db.Model):
    __tablename__ = "conversations"
    __owned_kind__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, info=ONE_LINE, default="", nullable=False)
    tone: Mapped[str] = mapped_column(String(20), default="helpful", nullable=False)
    country_code: Mapped[str | None] = mapped_column(String(3))

    messages = relationship(
        "ChatMessage",
        order_by="ChatMessage.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class ChatMessage(db.Model):
    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(10), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    meta: Mapped[dict] = mapped_column("metadata", JSONDict, default=dict, nullable=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
