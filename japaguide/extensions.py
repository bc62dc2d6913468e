"""Extension objects, created once and bound to each app by the factory (``factory.wire``).

`db`, `migrate`, `jwt` and `cache` are the usual module-level Flask extension objects (they
keep per-app state in ``app.extensions``). The limiter, the OpenAPI ``Api`` and the Flask-Admin
``Admin`` hold per-instance state, so the factory builds one of each per app
(``app.extensions["limiter"|"api"|"admin"]``). This module holds objects only: it imports no
other part of the host but the declarative base, so anything may import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_caching import Cache
from flask_jwt_extended import JWTManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from japaguide.database import Base

db = SQLAlchemy(model_class=Base)

# The models' base class. ``db.Model`` is built at run time, so a type checker cannot use it as
# a base; to it, our models derive from the declarative base that ``db.Model`` extends.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate(compare_type=True, render_as_batch=True)
jwt = JWTManager()
cache = Cache()
