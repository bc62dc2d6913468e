"""Shared test setup. The japaguide pytest plugin (japaguide/testing.py) provides app, client,
other_client, runner and count_queries; this adds the small seed dataset in tests/fixtures."""

from pathlib import Path

import pytest
from flask_jwt_extended import create_access_token

FIXTURE_SEED = Path(__file__).parent / "fixtures" / "seed"


@pytest.fixture
def app_config(app_config):
    """The kit's settings, with the AI plugin offline whatever the developer's environment says
    (the AI tests that want a model use the ``fake_openai`` fixture of tests/ai)."""
    return {**app_config, "OPENAI_API_KEY": None}


@pytest.fixture
def seeded(app, runner):
    """Countries CAN/DEU/GBR, rates, two Canadian visas, pre-departure costs."""
    result = runner.invoke(args=["seed", "--dir", str(FIXTURE_SEED)])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def make_user(app):
    """Create a user row and return (user_id, auth headers)."""
    from japaguide.extensions import db
    from japaguide.models import User

    def make(email="ada@example.com", is_admin=False):
        with app.app_context():
            user = User(email=email, password_hash=None, is_admin=is_admin)
            db.session.add(user)
            db.session.commit()
            token = create_access_token(identity=str(user.id))
            return user.id, {"Authorization": f"Bearer {token}"}

    return make
