"""Loading the shipped letter templates (``seed_data/document_templates.json``), idempotently.

Each template names the routes it serves as ``{"country": "GBR", "visa": "student"}``; a
route that is not in the database (a smaller seed) is skipped, not an error. Every template is
checked in the sandbox, with its example fields and with none, before it is stored.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from japaguide.extensions import db
from plugins.countries.models import Country
from plugins.docs.admin import check_submission
from plugins.docs.fields import check_field_specs
from plugins.docs.models import TEMPLATE_TYPES, DocumentTemplate, DocumentTemplateRoute
from plugins.docs.rendering import TemplateRejected
from plugins.visas.models import VisaType

SLUG = re.compile(r"^[a-z0-9-]{2,80}$")
TEMPLATE_KEYS = (
    "slug",
    "name",
    "template_type",
    "description",
    "content_template",
    "fields",
    "example_fields",
    "sources",
    "is_active",
)


def _visa(country: str, slug: str) -> VisaType | None:
    return db.session.scalar(
        select(VisaType)
        .join(Country, Country.id == VisaType.country_id)
        .where(Country.code == country, VisaType.slug == slug)
    )


def _check(path: Path, record: dict[str, Any]) -> dict[str, Any]:
    item = {key: record.get(key) for key in TEMPLATE_KEYS}
    item["is_active"] = record.get("is_active", True)
    if not isinstance(item["slug"], str) or not SLUG.match(item["slug"]):
        raise ValueError(f"{path}: {item['slug']!r}: a slug is 2-80 of a-z, 0-9 and -")
    if item["template_type"] not in TEMPLATE_TYPES:
        raise ValueError(f"{path}: {item['slug']}: unknown template_type")
    item["content_template"] = (
        "\n".join(record["content_template"])
        if isinstance(record["content_template"], list)
        else record["content_template"]
    )
    try:
        check_field_specs(item["fields"])
        check_submission(item["content_template"], item["fields"], item["example_fields"])
        for route in record.get("routes", []):
            check_field_specs(route.get("fields", []))
            check_submission(
                item["content_template"],
                [*item["fields"], *route.get("fields", [])],
                {**item["example_fields"], **route.get("example_fields", {})},
            )
    except (TemplateRejected, ValueError) as exc:
        raise ValueError(f"{path}: template {item['slug']!r}: {exc}") from exc
    return item


def seed_templates(path: Path) -> dict[str, int]:
    """Create or update the shipped templates by slug, and their route links."""
    records = json.loads(Path(path).read_text())
    counts = {"created": 0, "updated": 0, "unchanged": 0, "routes": 0}
    for record in records:
        item = _check(path, record)
        row = db.session.scalar(
            select(DocumentTemplate).where(DocumentTemplate.slug == item["slug"])
        )
        if row is None:
            row = DocumentTemplate(**item)
            db.session.add(row)
            counts["created"] += 1
        elif any(getattr(row, k) != v for k, v in item.items()):
            for key, value in item.items():
                setattr(row, key, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        db.session.flush()
        links = {link.visa_type_id: link for link in row.routes}
        for route in record.get("routes", []):
            visa = _visa(route["country"], route["visa"])
            if visa is None:
                continue
            link = links.get(visa.id) or DocumentTemplateRoute(template=row, visa_type_id=visa.id)
            link.fields = route.get("fields", [])
            link.requirements = route.get("requirements", [])
            db.session.add(link)
            counts["routes"] += 1
    db.session.commit()
    return counts
