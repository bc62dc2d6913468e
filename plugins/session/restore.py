"""Opening an e-mailed session link: a side-effect-free preview, then an explicit choice.

The threat: anyone can mail *their own* link to someone else. If opening it silently moved the
opener into the link's session, the opener's own data would become unreachable and everything
they did next would be readable by the sender. So opening is two steps — ``GET`` shows what the
link holds and what this browser holds, ``POST`` performs what the person chose:

* ``merge`` — the link's data moves into *this browser's own* owner (its anonymous session, or
  its account when signed in). The opener never leaves their session; whoever else holds the
  link's session (the sender) loses the data instead of gaining a window on the opener. Every
  other link of that session is spent too.
* ``switch`` — this browser explicitly continues the link's session and leaves its own.
* ``continue`` — the plain case: this browser holds no data, so it simply continues the link's
  session (the default then). A browser that holds data must choose ``merge`` or ``switch``.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from japaguide.errors import Conflict
from japaguide.extensions import db
from japaguide.identity import (
    Owner,
    adopt_anonymous_session,
    count_owned,
    merge_session,
    require_owner,
)
from japaguide.plugins import get_host
from japaguide.schemas import camelize
from plugins.session.links import read_session_link, revoke_session_links, spend_session_link
from plugins.session.models import SessionLink
from plugins.session.services import session_status


def _camel_counts(counts: dict[str, int]) -> dict[str, int]:
    return {camelize(kind): n for kind, n in counts.items()}


def _situation(link: SessionLink, current: Owner) -> dict[str, Any]:
    """What this browser holds against the link, and what it may do about it."""
    same = current.user_id is None and current.anon_id == link.anon_id
    current_counts = count_owned(current) if current.kind != "none" else {}
    holds_data = not same and any(current_counts.values())
    if same:
        choices = ["continue"]
    elif current.user_id is not None:
        # A signed-in browser's owner is its account whatever session it holds: only merge
        # (a claim into the account) changes anything.
        choices = ["merge"]
    elif holds_data:
        choices = ["merge", "switch"]
    else:
        choices = ["continue", "merge"]
    default = None if holds_data else choices[0]
    return {
        "same_session": same,
        "holds_data": holds_data,
        "current_counts": current_counts,
        "choices": choices,
        "default_choice": default,
    }


def preview_restore(token: str, current: Owner) -> dict[str, Any]:
    """What opening the link would do, changing nothing (safe for mail scanners and GETs)."""
    link = read_session_link(token)
    situation = _situation(link, current)
    return {
        "link": {
            "counts": _camel_counts(count_owned(Owner(anon_id=link.anon_id))),
            "created_at": link.created_at,
            "expires_at": link.expires_at,
        },
        "current": {
            "is_anonymous": current.is_anonymous,
            "session_started": current.kind != "none",
            "counts": _camel_counts(situation["current_counts"]),
        },
        "holds_data": situation["holds_data"],
        "same_session": situation["same_session"],
        "choices": situation["choices"],
        "default_choice": situation["default_choice"],
    }


def _resolve_choice(choice: str | None, situation: dict[str, Any]) -> str:
    if choice == "switch" and not situation["holds_data"] and "continue" in situation["choices"]:
        choice = "continue"  # nothing to leave behind: switching is continuing
    choice = choice or situation["default_choice"]
    if choice is None:
        raise Conflict(
            "This browser already holds data of its own: choose 'merge' to bring the link's "
            "data into it, or 'switch' to leave it and continue the link's session.",
            title="Choose how to open the link",
            problem="restore-choice-needed",
            fields={"choice": "Required: merge or switch."},
            extra={"choices": situation["choices"]},
        )
    if choice not in situation["choices"]:
        raise Conflict(
            f"'{choice}' is not possible here; choose one of: {', '.join(situation['choices'])}.",
            title="Choose how to open the link",
            problem="restore-choice-not-allowed",
            fields={"choice": f"One of: {', '.join(situation['choices'])}."},
            extra={"choices": situation["choices"]},
        )
    return choice


def perform_restore(token: str, choice: str | None, current: Owner) -> dict[str, Any]:
    """Spend the link and do what was chosen; returns the choice, what moved, and the status.

    Spending the link and moving the rows commit together, so a failure leaves the link usable.
    """
    link = read_session_link(token)
    situation = _situation(link, current)
    choice = _resolve_choice(choice, situation)
    moved: dict[str, int] = {}
    if choice == "merge" and not situation["same_session"]:
        owner = current if current.kind != "none" else require_owner()
        spend_session_link(link, choice)
        revoke_session_links(link.anon_id)
        moved = merge_session(link.anon_id, owner)
        if owner.user_id is not None:
            get_host(current_app).hook.session_claimed(
                anon_id=link.anon_id, user_id=owner.user_id, counts=moved
            )
    else:
        spend_session_link(link, choice)
        db.session.commit()
        owner = current if situation["same_session"] else adopt_anonymous_session(link.anon_id)
    return {"choice": choice, "moved": _camel_counts(moved), "session": session_status(owner)}
