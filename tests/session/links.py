"""Helpers for session-link tests: mail a link through the API and read it from the outbox."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

RESTORE = "/api/v1/session/restore/"


def mail_link(sender: Any, app: Any, email: str = "victim@example.com") -> str:
    """``sender`` e-mails its session link to ``email``; returns the token in that message."""
    response = sender.post("/api/v1/session/email/", json={"email": email})
    assert response.status_code == 200, response.get_json()
    response.close()  # the server sends the response, then runs the inline mail job
    return newest_mail_text(app).split("token=")[1].split()[0]


def newest_mail_text(app: Any) -> str:
    newest = sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))[-1]
    return message_from_bytes(newest.read_bytes(), policy=policy.default).get_content()


def note_texts(client: Any, **kwargs: Any) -> list[str]:
    return sorted(n["text"] for n in client.get("/api/v1/notes/", **kwargs).get_json())


def cookie(client: Any) -> str | None:
    found = client.get_cookie("japaguide_session")
    return found.value if found else None
