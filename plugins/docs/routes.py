"""Document Builder endpoints (no auth required). Someone else's document is a 404."""

from __future__ import annotations

from typing import Any

from japaguide.api import PUBLIC, Blueprint
from japaguide.identity import current_owner, require_owner
from japaguide.ratelimit import limit_scope
from japaguide.schemas import PageQuerySchema
from plugins.docs import services
from plugins.docs.schemas import (
    DocumentGenerateSchema,
    DocumentPageSchema,
    DocumentSchema,
    DocumentTemplateListSchema,
    DocumentTemplateQuerySchema,
)

DOCUMENT_URL = "/<int(max=2147483647):document_id>/"
WRITER_HEADER = "X-Document-Writer"
PDF_DOC = {
    "responses": {
        "200": {
            "description": "The PDF (owner only).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        "302": {"description": "A short-lived signed link to the PDF on Cloudinary."},
    }
}


def _not_ai(response: Any) -> bool:
    """Letters written from the template alone cost no AI call: their AI slot is returned."""
    return response.headers.get(WRITER_HEADER) != "ai"


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("docs", __name__, description="Document Builder (no auth required)")

    @bp.route("/templates/", methods=["GET"])
    @bp.doc(**PUBLIC)
    @bp.arguments(DocumentTemplateQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, DocumentTemplateListSchema)
    def templates(**filters: Any) -> Any:
        """Templates with their typed fields; filter by `type`, route (`visaTypeId`) or country."""
        results = services.list_templates(
            filters.get("type"), filters.get("visa_type_id"), filters.get("country")
        )
        return {"results": results}

    @bp.route("/generate/", methods=["POST"])
    @limit_scope("docs_generate")
    @limit_scope("ai", refund_when=_not_ai)
    @bp.body(
        DocumentGenerateSchema,
        example={
            "template": "statement-of-purpose-study",
            "fields": {"fullName": "Ada Obi", "email": "ada@example.com"},
            "tone": "helpful",
            "format": "markdown",
        },
    )
    @bp.response(201, DocumentSchema)
    def generate(data: dict[str, Any]) -> Any:
        """Generate a document from a template and your details (text, markdown or PDF).

        Without an AI key the letter is rendered at once (`status: ready`); with one, the AI
        words it in a job (`status: pending` until it is `ready`). What you leave out stays a
        visible placeholder such as `[YOUR BANK NAME]`.
        """
        document = services.generate_document(
            require_owner(),
            template_ref=data["template"],
            values=data["values"],
            visa_type_id=data.get("visa_type_id"),
            roadmap_id=data.get("roadmap_id"),
            tone=data["tone"],
            output_format=data["format"],
        )
        return document, 201, {WRITER_HEADER: document.meta.get("writer", "template")}

    @bp.route("/", methods=["GET"])
    @bp.arguments(PageQuerySchema, location="query", as_kwargs=True)
    @bp.response(200, DocumentPageSchema)
    def index(page: int, page_size: int) -> Any:
        """Your documents (letters and roadmap exports), newest first."""
        return services.list_documents(current_owner(), page, page_size)

    @bp.route(DOCUMENT_URL, methods=["GET"])
    @bp.response(200, DocumentSchema)
    def detail(document_id: int) -> Any:
        """One of your documents, with its status and, once ready, its `fileUrl`."""
        return services.get_document(current_owner(), document_id)

    @bp.route(f"{DOCUMENT_URL}file/", methods=["GET"])
    @bp.doc(**PDF_DOC)
    def file(document_id: int) -> Any:
        """The document's PDF, for its owner only."""
        return services.document_file(current_owner(), document_id)

    export = Blueprint(
        "docs_roadmap_export", __name__, description="Roadmap PDF export (Document Builder)"
    )

    @export.route("/", methods=["POST"])
    @limit_scope("docs_generate")
    @export.response(202, DocumentSchema)
    def export_roadmap(roadmap_id: int) -> Any:
        """Export your roadmap as a PDF: steps, costs, statuses, timeline dates and sources.

        Counts the roadmap's `exportCount`; the PDF is made by a job — poll the returned
        document (`GET /docs/{id}/`) until `status` is `ready`, then fetch its `fileUrl`.
        """
        return services.export_roadmap(require_owner(), roadmap_id)

    return [
        (bp, "/docs"),
        (export, "/roadmaps/<int(max=2147483647):roadmap_id>/export"),
    ]
