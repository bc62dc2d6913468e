"""Japaguide: the Flask host. It knows no feature; plugins bring them.

``create_app()`` (``japaguide/factory.py``) reads the configuration, discovers the plugins
(entry points ``japaguide.plugins``), wires the extensions and mounts every plugin's blueprints
under ``/api/v1``.
"""

from __future__ import annotations

from japaguide.factory import create_app

__version__ = "0.1.0"

__all__ = ["create_app"]
