"""The ``docs`` plugin: the Document Builder (brief Phase 2).

Editable letter templates with typed fields (statement of purpose, cover letter, sponsor
letter, letters of explanation, employer reference, invitation), generated documents owned by
the requester (anonymous or signed in) as text, markdown or PDF, and roadmap PDF exports.
"""

from __future__ import annotations

from japaguide.plugins import Plugin
from plugins.docs import hooks


def _blueprints():  # noqa: ANN202
    from plugins.docs.routes import make_blueprints

    return make_blueprints()


plugin = Plugin(
    name="docs",
    version="1.0.0",
    description="Document Builder: letters from typed templates as text or PDF; roadmap PDFs.",
    requires=("countries", "visas", "roadmaps", "ai"),
    after=("timeline",),
    blueprints=_blueprints,
    hooks=hooks,
    models=("plugins.docs.models",),
    config={
        "RATELIMIT_DOCS_GENERATE": "30/hour",
        "RATELIMIT_DOCS_GENERATE_PER_ADDRESS": "60/hour",
    },
)
