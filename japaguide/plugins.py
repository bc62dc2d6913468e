"""The plugin host: what a plugin declares, how plugins are found, ordered and wired.

A plugin is a :class:`Plugin` object published in the entry-point group ``japaguide.plugins``.
The built-in features are registered in our own ``setup.cfg`` exactly as a third party would.
Each app builds its own :class:`PluginHost` (kept on ``app.extensions["japaguide.plugins"]``),
so two apps in one process never share state.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

import pluggy
from flask import Blueprint, Flask

from japaguide import hookspecs
from japaguide.settings import check_rate_limits, parse_plugin_value, rate_limit_keys

ENTRY_POINT_GROUP = "japaguide.plugins"
SUPPORTED_API_VERSIONS = frozenset({1})
API_PREFIX = "/api/v1"

hookimpl = pluggy.HookimplMarker("japaguide")
log = logging.getLogger("japaguide.plugins")


class PluginError(RuntimeError):
    """Start-up cannot continue because of a plugin; the message names the plugin."""


@dataclass
class Plugin:
    """What a feature declares to the host.

    ``blueprints`` is a *factory* returning ``[(blueprint, url_prefix), ...]`` where the prefix
    is relative to ``/api/v1`` — a fresh blueprint per app, so app-factory tests never collide.
    ``hooks`` is the module (or object) holding ``@hookimpl`` functions. ``models`` names the
    module(s) to import so their tables join the shared metadata. ``config`` holds defaults that
    environment variables of the same name override.

    ``migrations`` is the folder of the plugin's own Alembic revisions (an absolute path, or
    ``"package:folder"``), applied by ``flask db upgrade`` with the version table
    ``alembic_version_<name>`` (``japaguide.migrations``). ``cli`` returns click commands: each
    is reachable as ``flask <name> <command>``, and also as ``flask <command>`` unless
    ``cli_top_level`` is false; a name two plugins (or a plugin and the host) both claim stops
    start-up.
    """

    name: str
    version: str
    description: str = ""
    api_version: int = 1
    requires: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    blueprints: Callable[[], list[tuple[Blueprint, str]]] | None = None
    hooks: ModuleType | object | None = None
    models: tuple[str, ...] = ()
    cli: Callable[[], Iterable[Any]] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    migrations: str | None = None
    cli_top_level: bool = True

    def __post_init__(self) -> None:
        self.requires = tuple(self.requires)
        self.after = tuple(self.after)
        self.models = tuple(self.models)


def discover_plugins() -> list[Plugin]:
    """Load every ``japaguide.plugins`` entry point; an import error names the plugin."""
    found: list[Plugin] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as exc:  # noqa: BLE001 - re-raised with the plugin's name
            raise PluginError(f"plugin {ep.name!r} ({ep.value}) failed to import: {exc!r}") from exc
        if not isinstance(obj, Plugin):
            raise PluginError(f"entry point {ep.name!r} ({ep.value}) is not a japaguide Plugin")
        if obj.name != ep.name:
            raise PluginError(f"entry point {ep.name!r} publishes a plugin named {obj.name!r}")
        found.append(obj)
    return found


def load_extra_plugins(spec: str | None) -> list[Plugin]:
    """Plugins named in ``JAPAGUIDE_EXTRA_PLUGINS`` (``module:attr,...``), for development of a
    plugin that is not installed yet (and for worker processes in tests)."""
    found: list[Plugin] = []
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        module_name, _, attr = item.strip().partition(":")
        try:
            obj = getattr(importlib.import_module(module_name), attr or "plugin")
        except Exception as exc:  # noqa: BLE001
            raise PluginError(f"extra plugin {item!r} failed to import: {exc!r}") from exc
        if not isinstance(obj, Plugin):
            raise PluginError(f"extra plugin {item!r} is not a japaguide Plugin")
        found.append(obj)
    return found


def dedupe_plugins(plugins: Iterable[Plugin]) -> list[Plugin]:
    """Drop repeats of one plugin (the same object, or an equal declaration).

    ``[*discover_plugins(), my_plugin]`` in a plugin's own test suite lists the plugin twice once
    it is pip-installed; that is one plugin, not a clash. Two *different* plugins with one name
    still stop start-up in :func:`order_plugins`.
    """
    kept: list[Plugin] = []
    for plugin in plugins:
        if not any(plugin is seen or plugin == seen for seen in kept):
            kept.append(plugin)
    return kept


def order_plugins(plugins: list[Plugin]) -> list[Plugin]:
    """Topological order of ``requires`` (hard) and ``after`` (soft); ties broken by name."""
    plugins = dedupe_plugins(plugins)
    by_name: dict[str, Plugin] = {}
    for plugin in plugins:
        if plugin.name in by_name:
            raise PluginError(f"two different plugins are named {plugin.name!r}")
        by_name[plugin.name] = plugin
    for plugin in plugins:
        if plugin.api_version not in SUPPORTED_API_VERSIONS:
            raise PluginError(
                f"plugin {plugin.name!r} targets plugin API version {plugin.api_version}; "
                f"this host supports {sorted(SUPPORTED_API_VERSIONS)}"
            )
        for required in plugin.requires:
            if required not in by_name:
                raise PluginError(
                    f"plugin {plugin.name!r} requires plugin {required!r}, which is not "
                    f"installed or is disabled"
                )
    deps = {p.name: {d for d in (*p.requires, *p.after) if d in by_name} for p in plugins}
    ordered: list[Plugin] = []
    done: set[str] = set()
    while len(ordered) < len(plugins):
        ready = sorted(n for n, d in deps.items() if n not in done and d <= done)
        if not ready:
            cycle = sorted(n for n in deps if n not in done)
            raise PluginError(f"plugins depend on each other in a cycle: {', '.join(cycle)}")
        for name in ready:
            ordered.append(by_name[name])
            done.add(name)
    return ordered


def _isolated(plugin_name: str, hook_name: str, function: Callable[..., Any], host: PluginHost):
    """Wrap one hook implementation so that its failure is the plugin's, not the request's.

    The exception is logged with the plugin's and the hook's names (log fields ``plugin`` and
    ``hook``), counted in ``host.failures`` (shown by ``GET /api/v1/health``), and the call
    answers ``None`` — what an absent plugin answers. Events run after the caller's commit, so
    a failing one's half-done writes are rolled back; so are a contribution's after a database
    error (PostgreSQL refuses every later statement of that transaction).
    """

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a plugin's failure must not fail the host
            host.failures[(plugin_name, hook_name)] += 1
            log.exception(
                "plugin %r: hook %s raised %s; answering as if the plugin were absent",
                plugin_name,
                hook_name,
                type(exc).__name__,
                extra={"plugin": plugin_name, "hook": hook_name},
            )
            _rollback_after(hook_name, exc)
            return None

    return call


def _rollback_after(hook_name: str, exc: Exception) -> None:
    from flask import current_app, has_app_context
    from sqlalchemy.exc import SQLAlchemyError

    if not has_app_context():
        return
    db = current_app.extensions.get("sqlalchemy")  # the app's Flask-SQLAlchemy, no import cycle
    if db is not None and (hook_name in hookspecs.EVENT_HOOKS or isinstance(exc, SQLAlchemyError)):
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the log above already tells the story
            log.exception("rollback after hook %s failed", hook_name)


def _isolating_proxy(plugin: Plugin, host: PluginHost) -> object:
    """The object registered with pluggy for ``plugin``: its hook functions, isolated ones
    wrapped by :func:`_isolated` (markers and signatures kept, so pluggy sees the same hooks)."""
    proxy = type(f"{plugin.name}_hooks", (), {})()
    for attr in dir(plugin.hooks):
        function = getattr(plugin.hooks, attr, None)
        if not callable(function) or not hasattr(function, "japaguide_impl"):
            continue
        options = getattr(function, "japaguide_impl", {}) or {}
        wraps_others = options.get("hookwrapper") or options.get("wrapper")
        if attr in hookspecs.ISOLATED_HOOKS and not wraps_others:
            function = _isolated(plugin.name, attr, function, host)
        setattr(proxy, attr, function)
    return proxy


class PluginHost:
    """The per-app plugin manager: loaded plugins in order, their hooks, their blueprints.

    **One call order for every hook: plugin load order** (``requires``/``after``, then name).
    Plugins are registered with pluggy last-first because pluggy calls implementations
    last-registered-first; so ``host.hook.<name>(...)`` and :meth:`call_in_order` agree.
    """

    def __init__(self, plugins: list[Plugin], disabled: Iterable[str] = ()) -> None:
        self.disabled = sorted(set(disabled))
        enabled = [p for p in plugins if p.name not in self.disabled]
        self.plugins = order_plugins(enabled)
        self.pm = pluggy.PluginManager("japaguide")
        self.pm.add_hookspecs(hookspecs)
        self.blueprints: dict[str, list[str]] = {}
        self.failures: Counter[tuple[str, str]] = Counter()
        for plugin in self.plugins:
            for module in plugin.models:
                try:
                    importlib.import_module(module)
                except Exception as exc:  # noqa: BLE001
                    raise PluginError(
                        f"plugin {plugin.name!r}: models module {module!r} failed: {exc!r}"
                    ) from exc
        for plugin in reversed(self.plugins):
            if plugin.hooks is not None:
                self.pm.register(_isolating_proxy(plugin, self), name=plugin.name)
        for name in self.disabled:
            self.pm.set_blocked(name)
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            failed = (self.pm.get_name(exc.plugin) if exc.plugin else None) or "?"
            raise PluginError(f"plugin {failed!r}: {exc}") from exc

    @property
    def hook(self) -> Any:
        return self.pm.hook

    def call_in_order(self, hook_name: str, **kwargs: Any) -> list[Any]:
        """Call a hook's implementations in plugin load order, collecting every result
        (``None`` included, one per implementation) — e.g. ``seed_data``: countries before
        visas. The same order as ``host.hook.<name>(...)``, which drops ``None``."""
        caller = getattr(self.pm.hook, hook_name)
        return [
            impl.function(**{name: kwargs[name] for name in impl.argnames})
            for impl in reversed(caller.get_hookimpls())  # registered last-first
        ]

    def failures_of(self, plugin_name: str) -> dict[str, int]:
        """``{hook: failures}`` of one plugin since start-up (isolated hooks only)."""
        return {h: n for (p, h), n in sorted(self.failures.items()) if p == plugin_name}

    def get(self, name: str) -> Plugin | None:
        return next((p for p in self.plugins if p.name == name), None)

    def apply_config_defaults(
        self, app: Flask, explicit: set[str], environ: dict[str, str]
    ) -> None:
        """Merge each plugin's config defaults under the environment and explicit overrides.

        An environment value is parsed to its default's type; one that does not parse, or a
        ``RATELIMIT_*`` string that is not a limit, stops start-up naming the variable.
        """
        defaults: dict[str, Any] = {}
        for plugin in self.plugins:
            for key, default in plugin.config.items():
                defaults[key] = default
                if key in explicit:
                    continue
                if environ.get(key) not in (None, ""):
                    app.config[key] = parse_plugin_value(key, environ[key], default)
                else:
                    app.config.setdefault(key, default)
        check_rate_limits(app.config, rate_limit_keys(app.config, defaults))

    def mount(self, app: Flask, api: Any) -> None:
        """Register every plugin's blueprints under ``/api/v1``; a shared prefix is an error."""
        claimed: dict[str, str] = {}
        for plugin in self.plugins:
            if plugin.blueprints is None:
                continue
            names: list[str] = []
            for blueprint, prefix in plugin.blueprints():
                url_prefix = API_PREFIX + prefix
                if url_prefix in claimed:
                    raise PluginError(
                        f"plugins {claimed[url_prefix]!r} and {plugin.name!r} both claim the "
                        f"URL prefix {url_prefix!r}"
                    )
                claimed[url_prefix] = plugin.name
                register = api.register_blueprint
                if hasattr(blueprint, "_docs"):
                    register(blueprint, url_prefix=url_prefix)
                else:
                    app.register_blueprint(blueprint, url_prefix=url_prefix)
                names.append(blueprint.name)
            self.blueprints[plugin.name] = names
        self._check_duplicate_rules(app)

    @staticmethod
    def _check_duplicate_rules(app: Flask) -> None:
        seen: dict[tuple[str, str], str] = {}
        for rule in app.url_map.iter_rules():
            for method in rule.methods or ():
                if method in {"HEAD", "OPTIONS"}:
                    continue
                key = (rule.rule, method)
                if key in seen and seen[key] != rule.endpoint:
                    raise PluginError(
                        f"{method} {rule.rule} is registered twice: by {seen[key]!r} and "
                        f"{rule.endpoint!r}"
                    )
                seen[key] = rule.endpoint

    def hooks_of(self, plugin: Plugin) -> list[str]:
        """Names of the hooks a plugin implements (for ``flask plugins``)."""
        registered = self.pm.get_plugin(plugin.name)
        if registered is None:
            return []
        return sorted(
            impl_name
            for impl_name, caller in vars(self.pm.hook).items()
            if not impl_name.startswith("_")
            and any(impl.plugin_name == plugin.name for impl in caller.get_hookimpls())
        )


def get_host(app: Flask) -> PluginHost:
    return app.extensions["japaguide.plugins"]
