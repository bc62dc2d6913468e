"""The e-mailed session link: a job sends it, it opens the frontend's restore page with the
API's URL beside it, and the token itself is never stored with the job."""

import pytest
from sqlalchemy import select

from japaguide.extensions import db
from japaguide.models import JobRun
from tests.session.links import mail_link, newest_mail_text


@pytest.fixture
def app_config(app_config):
    return {**app_config, "FRONTEND_BASE_URL": "https://app.example.com/"}


def test_the_link_opens_the_frontend_restore_page_with_the_api_link_beside(client, app):
    client.post("/api/v1/notes/", json={"text": "plan"})
    token = mail_link(client, app)
    text = newest_mail_text(app)
    assert f"https://app.example.com/restore?token={token}" in text
    assert f"{app.config['PUBLIC_BASE_URL']}/api/v1/session/restore/?token={token}" in text
    assert client.get(f"/api/v1/session/restore/?token={token}").status_code == 200


def test_the_mail_is_sent_by_a_job_that_never_stores_the_token(client, app):
    client.post("/api/v1/notes/", json={"text": "plan"})
    token = mail_link(client, app)
    with app.app_context():
        run = db.session.scalar(select(JobRun).where(JobRun.name == "session.send_link_mail"))
        assert run is not None and run.status == "finished"
        assert token not in str(run.args)


def test_without_a_frontend_the_link_is_the_api_url(client, app):
    app.config["FRONTEND_BASE_URL"] = None
    client.post("/api/v1/notes/", json={"text": "plan"})
    token = mail_link(client, app)
    text = newest_mail_text(app)
    assert "/restore?token=" not in text.replace("/session/restore/?token=", "")
    assert f"/api/v1/session/restore/?token={token}" in text
