"""Production gunicorn settings (``gunicorn wsgi:app --config gunicorn.conf.py``).

gthread workers: each process serves many requests on threads, so requests waiting on a slow
model (I/O) do not starve fast ones such as ``/api/v1/health``. Tune with the env variables
(declared, typed and validated in ``japaguide/settings.py``: a bad value stops start-up).

Logs: every line is JSON in the app's format (``japaguide.logs``). gunicorn's access log (one
line per request: ``remote``, ``method``, ``path``, ``status``, ``bytes``, ``duration_ms``,
``request_id``) goes to stdout; its error log and the app's lines (one ``request`` line per
request with the route and owner kind) to stderr.
"""

from japaguide.settings import load_settings

_settings = load_settings()

bind = _settings.GUNICORN_BIND
workers = _settings.GUNICORN_WORKERS
worker_class = "gthread"
threads = _settings.GUNICORN_THREADS
timeout = _settings.GUNICORN_TIMEOUT
graceful_timeout = 30
keepalive = 5
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
control_socket_disable = True
# gunicorn's largest request line (its default is 4094): the longest documented query value
# (a 512-character link token, percent-encoded) must reach the app and get a problem+json
# answer, never gunicorn's own HTML 414.
limit_request_line = 8190

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "japaguide.logs.json_formatter"},
        "access_json": {"()": "japaguide.logs.access_json_formatter"},
    },
    "filters": {"request_id": {"()": "japaguide.logs.RequestIdFilter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        },
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "access_json",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": _settings.LOG_LEVEL, "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}
