"""Document templates (editor-curated) and the documents people generate from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from japaguide.database import ONE_LINE, JSONDict, JSONList, UTCDateTime, utcnow
from japaguide.extensions import db
from japaguide.identity import OwnedMixin

TEMPLATE_TYPES = (
    "statement_of_purpose",
    "cover_letter",
    "sponsor_letter",
    "letter_of_explanation",
    "employer_reference",
    "invitation_letter",
)
FORMATS = ("text", "markdown", "pdf")
#: ``pending`` while a job writes it (AI prose, PDF export), then ``ready`` or ``failed``.
STATUSES = ("pending", "ready", "failed")
#: What a generated document is: a letter from a template, or a roadmap's PDF export.
KINDS = ("letter", "roadmap_export")


class DocumentTemplate(db.Model):
    """A letter's structure: Jinja2 (rendered in the sandbox) plus the fields it declares.

    ``fields`` is a list of ``{name, label, kind, required, example, help, placeholder,
    maxLength}``; ``example_fields`` holds a complete example (the admin preview renders it).
    """

    __tablename__ = "document_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    template_type: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    content_template: Mapped[str] = mapped_column(Text, nullable=False)
    fields: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    example_fields: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    sources: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )

    routes = relationship(
        "DocumentTemplateRoute",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        back_populates="template",
    )

    def __str__(self) -> str:
        return self.name


class DocumentTemplateRoute(db.Model):
    """A visa route a template serves, with what that route adds (a CAS, a DLI number).

    ``fields`` are extra fields for the route; ``requirements`` are ``{text, source}`` items
    the generated letter must respect, each with its source.
    """

    __tablename__ = "document_template_routes"
    __table_args__ = (UniqueConstraint("template_id", "visa_type_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("document_templates.id", ondelete="CASCADE"), nullable=False, index=True
    )
    visa_type_id: Mapped[int] = mapped_column(
        ForeignKey("visa_types.id", ondelete="CASCADE"), nullable=False, index=True
    )
    fields: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)
    requirements: Mapped[list] = mapped_column(JSONList, default=list, nullable=False)

    template = relationship("DocumentTemplate", back_populates="routes")
    visa_type = relationship("VisaType", lazy="joined")


class GeneratedDocument(OwnedMixin, db.Model):
    """A document someone generated (brief: ``docs.models.GeneratedDocument``).

    ``file_ref`` is the brief's ``cloudinary_url``: a media reference (``cloudinary:…`` or
    ``local-private:…``), never a public URL — the file is served only to its owner.
    """

    __tablename__ = "generated_documents"
    __owned_kind__ = "documents"

    @classmethod
    def private_file_column(cls) -> Any:
        """The PDF a purge removes with its row."""
        return cls.file_ref

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_templates.id", ondelete="SET NULL"), index=True
    )
    visa_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("visa_types.id", ondelete="SET NULL"), index=True
    )
    roadmap_id: Mapped[int | None] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="letter", nullable=False)
    title: Mapped[str] = mapped_column(Text, info=ONE_LINE, nullable=False)
    content: Mapped[str] = mapped_column(Text, default="", nullable=False)
    format: Mapped[str] = mapped_column(String(10), default="markdown", nullable=False)
    tone: Mapped[str] = mapped_column(String(20), default="helpful", nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="pending", nullable=False)
    fields: Mapped[dict] = mapped_column(JSONDict, default=dict, nullable=False)
    file_ref: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column("metadata", JSONDict, default=dict, nullable=False)
    error: Mapped[str] = mapped_column(Text, default="", nullable=False)

    template = relationship("DocumentTemplate", lazy="joined")
