"""Japaguide: the Flask host. It knows no feature; plugins bring them.

``create_app()`` reads the configuration, discovers the plugins (entry points
``japaguide.plugins``), wires the extensions and mounts every plugin's blueprints under
``/api/v1``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any

from flask import Flask

from japaguide.config import finalise_config, load_config
from japaguide.plugins import Plugin, PluginHost, discover_plugins, load_extra_plugins
from japaguide.proxies import trust_proxies

__version__ = "0.1.0"


def create_app(
    config: dict[str, Any] | None = None, plugins: Iterable[Plugin] | None = None
) -> Flask:
    """Build an app.

    ``config`` overrides settings (tests, embedding); ``plugins`` replaces entry-point
    discovery, so tests and third-party repositories need no installed entry points.
    """
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    explicit = dict(config or {})
    app.config.update(load_config(app.instance_path))
    app.config.update(explicit)
    finalise_config(app.config)
    trust_proxies(app)
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    if plugins is not None:
        found = list(plugins)
    else:
        found = discover_plugins() + load_extra_plugins(os.environ.get("JAPAGUIDE_EXTRA_PLUGINS"))
    host = PluginHost(found, disabled=app.config["JAPAGUIDE_DISABLED_PLUGINS"])
    app.extensions["japaguide.plugins"] = host
    host.apply_config_defaults(app, set(explicit), dict(os.environ))

    from japaguide.extensions import init_extensions

    init_extensions(app, host)
    host.hook.japaguide_app_ready(app=app)
    return app
