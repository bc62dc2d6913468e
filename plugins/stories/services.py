"""Stories: submit (anyone), edit while pending (the owner), list approved ones, moderate.

A story is owned like a roadmap — claimed on signup, purged with an expired anonymous session
unless approved — and public only once an editor approves it. Slugs are unique: a repeated
title gets a numbered slug, and two submissions racing for one slug are settled by the unique
index (the loser retries with a random suffix), never by a 500.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from slugify import slugify
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from japaguide.database import utcnow
from japaguide.errors import Conflict, InvalidField, NotFound, RuleViolation
from japaguide.extensions import db
from japaguide.identity import Owner, get_owned_or_404, owned_select
from japaguide.media import image_urls, store_image
from japaguide.pagination import paginate
from plugins.stories.models import SLUG_MAX, Story
from plugins.stories.rendering import render_markdown
from plugins.visas.models import VisaType

#: Slugs that are paths of their own (``/stories/mine/``).
RESERVED_SLUGS = frozenset({"mine"})
#: Attempts at a free slug before giving up (each after a lost race).
SLUG_ATTEMPTS = 5
EDITABLE = (
    "title",
    "author_name",
    "content",
    "country",
    "tags",
    "visa_type_id",
    "route",
    "year",
    "household_size",
    "total_cost",
    "currency",
    "months_taken",
)


def story_view(story: Story) -> dict[str, Any]:
    """Values of ``StorySchema``."""
    visa = db.session.get(VisaType, story.visa_type_id) if story.visa_type_id else None
    return {
        "id": story.id,
        "title": story.title,
        "slug": story.slug,
        "author_name": story.author_name,
        "content": story.content,
        "content_html": story.content_html,
        "country": story.country,
        "tags": list(story.tags or []),
        "cover_image": image_urls(story.cover_image),
        "approved": story.approved,
        "featured": story.featured,
        "status": story.status,
        "rejection_reason": story.rejection_reason,
        "visa_type": None
        if visa is None
        else {"id": visa.id, "name": visa.name, "slug": visa.slug},
        "route": story.route,
        "year": story.year,
        "household_size": story.household_size,
        "total_cost": story.total_cost,
        "currency": story.currency,
        "months_taken": story.months_taken,
        "created_at": story.created_at,
        "approved_at": story.approved_at,
    }


def _check_visa(country: str, visa_type_id: int | None) -> None:
    """A story's route must be one of its destination's routes."""
    if visa_type_id is None:
        return
    from plugins.countries.models import Country

    found = db.session.scalar(
        select(VisaType.id)
        .join(Country, Country.id == VisaType.country_id)
        .where(VisaType.id == visa_type_id, Country.code == country)
    )
    if found is None:
        # Routes are data: a well-formed id of another country's route is a 422.
        raise RuleViolation(
            "visa_type_id",
            f"Not a visa route of {country}.",
            detail=f"No visa route {visa_type_id} for {country}.",
        )


def _base_slug(title: str) -> str:
    base = slugify(title, max_length=SLUG_MAX, word_boundary=True) or "story"
    return f"{base}-story" if base in RESERVED_SLUGS else base


def _free_slug(base: str) -> str:
    """``base``, or ``base-N`` after the highest taken number (a hint; the index decides)."""
    taken = set(
        db.session.scalars(
            select(Story.slug).where(or_(Story.slug == base, Story.slug.like(f"{base}-%")))
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _check_facts(year: int | None, total: Any, currency: str | None) -> None:
    """Rules between fields and with today's date, which the document cannot state (422)."""
    if year is not None and year > utcnow().year:
        raise RuleViolation("year", "A move cannot be in a future year.")
    if total is not None and not currency:
        raise RuleViolation(
            "currency", "Required with totalCost.", detail="totalCost needs its currency."
        )


