# Japaguide API image: slim Python 3.11, non-root, gunicorn (gthread workers: a slow model call
# holds a thread, not a whole worker, so /api/v1/health stays fast).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    FLASK_APP=wsgi:app

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
RUN pip install --no-deps -e . \
    && useradd --create-home --uid 10001 japaguide \
    && mkdir -p /app/instance/private_media \
    && chown -R japaguide:japaguide /app/instance

USER japaguide
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status == 200 else 1)"

CMD ["gunicorn", "wsgi:app", "--config", "gunicorn.conf.py"]
