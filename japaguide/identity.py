"""Who owns this request, and the one way owned data is read, claimed and purged.

Every request has an owner: the user of a valid (optional) JWT, or else an anonymous owner — a
random id kept *inside* the server-side session. It is deliberately not the session id: the
session is regenerated on signup, login and claim (against fixation) and the anonymous id, with
the data keyed on it, must survive that.

Owned tables use :class:`OwnedMixin`; every read of owned data goes through :func:`owned_select`
or :func:`get_owned_or_404`, so another owner's row is a 404 (never a 403 that confirms it
exists). :func:`claim_session`, :func:`merge_session` and :func:`purge_expired_sessions` work
for any model that uses the mixin, a third party's included, because they walk the metadata.
"""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any, TypeVar, cast

from flask import Flask, current_app, g, has_request_context, request, session
from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request
from flask_session.base import ServerSideSessionInterface
from sqlalchemy import Boolean, ForeignKey, Integer, String, and_, delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from japaguide.database import Base, UTCDateTime, utcnow
from japaguide.errors import APIError, NotFound
from japaguide.extensions import db
from japaguide.media import delete_private_file
from japaguide.models import AnonymousSession, User
from japaguide.plugins import get_host
from japaguide.sessions import SessionStoreUnavailable, session_unavailable, store_session_now

ANON_KEY = "anon_id"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The marker :func:`no_anonymous_session` sets on a blueprint or a view.
NO_ANONYMOUS_SESSION = "japaguide_no_anonymous_session"

M = TypeVar("M", bound=Any)


@dataclass(frozen=True)
class Owner:
    """The owner of a request: a user id, or an anonymous id (exactly one is set)."""

    user_id: int | None = None
    anon_id: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def kind(self) -> str:
        if self.user_id is not None:
            return "user"
        return "anonymous" if self.anon_id else "none"

    @property
    def key(self) -> str | None:
        """A stable string for rate limits and cache keys."""
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return f"anon:{self.anon_id}" if self.anon_id else None


NOBODY = Owner()


class OwnedMixin:
    """Columns of every owned table (brief §3): ``user_id``, ``session_id``, ``is_anonymous``.

    ``session_id`` holds the anonymous owner id. Set ``__owned_kind__`` to the plural name the
    API reports counts under (``"roadmaps"`` → ``migratedRoadmaps``); it defaults to the table.
    """

    __owned_kind__: str | None = None

    @declared_attr
    def user_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(
            Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=True
        )

    @declared_attr
    def session_id(cls) -> Mapped[str | None]:  # noqa: N805
        return mapped_column(String(64), index=True, nullable=True)

    @declared_attr
    def is_anonymous(cls) -> Mapped[bool]:  # noqa: N805
        return mapped_column(Boolean, default=True, nullable=False)

    @declared_attr
    def created_at(cls) -> Mapped[datetime]:  # noqa: N805
        return mapped_column(UTCDateTime, default=utcnow, nullable=False)

    @declared_attr
    def updated_at(cls) -> Mapped[datetime]:  # noqa: N805
        return mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    def assign_owner(self, owner: Owner) -> None:
        if owner.user_id is None and not owner.anon_id:
            raise ValueError("an owned row needs an owner")
        self.user_id = owner.user_id
        self.session_id = None if owner.user_id is not None else owner.anon_id
        self.is_anonymous = owner.user_id is None

    @classmethod
    def owned_kind(cls) -> str:
        return cls.__owned_kind__ or cls.__tablename__  # type: ignore[attr-defined]

    @classmethod
    def kept_on_purge(cls) -> Any:
        """Rows to keep when their anonymous session expires unclaimed (a SQL clause), or None.

        Most owned data is private and goes with its session; a row that became public (an
        approved story) must not vanish because its anonymous author never signed up.
        """
        return None

    @classmethod
    def private_file_column(cls) -> Any:
        """The column holding a stored private file's reference (see ``japaguide.media``), or None.

        A purge deletes rows in bulk, so no ORM event fires: the files those rows point at would
        stay on disk (or in Cloudinary) for ever. A model that stores files names the column and
        the purge removes the files after the rows are gone.
        """
        return None