def submit_story(owner: Owner, data: dict[str, Any]) -> Story:
    """Store a pending story for ``owner`` (anonymous or signed in)."""
    _check_facts(data.get("year"), data.get("total_cost"), data.get("currency"))
    values = {k: data.get(k) for k in EDITABLE}
    values["currency"] = (values["currency"] or "").upper() or None
    values["tags"] = _clean_tags(values["tags"] or [])
    _check_visa(values["country"], values["visa_type_id"])
    base = _base_slug(values["title"])
    slug = _free_slug(base)
    for _attempt in range(SLUG_ATTEMPTS):
        story = Story(slug=slug, content_html=render_markdown(values["content"]), **values)
        story.assign_owner(owner)
        db.session.add(story)
        try:
            db.session.commit()
            return story
        except IntegrityError:
            # Someone took this slug between our look and our write: try another.
            db.session.rollback()
            slug = f"{base}-{secrets.token_hex(3)}"
    raise Conflict("Could not find a free slug for this title; try again.")


def _clean_tags(tags: list[str]) -> list[str]:
    """Lower-case, trimmed, each once, in the order given."""
    seen: list[str] = []
    for tag in tags:
        tag = " ".join(tag.lower().split())
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def own_stories(owner: Owner, page: int, page_size: int) -> dict[str, Any]:
    query = owned_select(Story, owner).order_by(Story.created_at.desc(), Story.id.desc())
    result = paginate(query, page, page_size)
    result["results"] = [story_view(s) for s in result["results"]]
    return result


def own_story(owner: Owner, story_id: int) -> Story:
    return get_owned_or_404(Story, story_id, owner)


def update_story(owner: Owner, story_id: int, data: dict[str, Any]) -> Story:
    """Edit a pending (or rejected) story; an approved one is public and frozen (409)."""
    story = own_story(owner, story_id)
    if story.approved:
        raise Conflict("This story is published; ask an editor to change it.")
    country = data.get("country", story.country)
    if "visa_type_id" in data or "country" in data:
        _check_visa(country, data.get("visa_type_id", story.visa_type_id))
    _check_facts(
        data.get("year"),
        data.get("total_cost", story.total_cost),
        data.get("currency", story.currency),
    )
    for key in EDITABLE:
        if key in data:
            value = data[key]
            if key == "tags":
                value = _clean_tags(value or [])
            if key == "currency" and value:
                value = value.upper()
            setattr(story, key, value)
    if "content" in data:
        story.content_html = render_markdown(story.content)
    # An edit after a rejection goes back to the editors.
    story.rejection_reason, story.rejected_at = None, None
    db.session.commit()
    return story


def set_cover(owner: Owner, story_id: int, upload: Any) -> Story:
    """Store the cover image (type sniffed from its bytes by the host's media service)."""
    story = own_story(owner, story_id)
    if story.approved:
        raise Conflict("This story is published; ask an editor to change it.")
    if upload is None:
        raise InvalidField("cover", "Missing.", detail="Upload a `cover` file.")
    story.cover_image = store_image(upload.stream, "story_covers", name_hint="story", field="cover")
    db.session.commit()
    return story


