"""One Alembic history per plugin, as Indico and CKAN do it, beside the host's own.

**Who owns a table.** The host's history (``migrations/``) creates the tables of the host
(``japaguide``) and of the in-tree feature plugins (the ``plugins`` package of this
repository): they shipped together from the first revision, and existing databases carry them
under the single ``alembic_version`` table, so they stay there. Every other plugin — any
package installed beside japaguide — owns the tables of the models its ``Plugin.models``
modules map, and ships their history in ``Plugin(migrations=...)``, a folder of revision files
applied with its own version table ``alembic_version_<plugin>``.

**What runs them.** ``flask db upgrade`` applies the host's history, then each enabled
plugin's in load order; ``--plugin NAME`` applies one plugin's only. ``downgrade``, ``current``,
``history``, ``heads``, ``stamp``, ``check``, ``migrate`` and ``revision`` take ``--plugin NAME``
too (``flask db migrate --plugin NAME -m "..."`` autogenerates a plugin's next revision against
its own tables only). Plugin histories share the host's environment
(``japaguide/plugin_migrations/env.py``) so a plugin folder holds revision files and nothing
else; a plugin's first revision may reference host tables (``users.id``) because the host's
history always runs first.

**Isolation of histories.** The host's ``migrations/env.py`` calls :func:`host_include_object`:
autogenerate and ``flask db check`` on the host neither create nor drop a plugin's tables, nor
the ``alembic_version_<plugin>`` tables; a plugin's environment sees only that plugin's tables.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from alembic import command as alembic_command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import with_appcontext

from japaguide.plugins import Plugin, PluginError, discover_plugins, get_host

HOST_PACKAGES = ("japaguide", "plugins")
VERSION_TABLE_PREFIX = "alembic_version"
PLUGIN_ENV_DIR = Path(__file__).resolve().parent / "plugin_migrations"
PLUGIN_OPTION_HELP = "Run this on one plugin's own history instead (its alembic_version_<name>)."


def version_table(plugin_name: str) -> str:
    return f"{VERSION_TABLE_PREFIX}_{plugin_name}"


def migrations_dir(plugin: Plugin) -> Path:
    """The folder of a plugin's revision files: an absolute path or ``"package:folder"``."""
    assert plugin.migrations is not None
    spec = plugin.migrations
    if ":" in spec and not Path(spec).is_absolute() and not Path(spec).exists():
        package, _, folder = spec.partition(":")
        path = Path(str(importlib.resources.files(package).joinpath(folder)))
    else:
        path = Path(spec)
    if not path.is_dir():
        raise PluginError(f"plugin {plugin.name!r}: migrations folder {str(path)!r} does not exist")
    return path


def _module_of_table(db: Any) -> dict[str, str]:
    """``{table name: module of the class mapping it}`` for every mapped table."""
    modules: dict[str, str] = {}
    for mapper in db.Model.registry.mappers:
        for table in mapper.tables:
            modules.setdefault(table.name, mapper.class_.__module__)
    return modules


def _in_modules(module: str, roots: Iterable[str]) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def is_host_table(table_name: str, db: Any) -> bool:
    """A table of the host's history: mapped by a class of the host or an in-tree plugin (or
    an unmapped table of the host's metadata that no plugin claims in ``table.info``)."""
    table = db.metadata.tables.get(table_name)
    if table is not None and table.info.get("plugin"):
        return False
    module = _module_of_table(db).get(table_name)
    if module is None:
        return table is not None
    return _in_modules(module, HOST_PACKAGES)


def plugin_tables(plugin: Plugin, db: Any) -> set[str]:
    """The tables a plugin owns: mapped by classes of its ``models`` modules (or tagged
    ``info={"plugin": name}``)."""
    owned = {
        name for name, module in _module_of_table(db).items() if _in_modules(module, plugin.models)
    }
    owned |= {t.name for t in db.metadata.tables.values() if t.info.get("plugin") == plugin.name}
    return owned


def _import_installed_models() -> None:
    """Import the models of every *installed* plugin, enabled or not, so the host's check
    recognises a disabled plugin's tables in the database as not its own (and never offers to
    drop them)."""
    import importlib

    try:
        installed = discover_plugins()
    except PluginError:
        return
    for plugin in installed:
        for module in plugin.models:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - start-up reports broken enabled plugins loudly
                continue


def host_include_object(app: Flask) -> Callable[..., bool]:
    """Alembic ``include_object`` of the host's environment: only the host history's tables."""
    from japaguide.extensions import db

    _import_installed_models()

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        if table is None:
            return True
        table_name = table.name
        if table_name.startswith(VERSION_TABLE_PREFIX + "_"):
            return False
        if table_name in db.metadata.tables:
            return is_host_table(table_name, db)
        return True  # in the database only: a host table the models dropped

    return include


def plugin_include_object(plugin: Plugin) -> Callable[..., bool]:
    """Alembic ``include_object`` of a plugin's environment: that plugin's tables only."""
    from japaguide.extensions import db

    owned = plugin_tables(plugin, db)

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is None or table.name in owned

    return include


def plugin_config(plugin: Plugin) -> Config:
    """An Alembic config for one plugin: the host's plugin environment, the plugin's revision
    folder, its own version table (read by ``plugin_migrations/env.py``)."""
    config = Config()
    config.set_main_option("script_location", str(PLUGIN_ENV_DIR))
    config.set_main_option("version_locations", str(migrations_dir(plugin)))
    config.set_main_option("path_separator", "os")
    config.attributes["japaguide_plugin"] = plugin
    return config


