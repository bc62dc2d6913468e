"""Prompt templates: seeding from ``seed_data/prompt_templates.json`` and the built-in defaults.

The seed file is also the fallback: if an admin deactivates or deletes a template, the AI
service still has the shipped version to render.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import select

from japaguide.extensions import db
from plugins.ai.models import MODES, PromptTemplate
from plugins.ai.personalities import PERSONALITY_INTROS, TONE_INSTRUCTIONS
from plugins.ai.sandbox import TemplateRejected, render, validate_template
from plugins.ai.schemas import TONES

SEED_FILE = Path(__file__).resolve().parents[2] / "seed_data" / "prompt_templates.json"
SAMPLE_CONTEXT = {
    "personality_intro": "Hi! I'm Japabot.",
    "tone_instructions": "Be warm.",
    "tone": "helpful",
    "profile": {
        "education_level": "bachelor",
        "field_of_study": "Computer Science",
        "years_experience": 4,
        "budget_usd": 15000,
        "target_move_date": "2027-09-01",
        "skills": ["python", "sql"],
    },
    "country": "Germany",
    "city": "Berlin",
    "goal": "work",
    "duration_months": 12,
    "budget": 15000,
    "steps": [{"order": 1, "title": "Get your degree recognised"}],
    "cost_breakdown": {"flights": 900},
    "hidden_costs": [{"item": "Winter clothing", "estimated": 400}],
    "cash_needed": 20000,
    "left_country": "Canada",
    "right_country": "Germany",
    "metrics": ["cost", "pr_time"],
    "user_profile": {"education_level": "master"},
    "facts": "- EU Blue Card: fee EUR 75",
    "history": [],
    "visa_name": "EU Blue Card",
    "document_type": "statement of purpose",
    "purpose": "a master's programme",
    "details": {"name": "Ada"},
    "max_words": 500,
}


class TemplateSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(
        required=True,
        validate=[validate.Length(min=2, max=100), validate.Regexp(r"^[a-z0-9_]+$")],
    )
    description = fields.String(load_default="")
    prompt_text = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    temperature = fields.Float(load_default=0.7, validate=validate.Range(0, 2))
    max_tokens = fields.Integer(load_default=1000, validate=validate.Range(1, 4000))
    mode = fields.String(load_default="general", validate=validate.OneOf(MODES))
    tone = fields.String(load_default="helpful", validate=validate.OneOf(TONES))
    json_output = fields.Boolean(load_default=False)
    is_active = fields.Boolean(load_default=True)


def check_template_text(text: str) -> str:
    """Compile, then render against sample context in every tone and mode; returns the
    preview (helpful, general) or raises.

    A template is used in whatever tone a user picks and whichever feature calls it, so a
    branch that breaks only for ``therapist`` or ``compare`` must be refused at save, not
    found by a user.
    """
    validate_template(text)
    previews = {
        (tone, mode): render(
            text,
            {
                **SAMPLE_CONTEXT,
                "tone": tone,
                "mode": mode,
                "personality_intro": PERSONALITY_INTROS[tone],
                "tone_instructions": TONE_INSTRUCTIONS[tone],
            },
        )
        for tone in TONES
        for mode in MODES
    }
    return previews[("helpful", "general")]


@lru_cache(maxsize=1)
def default_templates() -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in json.loads(SEED_FILE.read_text())}


def fallback_template(name: str) -> PromptTemplate | None:
    """A transient (unsaved) template built from the shipped defaults."""
    data = default_templates().get(name)
    return PromptTemplate(**data) if data else None


def seed_prompts(path: Path = SEED_FILE) -> dict[str, int]:
    """Create or update the shipped templates by name (idempotent)."""
    records = json.loads(Path(path).read_text())
    try:
        items = TemplateSchema(many=True).load(records)
    except ValidationError as exc:
        raise ValueError(f"{path}: {exc.messages}") from exc
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for item in items:
        try:
            check_template_text(item["prompt_text"])
        except TemplateRejected as exc:
            raise ValueError(f"{path}: template {item['name']!r}: {exc}") from exc
        row = db.session.scalar(select(PromptTemplate).where(PromptTemplate.name == item["name"]))
        if row is None:
            db.session.add(PromptTemplate(**item))
            counts["created"] += 1
        elif any(getattr(row, k) != v for k, v in item.items()):
            for key, value in item.items():
                setattr(row, key, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db.session.commit()
    return counts