def published_stories(filters: dict[str, Any]) -> dict[str, Any]:
    """Approved stories, newest first, filtered by country, route, tag and featured."""
    query = select(Story).where(Story.approved.is_(True))
    if filters.get("country"):
        query = query.where(Story.country == filters["country"])
    if filters.get("featured") is not None:
        query = query.where(Story.featured.is_(filters["featured"]))
    if route := filters.get("route"):
        visa_ids = select(VisaType.id).where(
            or_(VisaType.slug == route, VisaType.id == _route_id(route))
        )
        query = query.where(
            or_(
                Story.visa_type_id.in_(visa_ids),
                func.lower(Story.route).contains(route.lower(), autoescape=True),
            )
        )
    stories = db.session.scalars(query.order_by(Story.approved_at.desc(), Story.id.desc())).all()
    if tag := filters.get("tag"):
        # Tags are a JSON list: matched here, portable between SQLite and PostgreSQL.
        wanted = " ".join(tag.lower().split())
        stories = [s for s in stories if wanted in (s.tags or [])]
    page, size = filters["page"], filters["page_size"]
    start = (page - 1) * size
    return {
        "count": len(stories),
        "page": page,
        "page_size": size,
        "pages": max(1, -(-len(stories) // size)),
        "results": [story_view(s) for s in stories[start : start + size]],
    }


#: A route filter that names an id has at most this many digits (ids fit an int4).
MAX_ID_DIGITS = 9


def _route_id(route: str) -> int:
    """The visa id a route filter names, or -1 (matches none) when it is not an id."""
    if route.isascii() and route.isdigit() and len(route) <= MAX_ID_DIGITS:
        return int(route)
    return -1


def story_by_slug(owner: Owner, slug: str) -> Story:
    """An approved story, or the owner's own pending one; anything else is a 404."""
    story = db.session.scalar(select(Story).where(Story.slug == slug))
    if story is not None and not story.approved:
        story = db.session.scalar(owned_select(Story, owner).where(Story.id == story.id))
    if story is None:
        raise NotFound(f"No story {slug!r}.")
    return story


# ----------------------------------------------------------------- moderation


def moderation_queue(status: str | None, page: int, page_size: int) -> dict[str, Any]:
    """Every story for editors: pending first, then newest."""
    pending_first = (Story.approved.is_(False) & Story.rejection_reason.is_(None)).desc()
    query = select(Story).order_by(pending_first, Story.created_at.desc(), Story.id.desc())
    if status == "approved":
        query = query.where(Story.approved.is_(True))
    elif status == "rejected":
        query = query.where(Story.approved.is_(False), Story.rejection_reason.is_not(None))
    elif status == "pending":
        query = query.where(Story.approved.is_(False), Story.rejection_reason.is_(None))
    result = paginate(query, page, page_size)
    result["results"] = [story_view(s) for s in result["results"]]
    return result


def moderate(story: Story, data: dict[str, Any]) -> Story:
    """Approve, feature or reject (with a reason); featuring needs an approved story."""
    if data.get("approved") and data.get("rejection_reason"):
        # Two fields that contradict each other: a rule the document cannot state.
        raise RuleViolation(
            "rejection_reason",
            "Cannot approve and reject at once.",
            detail="Approve or reject, not both.",
        )
    now = utcnow()
    if data.get("rejection_reason"):
        story.approved, story.featured, story.approved_at = False, False, None
        story.rejection_reason, story.rejected_at = data["rejection_reason"], now
    if data.get("approved") is True and not story.approved:
        story.approved, story.approved_at = True, now
        story.rejection_reason, story.rejected_at = None, None
    elif data.get("approved") is False and story.approved:
        story.approved, story.featured, story.approved_at = False, False, None
    if "featured" in data:
        if data["featured"] and not story.approved:
            raise RuleViolation(
                "featured", "Approve first.", detail="Only an approved story can be featured."
            )
        story.featured = bool(data["featured"])
    db.session.commit()
    return story


def moderate_by_id(story_id: int, data: dict[str, Any]) -> Story:
    story = db.session.get(Story, story_id)
    if story is None:
        raise NotFound(f"No story with id {story_id}.")
    return moderate(story, data)


# ----------------------------------------------------------------- costs for the calculator


def reported_costs(country_code: str, visa_type_id: int | None) -> list[dict[str, Any]]:
    """Approved stories' total costs in USD (through the dated rates table), per household."""
    from japaguide.money import to_usd
    from plugins.countries.services import rates_table

    query = select(Story).where(
        Story.approved.is_(True),
        Story.country == country_code,
        Story.total_cost.is_not(None),
        Story.currency.is_not(None),
    )
    if visa_type_id is not None:
        query = query.where(Story.visa_type_id == visa_type_id)
    rates = rates_table()
    costs = []
    for story in db.session.scalars(query):
        usd = to_usd(Decimal(story.total_cost), story.currency, rates)
        if usd is not None:
            costs.append({"total_usd": usd, "household_size": story.household_size or 1})
    return costs
