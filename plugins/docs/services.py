"""The Document Builder: templates people can fill, the documents they generate, the files.

A letter is rendered from its template in the sandbox with the person's checked values and
the route's facts from the database; what they did not give stays a visible placeholder.
Without an AI key that rendering *is* the document (instant, never a stub). With a key the
``docs.generate_document`` job has the ``doc_builder`` prompt word the same facts into prose,
and figures the model adds that are not in what we gave it are flagged (see
:func:`unverified_figures`). A PDF is made with fpdf2 and stored privately through the host's
media service; only its owner can fetch it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from japaguide.errors import NotFound, RuleViolation, Unavailable
from japaguide.extensions import db
from japaguide.identity import Owner, get_owned_or_404, owned_select, touch_anonymous_session
from japaguide.jobs import enqueue
from japaguide.media import private_file_response, store_private_file
from japaguide.pagination import paginate
from plugins.ai import services as ai_services
from plugins.docs import figures, pdf, rendering
from plugins.docs.fields import clean_fields
from plugins.docs.models import DocumentTemplate, DocumentTemplateRoute, GeneratedDocument
from plugins.roadmaps import services as roadmap_services
from plugins.visas.models import VisaType

DOCUMENTS_FOLDER = "documents"
ROADMAP_FOLDER = "roadmap_pdfs"
PDF_MIMETYPE = "application/pdf"
#: Said at the foot of every generated letter: it is a draft the person must check and sign.
DRAFT_NOTE = (
    "Draft prepared with Japaguide from the details you gave. Replace every [PLACEHOLDER] "
    "with your own true details, check each figure against the official source, then sign."
)
#: The AI job's per-attempt limit: one model call, then a PDF (see OPENAI_TIMEOUT_SECONDS).
GENERATE_JOB_TIMEOUT = 120


# ------------------------------------------------------------------ templates


def _visa(visa_type_id: int | None) -> VisaType | None:
    if visa_type_id is None:
        return None
    visa = db.session.get(VisaType, visa_type_id)
    if visa is None or not visa.is_active:
        # Routes are data the document cannot list: a well-formed id of none is a 422.
        raise RuleViolation(
            "visa_type_id", "Not a visa route.", detail=f"There is no visa route {visa_type_id}."
        )
    return visa


def _route_link(template: DocumentTemplate, visa: VisaType | None) -> DocumentTemplateRoute | None:
    if visa is None:
        return None
    return next((r for r in template.routes if r.visa_type_id == visa.id), None)


def template_view(template: DocumentTemplate, visa: VisaType | None = None) -> dict[str, Any]:
    """A template as the API shows it; with ``visa``, that route's extra fields are merged in."""
    link = _route_link(template, visa)
    return {
        "id": template.id,
        "slug": template.slug,
        "name": template.name,
        "template_type": template.template_type,
        "description": template.description,
        "fields": [*template.fields, *(link.fields if link else [])],
        "example_fields": template.example_fields,
        "sources": template.sources,
        "routes": [
            {
                "visa_type_id": r.visa_type_id,
                "slug": r.visa_type.slug,
                "name": r.visa_type.name,
                "country": r.visa_type.country.code,
                "fields": r.fields,
                "requirements": r.requirements,
            }
            for r in template.routes
        ],
    }


def list_templates(
    template_type: str | None = None, visa_type_id: int | None = None, country: str | None = None
) -> list[dict[str, Any]]:
    """Active templates, filtered by type and by the route (or country) they serve.

    A route filter keeps the templates tied to that route plus the general ones (tied to no
    route: a cover letter serves every work route) and merges the route's extra fields in.
    """
    visa = _visa(visa_type_id)
    query = select(DocumentTemplate).where(DocumentTemplate.is_active.is_(True))
    if template_type:
        query = query.where(DocumentTemplate.template_type == template_type)
    templates = list(
        db.session.scalars(query.order_by(DocumentTemplate.template_type, DocumentTemplate.id))
    )
    if visa is not None:
        templates = [t for t in templates if not t.routes or _route_link(t, visa)]
    if country:
        code = country.upper()
        templates = [
            t
            for t in templates
            if not t.routes or any(r.visa_type.country.code == code for r in t.routes)
        ]
    return [template_view(t, visa) for t in templates]


