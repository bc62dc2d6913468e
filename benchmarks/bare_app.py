"""The bare Flask route ``make bench`` measures every endpoint against.

Served by the same gunicorn, with the same ``gunicorn.conf.py``, from the same virtualenv as
the real app, so the ratio endpoint ÷ bare isolates what Japaguide's own code costs.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/api/v1/bare")
def bare() -> dict:
    return {"ok": True}
