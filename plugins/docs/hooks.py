"""Hook implementations of the docs plugin."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl


@hookimpl
def register_jobs() -> dict[str, Any]:
    from plugins.docs.services import render_roadmap_export, write_with_ai

    return {
        "docs.generate_document": write_with_ai,
        "docs.generate_roadmap_pdf": render_roadmap_export,
    }


@hookimpl
def job_failed(name: str, args: list[Any], job_id: str, error: str) -> None:
    from plugins.docs.services import settle_failed_job

    settle_failed_job(name, args, error)


@hookimpl
def seed_data(app: Any, seed_dir: str, echo: Any) -> dict[str, Any] | None:
    from pathlib import Path

    from plugins.docs.seeding import seed_templates

    path = Path(seed_dir) / "document_templates.json"
    if not path.exists():
        return None
    counts = seed_templates(path)
    echo(
        f"document templates: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['routes']} route links"
    )
    return {"plugin": "docs", "document_templates": counts}


@hookimpl
def register_admin_views(admin: Any, app: Any) -> None:
    from plugins.docs.admin import register

    register(admin)