def find_template(ref: int | str) -> DocumentTemplate:
    """An active template by id or slug; anything else is a 400 naming ``template``."""
    query = select(DocumentTemplate).where(DocumentTemplate.is_active.is_(True))
    if isinstance(ref, int):
        template = db.session.scalar(query.where(DocumentTemplate.id == ref))
    else:
        template = db.session.scalar(query.where(DocumentTemplate.slug == ref.strip().lower()))
    if template is None:
        # Templates are data editors change: a well-formed reference to none is a 422.
        raise RuleViolation(
            "template", "Unknown template.", detail=f"There is no document template {ref!r}."
        )
    return template


# ------------------------------------------------------------------ generating letters


def _roadmap_for(owner: Owner, roadmap_id: int | None) -> Any:
    if roadmap_id is None:
        return None
    # Someone else's roadmap is the same 404 as a missing one (as for timelines and chat).
    return roadmap_services.get_roadmap(owner, roadmap_id)


def _letter_markdown(
    template: DocumentTemplate, visa: VisaType | None, values: dict[str, Any], extra: dict[str, Any]
) -> str:
    link = _route_link(template, visa)
    specs = [*template.fields, *(link.fields if link else [])]
    route = rendering.route_facts(visa, link.requirements if link else [])
    context = rendering.build_context(specs, values, route, extra)
    try:
        return rendering.render_letter(template.content_template, context)
    except rendering.TemplateRejected as exc:
        # Templates are checked when saved; one that still fails is the editors' problem,
        # reported as such rather than as a crash.
        raise Unavailable(
            f"The template {template.slug!r} cannot be rendered right now: {exc}"
        ) from exc


def generate_document(
    owner: Owner,
    *,
    template_ref: int | str,
    values: dict[str, Any],
    visa_type_id: int | None,
    roadmap_id: int | None,
    tone: str,
    output_format: str,
) -> GeneratedDocument:
    """Check the values, render the letter, store it (and its PDF); AI prose follows as a job.

    Everything is validated before anything is written, so a bad request stores nothing.
    """
    template = find_template(template_ref)
    roadmap = _roadmap_for(owner, roadmap_id)
    visa = _visa(visa_type_id) or (roadmap.visa_type if roadmap is not None else None)
    link = _route_link(template, visa)
    cleaned = clean_fields(values, [*template.fields, *(link.fields if link else [])])
    extra = {"roadmap_title": roadmap.title if roadmap is not None else ""}
    markdown = _letter_markdown(template, visa, cleaned, extra)
    provider, _skipped = ai_services.paid_provider_available()
    document = GeneratedDocument(
        template_id=template.id,
        visa_type_id=visa.id if visa else None,
        roadmap_id=roadmap.id if roadmap is not None else None,
        kind="letter",
        title=template.name + (f" — {visa.name}" if visa else ""),
        content=markdown,
        format=output_format,
        tone=tone,
        status="pending" if provider is not None else "ready",
        fields=cleaned,
        meta={
            "writer": "ai" if provider is not None else "template",
            "placeholders": rendering.placeholders_in(markdown),
            "route_sources": rendering.route_facts(visa, [])["sources"] if visa else [],
        },
    )
    document.assign_owner(owner)
    db.session.add(document)
    if provider is None and output_format == "pdf":
        document.file_ref = _store_pdf(document.title, markdown, DOCUMENTS_FOLDER, "letter")
    db.session.commit()
    touch_anonymous_session(owner)
    if provider is not None:
        enqueue("docs.generate_document", document.id, job_timeout=GENERATE_JOB_TIMEOUT)
    return document


def _store_pdf(title: str, markdown: str, folder: str, name_hint: str) -> str:
    data = pdf.markdown_pdf(
        title, markdown, footer=DRAFT_NOTE if folder == DOCUMENTS_FOLDER else ""
    )
    return store_private_file(data, folder, mimetype=PDF_MIMETYPE, name_hint=name_hint)


def _owner_of(document: GeneratedDocument) -> Owner:
    if document.user_id is not None:
        return Owner(user_id=document.user_id)
    return Owner(anon_id=document.session_id)


