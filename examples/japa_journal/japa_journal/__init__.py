"""``japa_journal``: an example third-party Japaguide plugin, written as the README says.

Owners (anonymous or signed in) keep private journal entries; a generated roadmap adds an
entry by itself (the ``roadmap_generated`` event); ``flask japa-journal stats`` counts them.
The table ``japa_journal_entries`` comes from this package's own Alembic history
(``migrations/``, version table ``alembic_version_japa_journal``).
"""

from __future__ import annotations

from pathlib import Path

from japa_journal import hooks
from japaguide.plugins import Plugin


def _blueprints():  # noqa: ANN202 - a factory: a fresh blueprint per app
    from japa_journal.routes import make_blueprint

    return [(make_blueprint(), "/journal")]  # mounted at /api/v1/journal


def _cli():  # noqa: ANN202
    from japa_journal.cli import stats_command

    return [stats_command]


plugin = Plugin(
    name="japa_journal",
    version="1.0.0",
    description="A private journal of your japa; a generated roadmap adds an entry.",
    # No hard `requires`: owners (anonymous or signed in) are the host's, and the roadmap
    # hook only fires when the roadmaps plugin is there. A hard requirement would stop the
    # app whenever an operator disables that plugin.
    after=("roadmaps",),
    blueprints=_blueprints,
    hooks=hooks,
    models=("japa_journal.models",),
    cli=_cli,
    cli_top_level=False,  # only `flask japa-journal stats`: no top-level name to collide
    config={"JAPA_JOURNAL_MAX_ENTRIES": 500},
    migrations=str(Path(__file__).resolve().parent / "migrations"),
)