def owned_models(app: Flask | None = None) -> list[type[Any]]:
    """The owned models of the app's enabled plugins, children before parents (safe deletes).

    A model is a plugin's when it lives in the package of a module the plugin names (its
    ``models``, its hooks, its blueprint factory). Importing a disabled plugin's models (another
    plugin may import them) puts them in the shared metadata, but never makes them owned kinds
    of an app that turned the plugin off: claim, purge and counts follow the enabled plugins.
    """
    packages = _plugin_packages(app or current_app)
    by_table = {
        mapper.local_table: mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, OwnedMixin)
        and _in_packages(mapper.class_.__module__, packages)
    }
    return [by_table[t] for t in reversed(db.metadata.sorted_tables) if t in by_table]


def _in_packages(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def _plugin_packages(app: Flask) -> tuple[str, ...]:
    packages: set[str] = set()
    for plugin in get_host(app).plugins:
        modules = list(plugin.models)
        if plugin.hooks is not None:
            hooks = plugin.hooks
            modules.append(
                hooks.__name__ if isinstance(hooks, ModuleType) else type(hooks).__module__
            )
        if plugin.blueprints is not None:
            modules.append(plugin.blueprints.__module__)
        for name in modules:
            module = sys.modules.get(name)
            is_package = module is not None and hasattr(module, "__path__")
            packages.add(name if is_package or "." not in name else name.rpartition(".")[0])
    return tuple(sorted(packages))


# ------------------------------------------------------------------ resolving the owner


def resolve_owner() -> None:
    """``before_request``: find the owner; make an anonymous one for writes under ``/api/``.

    Runs before the rate limiter so that an anonymous client's first write already counts
    against its own session, not just its address. A malformed or expired token is a 401 (not
    silently anonymous): the client believes it is signed in.
    """
    g.owner = NOBODY
    if request.method == "OPTIONS":
        return
    verify_jwt_in_request(optional=True)
    identity = get_jwt_identity()
    if identity is not None:
        g.owner = Owner(user_id=int(identity))
        return
    anon_id = session.get(ANON_KEY)
    if anon_id:
        g.owner = Owner(anon_id=anon_id)
    elif _write_needs_an_owner():
        g.owner = start_anonymous_session()


def session_anon_id() -> str | None:
    """The anonymous owner id this request's session holds, if any.

    Also under a JWT: signing in claims the browser's anonymous data, so the accounts plugin
    asks for it here rather than reading the session itself (only identity touches it).
    """
    return session.get(ANON_KEY) if has_request_context() else None


def _server_side_sessions() -> ServerSideSessionInterface:
    """The app's Flask-Session interface (both of ours are), which can regenerate a session."""
    return cast(ServerSideSessionInterface, current_app.session_interface)


def _rowcount(result: Any) -> int:
    """Rows an UPDATE/DELETE touched (``Session.execute`` is typed as returning any Result)."""
    return cast(CursorResult[Any], result).rowcount or 0


def regenerate_session() -> None:
    """A new session id with the same contents (against fixation when someone signs in)."""
    if has_request_context() and session:
        _server_side_sessions().regenerate(session)


def no_anonymous_session(target: M) -> M:
    """Mark a blueprint or a view whose writes never need an anonymous owner.

    Sign-in and token endpoints (rate-limited by address), admin endpoints (a JWT or nothing)
    and opening a session link (it brings its own owner, so it must not mint a throwaway one
    first) are marked by the plugins that own them; the host names none of them.
    """
    setattr(target, NO_ANONYMOUS_SESSION, True)
    return target


def _write_needs_an_owner() -> bool:
    """A write to a route under ``/api/`` that is not marked :func:`no_anonymous_session`.

    A request that matches no route (404, 405) writes nothing, so it gets no owner either.
    """
    if request.method in SAFE_METHODS or not request.path.startswith("/api/"):
        return False
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None:
        return False
    blueprint = current_app.blueprints.get(request.blueprint) if request.blueprint else None
    return not (
        getattr(view, NO_ANONYMOUS_SESSION, False)
        or getattr(blueprint, NO_ANONYMOUS_SESSION, False)
    )


def current_owner() -> Owner:
    """The owner resolved for this request (``NOBODY`` outside requests)."""
    if not has_request_context():
        return NOBODY
    return g.get("owner", NOBODY)


def require_owner() -> Owner:
    """The current owner, creating an anonymous one if the request has none yet."""
    owner = current_owner()
    if owner.kind == "none":
        owner = start_anonymous_session()
        g.owner = owner
    return owner


def session_lifetime() -> timedelta:
    return current_app.config["PERMANENT_SESSION_LIFETIME"]


#: Seconds a client is asked to wait when the session store cannot keep its session.
SESSION_STORE_RETRY_AFTER = 5


def session_store_unavailable(detail: str | None = None) -> APIError:
    """The 503 for a request whose anonymous owner the session store cannot read or keep."""
    return APIError(
        503,
        detail
        or "Your session cannot be saved right now, so this change would be lost. Nothing was "
        "stored; try again in a few seconds.",
        title="Session store unavailable",
        problem="session-store-unavailable",
        headers={"Retry-After": str(SESSION_STORE_RETRY_AFTER)},
    )


def start_anonymous_session() -> Owner:
    """Create an anonymous owner: a random id in the server-side session, and its record.

    The session is stored *before* anything is keyed on the new id: if the session store
    cannot keep it (or could not even read the client's session, which may already hold an
    owner) the request is refused with a 503 and nothing is written, instead of answering 2xx
    with data its owner can never find again.
    """

    if session_unavailable(session):
        raise session_store_unavailable()
    anon_id = secrets.token_urlsafe(24)
    now = utcnow()
    session[ANON_KEY] = anon_id
    session.permanent = True
    try:
        store_session_now(current_app, session)
    except SessionStoreUnavailable as exc:
        session.pop(ANON_KEY, None)
        # Leave the cookie alone: the session interface skips a session marked unavailable.
        session.store_unavailable = True  # type: ignore[attr-defined]
        current_app.logger.warning("anonymous session not stored, write refused: %s", exc)
        raise session_store_unavailable() from exc
    g.started_anon_id = anon_id
    db.session.add(
        AnonymousSession(
            id=anon_id, created_at=now, last_seen_at=now, expires_at=now + session_lifetime()
        )
    )
    db.session.commit()
    return Owner(anon_id=anon_id)


def forget_session_of_failed_request(response: Any) -> Any:
    """``after_request``: a request that fails hands out no new session.

    The anonymous owner is made before the view runs (the rate limiter keys on it), so a
    first write that answers 4xx/5xx would otherwise leave the client a cookie for nothing,
    and a flood of bad requests a row each. Its record goes too unless something it owns was
    already committed; then the record stays so the daily purge removes both.
    """
    anon_id = g.pop("started_anon_id", None)
    if anon_id is None or response.status_code < 400:
        return response

    session.pop(ANON_KEY, None)
    try:
        db.session.rollback()
        if not any(count_owned(Owner(anon_id=anon_id)).values()):
            db.session.execute(delete(AnonymousSession).where(AnonymousSession.id == anon_id))
            db.session.commit()
    except SQLAlchemyError:  # the database is why it failed: the purge removes the record later
        db.session.rollback()
    return response


def adopt_anonymous_session(anon_id: str) -> Owner:
    """Make this browser continue anonymous owner ``anon_id`` (an opened session link).

    The session is regenerated first (as on login) so the old session id dies with the switch.
    Only ever called after the person confirmed it: it leaves this browser's previous data.
    """
    if session:
        _server_side_sessions().regenerate(session)
    session[ANON_KEY] = anon_id
    session.permanent = True
    owner = Owner(anon_id=anon_id)
    g.owner = owner
    return owner


#: A session's expiry is moved at most this often by writes (``/session/save/`` always moves
#: it): a 30-day lifetime loses at most these minutes, and a busy owner's writes no longer
#: all queue on the one row of their session (an UPDATE and a session-store write each).
TOUCH_EVERY_SECONDS = 600
_TOUCHED_AT = "touched_at"


def touch_anonymous_session(
    owner: Owner, *, extend: bool = True, force: bool = False
) -> datetime | None:
    """Refresh an anonymous owner's expiry to a fresh lifetime (writes and ``/session/save/``).

    One ``UPDATE … RETURNING`` (no read first), committed with whatever the caller added to the
    session, so a write and its session's new expiry are one transaction. A write within
    ``TOUCH_EVERY_SECONDS`` of the last refresh only commits (None: the expiry was not moved);
    ``force`` always refreshes.
    """

    if not owner.anon_id:
        return None
    now = utcnow()
    if extend and not force and has_request_context():
        touched_at = session.get(_TOUCHED_AT)
        if isinstance(touched_at, int | float) and 0 <= now.timestamp() - touched_at < (
            TOUCH_EVERY_SECONDS
        ):
            db.session.commit()
            return None
    values: dict[str, Any] = {"last_seen_at": now}
    if extend:
        values["expires_at"] = now + session_lifetime()
    expires_at = db.session.execute(
        update(AnonymousSession)
        .where(AnonymousSession.id == owner.anon_id, AnonymousSession.purged_at.is_(None))
        .values(**values)
        .returning(AnonymousSession.expires_at)
    ).scalar()
    if expires_at is None:
        return None
    if extend and has_request_context():
        session[_TOUCHED_AT] = now.timestamp()  # also refreshes the session store's own TTL
    db.session.commit()
    return expires_at


# ------------------------------------------------------------------ reading owned data


def owner_clause(model: type[Any], owner: Owner) -> Any:
    """The WHERE clause selecting ``owner``'s rows of ``model`` (nothing for no owner).

    While the client's session cannot be read (Redis down or hung) "no owner" only means
    "unknown owner": its data is answered with a 503, not with an empty list that looks as if
    it were gone.
    """
    if owner.user_id is not None:
        return model.user_id == owner.user_id
    if owner.anon_id:
        return and_(model.session_id == owner.anon_id, model.user_id.is_(None))
    require_readable_session()
    return model.user_id == -1  # matches nothing: no owner, no data


def require_readable_session() -> None:
    """Refuse (503) when the client's session cannot be read: "no owner" would be a guess.

    For answers about the session itself (its status), which read no owned rows and so never
    meet :func:`owner_clause`'s check.
    """
    if _session_unreadable():
        raise session_store_unavailable(
            "Your session cannot be read right now; your data is safe. Try again in a few seconds."
        )


def _session_unreadable() -> bool:

    return has_request_context() and session_unavailable(session)


def owned_select(model: type[M], owner: Owner | None = None) -> Any:
    """``SELECT`` of ``model`` restricted to the owner (the current one by default)."""
    return select(model).where(owner_clause(model, owner or current_owner()))


def get_owned_or_404(model: type[M], row_id: Any, owner: Owner | None = None) -> M:
    """The owner's row with this id, or a 404 that does not reveal whether it exists."""
    row = db.session.scalar(owned_select(model, owner).where(model.id == row_id))
    if row is None:
        raise NotFound(f"No {model.__name__.lower()} with id {row_id} for this owner.")
    return row


def count_owned(owner: Owner) -> dict[str, int]:
    """Rows per owned kind for ``owner``: one statement (a count subquery per owned table)."""
    models = list(owned_models())
    if not models:
        return {}
    counts = (
        select(func.count()).select_from(model).where(owner_clause(model, owner)).scalar_subquery()
        for model in models
    )
    row = db.session.execute(select(*counts)).one()
    return {model.owned_kind(): value or 0 for model, value in zip(models, row, strict=True)}


# ------------------------------------------------------------------ claim and purge


def _move_session_rows(anon_id: str, to: Owner) -> dict[str, int]:
    """Re-own every row of anonymous session ``anon_id`` (no commit: the caller's transaction)."""
    if to.kind == "none":
        raise ValueError("rows need an owner to move to")
    values = {
        "user_id": to.user_id,
        "session_id": None if to.user_id is not None else to.anon_id,
        "is_anonymous": to.user_id is None,
    }
    counts: dict[str, int] = {}
    for model in owned_models():
        result = db.session.execute(
            update(model)
            .where(model.session_id == anon_id, model.user_id.is_(None))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        counts[model.owned_kind()] = _rowcount(result)
    return counts


def claim_session(anon_id: str, user_id: int) -> dict[str, int]:
    """Move every owned row of anonymous session ``anon_id`` to ``user_id``, all kinds at once.

    One transaction: either every kind moves or none does (together with anything the caller
    did first in it, such as spending a link). Returns counts per kind. The anonymous record
    is marked claimed so analytics can measure conversion.
    """

    try:
        # Serialise claims of one session on its record: the second claimer waits, then moves
        # nothing and is not recorded as the claimer.
        record = db.session.scalar(
            select(AnonymousSession)
            .where(AnonymousSession.id == anon_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        counts = _move_session_rows(anon_id, Owner(user_id=user_id))
        if record is not None and record.claimed_at is None:
            record.claimed_at = utcnow()
            record.claimed_by_user_id = user_id
        user = db.session.get(User, user_id)
        if user is not None and any(counts.values()):
            user.is_anonymous_converted = True
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.expire_all()
    return counts


def merge_session(anon_id: str, into: Owner) -> dict[str, int]:
    """Move every owned row of anonymous session ``anon_id`` into ``into`` (anonymous or user).

    Opening someone's session link with *merge* uses this: the opener keeps its own identity
    and gains the rows, so whoever else holds ``anon_id`` (the link's sender) loses them
    instead of reading the opener's future work. One transaction, like :func:`claim_session`.
    """
    if into.user_id is not None:
        return claim_session(anon_id, into.user_id)
    if into.anon_id == anon_id:
        return {model.owned_kind(): 0 for model in owned_models()}
    try:
        counts = _move_session_rows(anon_id, into)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.expire_all()
    return counts


def purge_expired_sessions(now: datetime | None = None) -> dict[str, int]:
    """Delete owned rows of anonymous sessions that expired unclaimed; returns counts per kind.

    Saved sessions have a later ``expires_at`` and claimed ones no longer own rows, so nothing
    of theirs is touched.
    """

    now = now or utcnow()
    expired = (
        select(AnonymousSession.id)
        .where(
            AnonymousSession.expires_at < now,
            AnonymousSession.claimed_at.is_(None),
            AnonymousSession.purged_at.is_(None),
        )
        .scalar_subquery()
    )
    counts: dict[str, int] = {}
    files: list[str] = []
    try:
        for model in owned_models():
            purged = [model.session_id.in_(expired), model.user_id.is_(None)]
            if (kept := model.kept_on_purge()) is not None:
                purged.append(~kept)
            if (column := model.private_file_column()) is not None:
                files += db.session.scalars(
                    select(column).where(*purged, column.is_not(None))
                ).all()
            purge = delete(model).where(*purged)
            result = db.session.execute(purge.execution_options(synchronize_session=False))
            counts[model.owned_kind()] = _rowcount(result)
        result = db.session.execute(
            update(AnonymousSession)
            .where(
                AnonymousSession.expires_at < now,
                AnonymousSession.claimed_at.is_(None),
                AnonymousSession.purged_at.is_(None),
            )
            .values(purged_at=now)
            .execution_options(synchronize_session=False)
        )
        counts["sessions"] = _rowcount(result)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    # Only once the rows are gone for good: a rolled-back purge must leave its files readable.
    counts["files"] = sum(delete_private_file(ref) for ref in files)
    return counts


def require_admin() -> Any:
    """The signed-in admin user: 401 without a token, 403 for a non-admin."""

    owner = current_owner()
    if owner.user_id is None:
        raise APIError(
            401, "Sign in with an admin account.", headers={"WWW-Authenticate": "Bearer"}
        )
    user = db.session.get(User, owner.user_id)
    if user is None or not user.is_admin:
        raise APIError(403, "This endpoint is for admin accounts only.")
    return user