def write_with_ai(document_id: int) -> dict[str, Any]:
    """Job ``docs.generate_document``: the model words the letter; idempotent.

    The template's rendering (already stored) is both what the model is asked to improve and
    the offline answer, so a model failure leaves a complete letter, never an empty one.
    """
    document = db.session.get(GeneratedDocument, document_id)
    if document is None or document.status != "pending" or document.kind != "letter":
        return {"skipped": True}
    draft = document.content
    template_name = document.template.name if document.template else document.title
    visa = db.session.get(VisaType, document.visa_type_id) if document.visa_type_id else None
    facts = figures.facts_text(draft)
    result = ai_services.complete(
        ai_services.get_template("doc_builder"),
        {
            "document_type": template_name,
            "country": visa.country.name if visa is not None else "the destination country",
            "purpose": visa.name if visa is not None else template_name,
            "details": {"draft": draft},
            "facts": facts,
            "tone": document.tone,
            "max_words": 700,
        },
        owner=_owner_of(document),
        offline=lambda: (draft, None),
    )
    document = db.session.get(GeneratedDocument, document_id)  # the model call expired it
    text = result.text.strip() + "\n"
    odd = figures.unverified_figures(text, facts) if result.provider == "openai" else []
    if odd:
        text += (
            "\n**Unverified figures:** " + ", ".join(odd) + " — not in your details or "
            "Japaguide's verified data; remove or check them before you use this letter.\n"
        )
    document.content = text
    document.meta = {
        **document.meta,
        "provider": result.provider,
        "fallback_used": result.fallback_used,
        "ai_request_id": result.request_id,
        "unverified_figures": odd,
        "placeholders": rendering.placeholders_in(text),
    }
    if document.format == "pdf":
        document.file_ref = _store_pdf(document.title, text, DOCUMENTS_FOLDER, "letter")
    document.status = "ready"
    db.session.commit()
    return {"document_id": document_id, "provider": result.provider}


def settle_failed_job(name: str, args: list[Any], error: str) -> None:
    """``job_failed``: a document whose job failed for good is ``failed``, not pending forever."""
    if name not in ("docs.generate_document", "docs.generate_roadmap_pdf") or not args:
        return
    document = db.session.get(GeneratedDocument, args[0])
    if document is not None and document.status == "pending":
        document.status = "failed"
        document.error = error[:500]
        db.session.commit()


# ------------------------------------------------------------------ reading documents


def list_documents(owner: Owner, page: int, page_size: int) -> dict[str, Any]:
    query = owned_select(GeneratedDocument, owner).order_by(
        GeneratedDocument.created_at.desc(), GeneratedDocument.id.desc()
    )
    return paginate(query, page, page_size)


def get_document(owner: Owner, document_id: int) -> GeneratedDocument:
    return get_owned_or_404(GeneratedDocument, document_id, owner)


def document_file(owner: Owner, document_id: int) -> Any:
    """The document's PDF for its owner (someone else's is the same 404 as a missing one)."""
    document = get_document(owner, document_id)
    if not document.file_ref:
        raise NotFound("This document has no file (yet).")
    return private_file_response(document.file_ref, f"japaguide-document-{document.id}.pdf")


# ------------------------------------------------------------------ roadmap exports


def export_roadmap(owner: Owner, roadmap_id: int) -> GeneratedDocument:
    """Queue a roadmap's PDF export (``docs.generate_roadmap_pdf``) and count it."""
    roadmap = roadmap_services.record_export(owner, roadmap_id)
    document = GeneratedDocument(
        roadmap_id=roadmap.id,
        kind="roadmap_export",
        title=f"Roadmap: {roadmap.title}",
        content="",
        format="pdf",
        status="pending",
        meta={"export_number": roadmap.export_count},
    )
    document.assign_owner(owner)
    db.session.add(document)
    db.session.commit()
    touch_anonymous_session(owner)
    enqueue("docs.generate_roadmap_pdf", document.id)
    return document


def render_roadmap_export(document_id: int) -> dict[str, Any]:
    """Job ``docs.generate_roadmap_pdf``: the roadmap as it stands now, as a PDF; idempotent."""
    from plugins.docs.roadmap_export import roadmap_markdown

    document = db.session.get(GeneratedDocument, document_id)
    if document is None or document.status != "pending" or document.kind != "roadmap_export":
        return {"skipped": True}
    owner = _owner_of(document)
    try:
        roadmap = roadmap_services.get_roadmap(owner, document.roadmap_id)
    except NotFound:
        document.status, document.error = "failed", "The roadmap no longer exists."
        db.session.commit()
        return {"document_id": document_id, "status": "failed"}
    markdown = roadmap_markdown(owner, roadmap)
    document.content = markdown
    document.file_ref = _store_pdf(document.title, markdown, ROADMAP_FOLDER, "roadmap")
    document.status = "ready"
    db.session.commit()
    return {"document_id": document_id, "status": "ready"}
