"""A test-only third-party plugin: owned models and routes, to prove the host is generic."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from japaguide.api import Blueprint
from japaguide.errors import APIError
from japaguide.extensions import db
from japaguide.identity import OwnedMixin, get_owned_or_404, owned_select, require_owner
from japaguide.plugins import Plugin, hookimpl
from japaguide.schemas import CamelSchema, CountryCode, Money


class Note(OwnedMixin, db.Model):
    __tablename__ = "test_notes"
    __owned_kind__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(200))


class NoteTag(OwnedMixin, db.Model):
    """A second owned kind that references the first (deletes must go child first)."""

    __tablename__ = "test_note_tags"
    __owned_kind__ = "note_tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("test_notes.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(40))


class NoteIn(CamelSchema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=200))
    tag_name = fields.String(load_default=None)
    country_code = CountryCode(load_default=None)
    amount_usd = Money(load_default=None)


class NoteOut(CamelSchema):
    id = fields.Integer()
    text = fields.String()
    is_anonymous = fields.Boolean()
    country_code = fields.String(allow_none=True)
    amount_usd = Money(allow_none=True)


def make_blueprints() -> list[tuple[Blueprint, str]]:
    bp = Blueprint("notes", __name__)

    @bp.route("/", methods=["POST"])
    @bp.body(NoteIn, example={"text": "Passport renewal booked", "countryCode": "CAN"})
    @bp.response(201, NoteOut)
    def create(data: dict[str, Any]) -> Any:
        note = Note(text=data["text"])
        note.assign_owner(require_owner())
        db.session.add(note)
        db.session.flush()
        if data.get("tag_name"):
            tag = NoteTag(note_id=note.id, tag=data["tag_name"])
            tag.assign_owner(require_owner())
            db.session.add(tag)
        db.session.commit()
        return {
            **_dump(note),
            "country_code": data.get("country_code"),
            "amount_usd": data.get("amount_usd"),
        }

    @bp.route("/", methods=["GET"])
    @bp.response(200, NoteOut(many=True))
    def index() -> Any:
        return [_dump(n) for n in db.session.scalars(owned_select(Note))]

    @bp.route("/<int(max=2147483647):note_id>", methods=["GET", "DELETE"])
    @bp.response(200, NoteOut)
    def detail(note_id: int) -> Any:
        return _dump(get_owned_or_404(Note, note_id))

    @bp.route("/regenerate", methods=["POST"])
    def regenerate() -> Any:
        from flask import current_app, session

        current_app.session_interface.regenerate(session)
        return {"ok": True}

    @bp.route("/boom", methods=["GET", "POST"])
    def boom() -> Any:
        raise RuntimeError("secret internal detail: password=hunter2")

    @bp.route("/conflict", methods=["GET"])
    def conflict() -> Any:
        raise APIError(409, "Already done.")

    return [(bp, "/notes")]


def _dump(note: Note) -> dict[str, Any]:
    return {"id": note.id, "text": note.text, "is_anonymous": note.is_anonymous}


class Hooks:
    @hookimpl
    def register_jobs(self) -> dict[str, Any]:
        return {"notes.shout": shout_job, "notes.fail": fail_job}


def shout_job(note_id: int) -> dict[str, Any]:
    note = db.session.get(Note, note_id)
    note.text = note.text.upper()
    db.session.commit()
    return {"noteId": note_id}


def fail_job(note_id: int) -> dict[str, Any]:
    raise ValueError(f"cannot process note {note_id}")


notes_plugin = Plugin(
    name="notes",
    version="0.0.1",
    requires=("session",),
    blueprints=make_blueprints,
    hooks=Hooks(),
    config={"RATELIMIT_NOTES": "1000/hour"},
)
