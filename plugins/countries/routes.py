"""Country endpoints (no auth) and the admin import endpoint."""

from __future__ import annotations

from typing import Any

from flask import request

from japaguide.api import PUBLIC, Blueprint
from japaguide.errors import APIError
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
from japaguide.plugins import get_host
from plugins.countries import importer, services
from plugins.countries.schemas import (
    CountryDetailSchema,
    CountryPageSchema,
    CountryQuerySchema,
)
from plugins.countries.views import country_detail, country_summary

#: The brief's example country (seed format); a real import also needs each figure's sources.
BRIEF_COUNTRY = {
    "code": "CAN",
    "name": "Canada",
    "region": "North America",
    "currency": "CAD",
    "population": 38000000,
    "summary": "Canada offers multiple immigration pathways...",
    "cost_of_living_index": 72.5,
    "difficulty_score": 6,
    "avg_rent_monthly_usd": 1200,
    "avg_meal_cost_usd": 12,
    "healthcare_monthly_usd": 100,
    "metadata": {
        "official_languages": ["English", "French"],
        "pr_timeline_months": "6-12",
        "popular_cities": ["Toronto", "Vancouver", "Montreal"],
        "job_market_score": 8,
        "hidden_costs": [
            "Winter clothing ($300-500 initial)",
            "Apartment deposit (first + last month)",
            "Phone plan ($40-60/month)",
        ],
    },
}
IMPORT_DOC = import_request_doc(
    "A JSON array of countries (seed format), or a multipart upload "
    "with a `file` field holding .json or .csv.",
    example=[BRIEF_COUNTRY],
)


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("countries", __name__, description="Country playbooks (no auth)")

    @bp.route("/", methods=["GET"])
    @cached_page(services.CACHE_NAMESPACE, services.LIST_CACHE_SECONDS)
    @bp.doc(**PUBLIC)
    @bp.arguments(CountryQuerySchema, location="query", as_kwargs=True)
    @bp.etag
    @bp.response(200, CountryPageSchema)
    def index(**args: Any) -> Any:
        """List countries: filter by region, difficulty, search, cost ranges; sort; paginate."""
        if (exact := args.pop("difficulty", None)) is not None:
            args.setdefault("difficulty_min", exact)
            args.setdefault("difficulty_max", exact)
        page, _hit = services.list_countries(services.CountryFilters(**args), country_summary)
        return page

    @bp.route("/<string(length=3):code>/", methods=["GET"])
    @cached_page(services.CACHE_NAMESPACE, services.LIST_CACHE_SECONDS)
    @bp.doc(**PUBLIC)
    @bp.etag
    @bp.response(200, CountryDetailSchema)
    def detail(code: str) -> Any:
        """A country's playbook: cost data, metadata, images, provenance and visa summary."""
        from flask import current_app

        country = services.get_country(code)
        sections: dict[str, Any] = {}
        for contribution in get_host(current_app).hook.playbook_sections(country=country):
            sections.update(contribution or {})
        return country_detail(country, sections)

    admin = no_anonymous_session(
        Blueprint("countries_admin", __name__, description="Admin: import countries")
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
    def import_countries(dry_run: bool, country: str | None = None) -> Any:
        """Import countries (JSON or CSV) — admin only; a bad file changes nothing."""
        require_admin()
        records = read_import_payload(importer.country_from_csv_row)
        result = importer.import_countries(records, dry_run=dry_run)
        if not result.ok:
            raise rejected_import(result.as_dict())
        return result.as_dict()

    images = no_anonymous_session(
        Blueprint("countries_images", __name__, description="Admin: country images")
    )

    @images.route("/<string(length=3):code>/images/", methods=["POST"])
    @images.response(200, CountryDetailSchema)
    @images.doc(
        requestBody={
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "flag": {"type": "string", "format": "binary"},
                            "hero": {"type": "string", "format": "binary"},
                        },
                        # One file at least: a form with neither is refused (400).
                        "minProperties": 1,
                    }
                }
            },
        }
    )
    def upload_images(code: str) -> Any:
        """Upload a flag and/or hero image (admin only): Cloudinary or local storage."""
        from flask import current_app

        require_admin()
        country = services.get_country(code)
        files = {kind: request.files.get(kind) for kind in ("flag", "hero")}
        if not any(files.values()):
            raise APIError(400, "Upload a `flag` or `hero` file.", fields={"flag": ["Missing."]})
        services.set_country_images(country, files)
        sections: dict[str, Any] = {}
        for contribution in get_host(current_app).hook.playbook_sections(country=country):
            sections.update(contribution or {})
        return country_detail(country, sections)

    return [
        (bp, "/countries"),
        (admin, "/admin/import/countries"),
        (images, "/admin/countries"),
    ]
