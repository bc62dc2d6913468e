"""The Alembic environment of every plugin's own history (``japaguide.migrations``).

A plugin ships only its revision files; this environment runs them on the app's engine with
the plugin's version table ``alembic_version_<plugin>``, and autogenerate compares the
plugin's own tables only (the host's and other plugins' are invisible to it).
"""

from alembic import context
from flask import current_app

from japaguide.extensions import db
from japaguide.migrations import plugin_include_object, version_table

config = context.config
plugin = config.attributes["japaguide_plugin"]


def _skip_empty_autogenerate(context, revision, directives):  # noqa: ANN001
    """``flask db migrate --plugin NAME`` with no change writes no empty revision."""
    if not config.attributes.get("japaguide_new_revision"):
        return  # `flask db check --plugin NAME`: alembic reads the directives itself
    script = directives[0]
    if script.upgrade_ops is not None and script.upgrade_ops.is_empty():
        directives[:] = []


def _options() -> dict:
    return {
        "target_metadata": db.metadata,
        "version_table": version_table(plugin.name),
        "include_object": plugin_include_object(plugin),
        "compare_type": True,
        "render_as_batch": True,
    }


def run_migrations_offline() -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, literal_binds=True, **_options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    with db.engine.connect() as connection:
        context.configure(
            connection=connection,
            process_revision_directives=_skip_empty_autogenerate,
            **_options(),
        )
        with context.begin_transaction():
            context.run_migrations()


assert current_app, "plugin migrations run inside the app (flask db ... --plugin NAME)"
if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
