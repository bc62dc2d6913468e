"""What a chat asks of the database, counted (never timed): one write transaction per chat, a
cached answer that reads no data, and the same statements at 30 countries as at 250.

Statements are counted with an SQLAlchemy ``before_cursor_execute`` listener on the full seed
(``seed_data/``), then the data is grown to 250 countries the way ``make bench-chat`` does it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from benchmarks.offline_chat import grow
from tests.ai import evaluation

WRITES = ("ai_requests", "conversations", "chat_messages", "anonymous_sessions")
#: The host's own per-request work (the session store), not the chat's.
HOST = re.compile(r"\bserver_sessions\b")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: Any) -> Any:
    return evaluation.seeded_app(str(tmp_path_factory.mktemp("statements") / "chat.db"))


@pytest.fixture(autouse=True)
def look_at_the_tables_on_every_chat(monkeypatch: Any) -> None:
    """Counts must not depend on the clock: the index looks at the tables on every chat here
    (by default at most once a second per process, see the last test)."""
    from plugins.ai import retrieval

    monkeypatch.setattr(retrieval, "FINGERPRINT_SECONDS", 0.0)


@contextmanager
def counted(app: Any) -> Iterator[list[str]]:
    """The statements (and ``COMMIT`` markers) the database sees inside the block."""
    from japaguide.extensions import db

    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def statement(conn, cursor, text, params, context, executemany):  # noqa: ANN001
        seen.append(" ".join(text.split()))

    def commit(conn):  # noqa: ANN001
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)


def chat_statements(app: Any, client: Any, message: str, **body: Any) -> list[str]:
    with counted(app) as seen:
        response = client.post(
            "/api/v1/ai/chat/", json={"message": message, "tone": "helpful", **body}
        )
        assert response.status_code == 200
        response.get_data()  # a stream runs to its end
    kept, host = [], False
    for text in seen:
        if text != "COMMIT":
            host = bool(HOST.search(text))
        if not host:
            kept.append(text)  # the session store's statements and its COMMIT left out
    return kept


def profile(app: Any, label: str) -> dict[str, list[str]]:
    """The chat's statements for a new question, the same question again (a cached answer),
    a follow-up in the conversation and a streamed question."""
    client = app.test_client()
    client.post("/api/v1/ai/chat/", json={"message": "warm the index", "tone": "helpful"})
    new = f"How much money must I show for the UK student visa? ({label})"
    first = chat_statements(app, client, new)
    conversation = client.post("/api/v1/ai/chat/", json={"message": new}).get_json()
    return {
        "new": first,
        "cached": chat_statements(app, client, new),
        "follow-up": chat_statements(
            app,
            client,
            f"and for Canada? ({label})",
            conversationId=conversation["conversationId"],
        ),
        "streamed": chat_statements(app, client, f"Germany Blue Card fees? ({label})", stream=True),
    }


def test_a_chat_is_one_write_transaction_and_a_cached_answer_reads_no_data(seeded):
    counts = profile(seeded, "shape")
    for name, seen in counts.items():
        writes = [i for i, s in enumerate(seen) if re.match(r"(INSERT|UPDATE|DELETE)", s)]
        assert writes, name
        committed = [i for i, s in enumerate(seen) if s == "COMMIT"]
        # Every row the chat writes (the call's log, the conversation, its messages, the
        # anonymous session's expiry) goes in before one COMMIT, and nothing after it.
        assert len(committed) == 1 and writes[-1] < committed[0], (name, seen)
        assert all(any(t in seen[i] for t in WRITES) for i in writes), (name, seen)
    reads = [s for s in counts["cached"] if s.startswith("SELECT")]
    # The index's look at the tables only (the anonymous session is refreshed by one
    # UPDATE … RETURNING): no playbook, route or template is read for a cached answer.
    assert len(reads) == 1, reads
    assert not any(re.match(r"SELECT (visa_\w+|prompt_templates|countries)\.", s) for s in reads)


def test_the_statements_of_a_chat_do_not_grow_with_the_countries(seeded):
    from sqlalchemy import func, select

    from japaguide.extensions import db
    from plugins.countries.models import Country

    small = {name: len(seen) for name, seen in profile(seeded, "30").items()}
    grow(seeded, 250)
    with seeded.app_context():
        assert db.session.scalar(select(func.count(Country.id))) >= 250
    large = {name: len(seen) for name, seen in profile(seeded, "250").items()}
    assert large == small


def test_within_a_second_a_cached_answer_reads_nothing(seeded, monkeypatch):
    """The index trusts its last look at the tables for ``FINGERPRINT_SECONDS``: a cached
    answer then reads no row at all (imports and admin edits are still seen at once, through
    the cache namespace)."""
    from plugins.ai import retrieval

    monkeypatch.setattr(retrieval, "FINGERPRINT_SECONDS", 3600.0)
    reads = [s for s in profile(seeded, "window")["cached"] if s.startswith("SELECT")]
    assert reads == []
