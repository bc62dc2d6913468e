"""Production gunicorn settings (``gunicorn wsgi:app --config gunicorn.conf.py``).

gthread workers: each process serves many requests on threads, so requests waiting on a slow
model (I/O) do not starve fast ones such as ``/api/v1/health``. Tune with the env variables.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
control_socket_disable = True
# gunicorn's largest request line (its default is 4094): the longest documented query value
# (a 512-character link token, percent-encoded) must reach the app and get a problem+json
# answer, never gunicorn's own HTML 414.
limit_request_line = 8190
