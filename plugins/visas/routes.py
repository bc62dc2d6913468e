"""Visa endpoints (no auth) and the admin import endpoint."""

from __future__ import annotations

from typing import Any

from japaguide.api import PUBLIC, Blueprint
from japaguide.identity import no_anonymous_session, require_admin
from japaguide.importing import (
    ImportProblemSchema,
    ImportQuerySchema,
    ImportResultSchema,
    import_request_doc,
    read_import_payload,
    rejected_import,
)
from japaguide.page_cache import cached_page
from plugins.countries.services import CACHE_NAMESPACE
from plugins.visas import importer, services
from plugins.visas.schemas import VisaTypeSchema

#: The same words as the countries import's (the document says "countries" for both today).
IMPORT_DOC = import_request_doc(
    "A JSON array of countries (seed format), or a multipart upload "
    "with a `file` field holding .json or .csv.",
    example=[
        {
            "country": "DEU",
            "name": "EU Blue Card",
            "slug": "eu-blue-card",
            "description": "Work permit for graduates with a qualifying job offer.",
            "steps": [{"order": 1, "title": "Get a qualifying job offer"}],
        }
    ],
)


def make_blueprints() -> list[tuple[Blueprint, str]]:
    by_country = Blueprint("country_visa_types", __name__, description="Visa routes of a country")

    @by_country.route("/", methods=["GET"])
    @cached_page(CACHE_NAMESPACE, services.VISA_CACHE_SECONDS)
    @by_country.doc(**PUBLIC)
    @by_country.etag
    @by_country.response(200, VisaTypeSchema(many=True))
    def index(code: str) -> Any:
        """A country's visa routes with ordered steps, costs, sources and Nigerian status."""
        return services.visa_types_for_country(code)

    visas = Blueprint("visas", __name__, description="Visa routes (no auth)")

    @visas.route("/<int(max=2147483647):visa_id>/", methods=["GET"])
    @cached_page(CACHE_NAMESPACE, services.VISA_CACHE_SECONDS)
    @visas.doc(**PUBLIC)
    @visas.etag
    @visas.response(200, VisaTypeSchema)
    def detail(visa_id: int) -> Any:
        """One visa route: steps, per-step and total cost and time, money, provenance."""
        return services.visa_detail(visa_id)

    admin = no_anonymous_session(
        Blueprint("visas_admin", __name__, description="Admin: import visa types")
    )

    @admin.route("/", methods=["POST"])
    @admin.arguments(ImportQuerySchema, location="query", as_kwargs=True)
    @admin.response(200, ImportResultSchema)
    @admin.alt_response(
        422,
        schema=ImportProblemSchema,
        content_type="application/problem+json",
        description="Nothing imported: records the importer refuses, every error listed",
    )
    @admin.alt_response(
        400,
        schema=ImportProblemSchema,
        content_type="application/problem+json",
        description="Nothing imported: the file cannot be read (not JSON/CSV, no body)",
    )
    @admin.doc(**IMPORT_DOC)
    def import_visa_types(dry_run: bool, country: str | None = None) -> Any:
        """Import visa types for a country (``?country=DEU``) — admin only; all or nothing."""
        require_admin()
        payload = read_import_payload()
        result = importer.import_visa_types(payload, country=country, dry_run=dry_run)
        if not result.ok:
            raise rejected_import(result.as_dict())
        return result.as_dict()

    return [
        (by_country, "/countries/<string(length=3):code>/visa-types"),
        (visas, "/visas"),
        (admin, "/admin/import/visa-types"),
    ]
