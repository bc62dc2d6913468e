"""Editors: templates in Flask-Admin with a sandboxed preview; hostile templates refused."""

import json

import pytest
from sqlalchemy import select

from tests.admin_tools.test_admin import PASSWORD, csrf, sign_in


@pytest.fixture
def admin_user(app, runner):
    result = runner.invoke(args=["create-admin", "editor@example.com", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    return "editor@example.com"


def test_preview_renders_a_stored_template_against_its_example(client, docs_seeded, admin_user):
    from japaguide.extensions import db
    from plugins.docs.models import DocumentTemplate

    with docs_seeded.app_context():
        template_id = db.session.scalar(
            select(DocumentTemplate.id).where(DocumentTemplate.slug == "invitation-letter-visit")
        )
    sign_in(client, admin_user)
    page = client.get(f"/admin/documenttemplate/preview/?id={template_id}").get_data(as_text=True)
    assert "Letter of invitation for Mrs Ngozi Eze" in page
    assert "[HOST&#39;S PHONE NUMBER]" in page  # not in the example: shown as its placeholder


def test_preview_reports_a_hostile_template(client, admin_user):
    sign_in(client, admin_user)
    page = client.get("/admin/documenttemplate/").get_data(as_text=True)
    response = client.post(
        "/admin/documenttemplate/preview/",
        data={
            "csrf_token": csrf(page) if "csrf_token" in page else "",
            "content_template": "{{ ''.__class__.__mro__ }}",
            "fields": "[]",
            "example_fields": "{}",
        },
    )
    assert "Template error" in response.get_data(as_text=True)


def _save(client, slug, content):
    form_page = client.get("/admin/documenttemplate/new/").get_data(as_text=True)
    return client.post(
        "/admin/documenttemplate/new/",
        data={
            "csrf_token": csrf(form_page),
            "slug": slug,
            "name": slug.title(),
            "template_type": "cover_letter",
            "description": "",
            "content_template": content,
            "fields": "[]",
            "example_fields": json.dumps({}),
            "sources": "[]",
            "is_active": "y",
        },
    )


def test_saving_a_hostile_template_is_refused(client, app, admin_user):
    from japaguide.extensions import db
    from plugins.docs.models import DocumentTemplate

    sign_in(client, admin_user)
    _save(client, "kind", "Dear {{ route.name or 'officer' }}, thank you.")
    _save(client, "evil", "{% for i in range(10**9) %}x{% endfor %}")
    with app.app_context():
        slugs = set(db.session.scalars(select(DocumentTemplate.slug)))
    assert "kind" in slugs and "evil" not in slugs
