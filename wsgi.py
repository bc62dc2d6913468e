"""WSGI entry point: ``gunicorn wsgi:app`` (and ``FLASK_APP=wsgi:app``)."""

from dotenv import load_dotenv

load_dotenv()

from japaguide import create_app  # noqa: E402 - the environment must be loaded first

app = create_app()