def migrating_plugins(app: Flask) -> list[Plugin]:
    """Enabled plugins with their own history, in load order."""
    return [p for p in get_host(app).plugins if p.migrations is not None]


def get_migrating_plugin(app: Flask, name: str) -> Plugin:
    plugin = get_host(app).get(name)
    if plugin is None:
        raise click.ClickException(f"no enabled plugin is named {name!r}")
    if plugin.migrations is None:
        host_side = any(_in_modules(m, HOST_PACKAGES) for m in plugin.models)
        where = "the host's history (migrations/)" if host_side else "no migrations"
        raise click.ClickException(f"plugin {name!r} has no history of its own: {where}")
    return plugin


def upgrade_all(app: Flask, revision: str = "head") -> None:
    """The host's history to ``revision``, then every enabled plugin's to its heads."""
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade(revision=revision)
        for plugin in migrating_plugins(app):
            alembic_command.upgrade(plugin_config(plugin), "heads")


def upgrade_plugin(app: Flask, name: str, revision: str = "heads") -> None:
    with app.app_context():
        alembic_command.upgrade(plugin_config(get_migrating_plugin(app, name)), revision)


def downgrade_plugin(app: Flask, name: str, revision: str = "base") -> None:
    with app.app_context():
        alembic_command.downgrade(plugin_config(get_migrating_plugin(app, name)), revision)


# ---------------------------------------------------------------- `flask db` with --plugin


def _plugin_variant(name: str, config: Config, kwargs: dict[str, Any]) -> None:
    """Run command ``name`` of Alembic on a plugin's history; an error names the plugin."""
    from alembic.util import CommandError

    plugin = config.attributes["japaguide_plugin"]
    try:
        _run_plugin_variant(name, config, kwargs)
    except CommandError as exc:
        message = f"plugin {plugin.name!r} ({version_table(plugin.name)}): {exc}"
        raise click.ClickException(message) from exc


def _run_plugin_variant(name: str, config: Config, kwargs: dict[str, Any]) -> None:
    k = kwargs
    if name == "upgrade":
        revision = "heads" if k["revision"] == "head" else k["revision"]
        alembic_command.upgrade(config, revision, sql=k["sql"], tag=k["tag"])
    elif name == "downgrade":
        alembic_command.downgrade(config, k["revision"], sql=k["sql"], tag=k["tag"])
    elif name == "current":
        alembic_command.current(config, verbose=k["verbose"])
    elif name == "history":
        alembic_command.history(
            config, k["rev_range"], verbose=k["verbose"], indicate_current=k["indicate_current"]
        )
    elif name == "heads":
        alembic_command.heads(
            config, verbose=k["verbose"], resolve_dependencies=k["resolve_dependencies"]
        )
    elif name == "stamp":
        alembic_command.stamp(config, k["revision"], sql=k["sql"], tag=k["tag"], purge=k["purge"])
    elif name == "check":
        alembic_command.check(config)
    elif name in {"migrate", "revision"}:
        config.attributes["japaguide_new_revision"] = True
        alembic_command.revision(
            config,
            message=k["message"],
            autogenerate=True if name == "migrate" else k["autogenerate"],
            sql=k["sql"],
            head=k["head"],
            splice=k["splice"],
            branch_label=k["branch_label"],
            version_path=k["version_path"],
            rev_id=k["rev_id"],
        )


PLUGIN_AWARE: tuple[str, ...] = ("upgrade", "downgrade", "current", "history", "heads", "stamp")
PLUGIN_AWARE += ("check", "migrate", "revision")


def _with_plugin_option(name: str, original: click.Command) -> click.Command:
    """``original`` (Flask-Migrate's command) plus ``--plugin NAME``. Without the option,
    ``upgrade`` and ``check`` also cover every enabled plugin's history after the host's."""
    callback = original.callback
    assert callback is not None

    @wraps(callback)
    def run(plugin: str | None, **kwargs: Any) -> None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        if plugin:
            _plugin_variant(name, plugin_config(get_migrating_plugin(app, plugin)), kwargs)
            return
        callback(**kwargs)
        if name == "upgrade" and not kwargs["sql"] and kwargs["revision"] == "head":
            for each in migrating_plugins(app):
                click.echo(f"plugin {each.name}: upgrading {version_table(each.name)}")
                _plugin_variant(name, plugin_config(each), kwargs)
        elif name == "check":
            for each in migrating_plugins(app):
                _plugin_variant(name, plugin_config(each), kwargs)

    option = click.Option(["--plugin", "-p"], default=None, metavar="NAME", help=PLUGIN_OPTION_HELP)
    doc = (original.help or "").strip()
    if name in {"upgrade", "check"}:
        doc += " (the host's history, then every enabled plugin's; --plugin NAME: one plugin's)"
    return click.Command(
        name,
        params=[*original.params, option],
        callback=with_appcontext(run),
        help=doc,
        short_help=original.short_help,
    )


def make_db_group() -> click.Group:
    """Flask-Migrate's ``flask db`` group with per-plugin histories (replaces it per app)."""
    from flask_migrate.cli import db as flask_migrate_db

    group = click.Group(
        "db",
        params=list(flask_migrate_db.params),
        callback=flask_migrate_db.callback,
        help=(flask_migrate_db.help or "")
        + " Plugins with their own history: --plugin NAME (see japaguide.migrations).",
    )
    for name, cmd in flask_migrate_db.commands.items():
        group.add_command(_with_plugin_option(name, cmd) if name in PLUGIN_AWARE else cmd, name)
    return group
