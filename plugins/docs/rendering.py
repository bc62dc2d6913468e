"""A letter from its template: the person's values, the route's facts, in the sandbox.

Templates are editor-written Jinja2, so they render in the AI plugin's limited sandbox (the
same one prompts use: no attribute escapes, size and time limits). The context holds only
plain values: each declared field as its display text or its visible placeholder, which
fields were given, the route's facts as the database holds them (fees, funds, requirements,
with their sources) and today's date.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from plugins.ai import services as ai_services
from plugins.docs.fields import CURRENCY_SYMBOLS, display_value
from plugins.visas.models import VisaType
from plugins.visas.services import money_view, nigeria_status_view

#: Rendered letters are bounded like prompts (the sandbox counts while it renders).
TemplateRejected = ai_services.TemplateRejected


def format_amount(amount: Decimal | None, currency: str) -> str | None:
    """``£10,539`` / ``₦2,500,000`` — None when the database has no sourced figure."""
    if amount is None:
        return None
    digits = f"{Decimal(amount):,.2f}".removesuffix(".00")
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{digits}" if symbol else f"{currency} {digits}"


def route_facts(visa: VisaType | None, requirements: list[dict[str, Any]]) -> dict[str, Any]:
    """The route as a letter may cite it: only figures the database holds, with sources."""
    if visa is None:
        return {}
    money = []
    for item in visa.money:
        view = money_view(item)
        money.append(
            {
                "key": view["key"],
                "label": view["label"],
                "kind": view["kind"],
                "category": view["category"],
                "amount": format_amount(view["amount"], view["currency"]),
                "applies_to": view["applies_to"],
                "holding_period_days": view["holding_period_days"],
                "source": (view["source"] or {}).get("url"),
            }
        )
    return {
        "id": visa.id,
        "slug": visa.slug,
        "name": visa.name,
        "category": visa.category,
        "country": visa.country.name,
        "country_code": visa.country.code,
        "requirements": list(visa.requirements or []),
        "spend": [m for m in money if m["kind"] == "spend" and m["amount"]],
        "show": [m for m in money if m["kind"] == "show" and m["amount"]],
        "nigeria_status": nigeria_status_view(visa)["status"],
        "letter_requirements": [r["text"] for r in requirements],
        "sources": [s.get("url") for s in (visa.sources or []) if s.get("url")][:3],
    }


def build_context(
    specs: list[dict[str, Any]],
    values: dict[str, Any],
    route: dict[str, Any],
    extra: dict[str, Any] | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Every declared field by name: its display text, or its placeholder when not given."""
    today = today or date.today()
    context: dict[str, Any] = {
        spec["name"]: (
            display_value(values[spec["name"]], spec)
            if spec["name"] in values
            else spec["placeholder"]
        )
        for spec in specs
    }
    context["given"] = {spec["name"]: spec["name"] in values for spec in specs}
    context["route"] = route
    context["today"] = f"{today.day} {today:%B %Y}"
    context.update(extra or {})
    return context


def render_letter(source: str, context: dict[str, Any]) -> str:
    """The template rendered in the sandbox, with runs of blank lines collapsed."""
    text = ai_services.render_sandboxed(source, context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_HEADING = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def markdown_to_text(markdown: str) -> str:
    """Plain text of our letters' small Markdown (headings, bold, bullets)."""
    lines = []
    for line in markdown.splitlines():
        line = _HEADING.sub("", line)
        line = _EMPHASIS.sub(r"\2", line)
        lines.append(line)
    return "\n".join(lines)


def placeholders_in(text: str) -> list[str]:
    """The visible placeholders left in a letter (``[YOUR BANK NAME]``), in order, once each."""
    seen: dict[str, None] = {}
    for match in re.findall(r"\[[A-Z0-9][A-Z0-9 '’/&().,-]*\]", text):
        seen.setdefault(match, None)
    return list(seen)


#: A route as a template sees it, for checking templates before they are saved.
SAMPLE_ROUTE = {
    "id": 1,
    "slug": "student",
    "name": "Student visa",
    "category": "study",
    "country": "United Kingdom",
    "country_code": "GBR",
    "requirements": ["A requirement of the route"],
    "spend": [
        {
            "key": "application_fee",
            "label": "Application fee",
            "kind": "spend",
            "category": "visa_fee",
            "amount": "£558",
            "applies_to": "per_applicant",
            "holding_period_days": None,
            "source": "https://www.gov.uk/",
        }
    ],
    "show": [
        {
            "key": "living_costs",
            "label": "Living costs",
            "kind": "show",
            "category": "funds",
            "amount": "£10,539",
            "applies_to": "per_applicant",
            "holding_period_days": 28,
            "source": "https://www.gov.uk/",
        }
    ],
    "nigeria_status": "open",
    "letter_requirements": ["A requirement of the letter"],
    "sources": ["https://www.gov.uk/"],
}


def check_template(source: str, specs: list[dict[str, Any]], example: dict[str, Any]) -> str:
    """Render ``source`` as users will meet it: with the example values and a route, and with
    nothing given and no route. Returns the example preview; raises :data:`TemplateRejected`.
    """
    from plugins.docs.fields import clean_fields

    ai_services.validate_sandboxed(source)
    try:
        values = clean_fields(example, specs)
    except Exception as exc:  # noqa: BLE001 - an APIError from the checker: report its fields
        fields = getattr(exc, "fields", None) or {}
        raise TemplateRejected(f"the example fields do not fit the fields: {fields}") from exc
    preview = render_letter(
        source, build_context(specs, values, SAMPLE_ROUTE, {"roadmap_title": ""})
    )
    render_letter(source, build_context(specs, {}, {}, {"roadmap_title": ""}))
    return preview
