import pytest
from flask_jwt_extended import create_access_token

from japaguide.plugins import discover_plugins
from tests.host.sample_plugin import notes_plugin


@pytest.fixture
def japaguide_plugins():
    return [*discover_plugins(), notes_plugin]


@pytest.fixture
def make_user(app):
    """Create a user row directly and return (user_id, auth headers)."""
    from japaguide.extensions import db
    from japaguide.models import User

    def make(email="ada@example.com"):
        with app.app_context():
            user = User(email=email, password_hash=None)
            db.session.add(user)
            db.session.commit()
            token = create_access_token(identity=str(user.id))
            return user.id, {"Authorization": f"Bearer {token}"}

    return make
