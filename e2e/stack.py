"""The production stack, started for the end-to-end suite: what a deployer runs, on 127.0.0.1.

A fresh PostgreSQL database, a Redis database of its own, ``flask db upgrade`` and ``flask
seed`` with the **full** ``seed_data/``, an admin made with ``flask create-admin``, then
gunicorn with ``gunicorn.conf.py`` and a real ``flask worker``. Nothing here imports the app:
the suite meets it only over HTTP, as a frontend does. The logs are kept so the suite can fail
on any 5xx in gunicorn's access log and on any traceback in the worker's.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

POSTGRES_URL = os.environ.get("E2E_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/14")
ADMIN_EMAIL = "e2e-admin@example.com"
ADMIN_PASSWORD = "an e2e admin pass phrase"
#: Generous limits: the suite makes several hundred calls from one address, and rate limiting
#: has tests of its own. Everything else is the production default.
LIMITS = {
    "RATELIMIT_ANONYMOUS": "100000/hour",
    "RATELIMIT_USER": "100000/hour",
    "RATELIMIT_PER_ADDRESS": "100000/hour",
    "RATELIMIT_AI": "100000/hour",
    "RATELIMIT_AI_PER_ADDRESS": "100000/hour",
    "RATELIMIT_SESSION_EMAIL": "100000/hour",
    "RATELIMIT_SESSION_EMAIL_PER_ADDRESS": "100000/hour",
    "RATELIMIT_SESSION_EMAIL_PER_RECIPIENT": "100000/hour",
    # Every caller signs in from 127.0.0.1, and the fuzzers send thousands of wrong passwords
    # (with generated e-mails that repeat): sign-in lockout would pause the address and the
    # accounts the admin and user fixtures use. Lockout has its own tests (tests/accounts).
    "LOGIN_FAILURES_PER_ADDRESS": "100000",
    "LOGIN_LOCKOUT_FAILURES": "100000",
    "RATELIMIT_STORIES": "100000/hour",
    "RATELIMIT_STORIES_PER_ADDRESS": "100000/hour",
}


def access_status(line: str) -> int | None:
    """The status of one access-log line (gunicorn.conf.py writes JSON), None if not one."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("logger") != "gunicorn.access":
        return None
    status = entry.get("status")
    return status if isinstance(status, int) else None


STARTUP_SECONDS = 60


class StackUnavailable(RuntimeError):
    """PostgreSQL or Redis is not reachable: the e2e suite cannot prove anything without them."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    """A running stack: where it answers, where it logs, who administers it."""

    workdir: Path
    port: int = field(default_factory=free_port)
    database: str = field(default_factory=lambda: f"japaguide_e2e_{os.getpid()}")
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return f"{POSTGRES_URL}/{self.database}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "gunicorn-access.log"

    @property
    def error_log(self) -> Path:
        return self.workdir / "gunicorn-error.log"

    @property
    def worker_log(self) -> Path:
        return self.workdir / "worker.log"

    @property
    def outbox(self) -> Path:
        return self.workdir / "outbox"

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("FLASK_", "GUNICORN_", "RATELIMIT_", "OPENAI_", "MAIL_"))
        }
        env.update(
            {
                "FLASK_APP": "wsgi:app",
                "SECRET_KEY": secrets.token_urlsafe(48),
                "DATABASE_URL": self.database_url,
                "REDIS_URL": REDIS_URL,
                "JOBS_MODE": "rq",
                "JOBS_QUEUE": f"japaguide-e2e-{os.getpid()}",
                # Plain HTTP on 127.0.0.1, as compose on a laptop: no Secure cookies.
                "SESSION_COOKIE_SECURE": "false",
                "PUBLIC_BASE_URL": self.base_url,
                "MAIL_OUTBOX_DIR": str(self.outbox),
                "MEDIA_ROOT": str(self.workdir / "media"),
                "PRIVATE_MEDIA_ROOT": str(self.workdir / "private_media"),
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_WORKERS": os.environ.get("E2E_GUNICORN_WORKERS", "2"),
                "LOG_LEVEL": "INFO",
                # Set but empty, so a developer's .env cannot switch providers under the suite.
                "OPENAI_API_KEY": "",
                "CLOUDINARY_URL": "",
                "MAIL_SERVER": "",
                **LIMITS,
            }
        )
        return env

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        check_services()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.outbox.mkdir(exist_ok=True)
        self._env = self.environment()
        _flush_redis()
        _psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        _psql(f'CREATE DATABASE "{self.database}"')
        self.flask("db", "upgrade")
        self.flask("seed")
        self.flask("create-admin", ADMIN_EMAIL, "--password", ADMIN_PASSWORD)
        self.processes["worker"] = subprocess.Popen(
            [str(BIN / "flask"), "worker"],
            env=self._env,
            cwd=ROOT,
            stdout=self.worker_log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.processes["gunicorn"] = subprocess.Popen(
            [str(BIN / "gunicorn"), "wsgi:app", "--config", "gunicorn.conf.py"],
            env=self._env,
            cwd=ROOT,
            stdout=self.access_log.open("wb"),
            stderr=self.error_log.open("wb"),
        )
        self._wait_until_healthy()

    def flask(self, *args: str) -> str:
        """Run an operator command against the stack's database; its output, or a loud error."""
        done = subprocess.run(
            [str(BIN / "flask"), *args], env=self._env, cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited at start:\n{self.logs()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v1/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the stack did not become healthy:\n{self.logs()}")

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if os.environ.get("E2E_KEEP_DATABASE") != "1":
            _psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    # --- what the logs say -----------------------------------------------------------------

    def server_errors(self) -> list[str]:
        """Every access-log line whose status is 5xx."""
        if not self.access_log.exists():
            return []
        lines = self.access_log.read_text(errors="replace").splitlines()
        return [
            line for line in lines if (status := access_status(line)) is not None and status >= 500
        ]

    def request_count(self) -> int:
        text = self.access_log.read_text(errors="replace") if self.access_log.exists() else ""
        return sum(1 for line in text.splitlines() if access_status(line) is not None)

    def worker_failures(self) -> list[str]:
        """Tracebacks in the worker's log (RQ logs one for every failed job)."""
        if not self.worker_log.exists():
            return []
        lines = self.worker_log.read_text(errors="replace").splitlines()
        return [line for line in lines if "Traceback" in line]

    def logs(self, tail: int = 60) -> str:
        parts = []
        for path in (self.error_log, self.worker_log):
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-tail:]
                parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts)


def check_services() -> None:
    """Fail with a clear message when PostgreSQL or Redis is not there."""
    missing = []
    if shutil.which("psql") is None:
        missing.append("psql (the PostgreSQL client)")
    else:
        try:
            _psql("SELECT 1")
        except RuntimeError as exc:
            missing.append(f"PostgreSQL at {POSTGRES_URL} ({exc})")
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        missing.append(f"Redis at {REDIS_URL} ({exc})")
    if missing:
        raise StackUnavailable(
            "make e2e needs PostgreSQL and Redis on 127.0.0.1 (E2E_POSTGRES_URL, E2E_REDIS_URL): "
            + "; ".join(missing)
        )


def _psql(sql: str) -> None:
    done = subprocess.run(
        ["psql", f"{POSTGRES_URL}/postgres", "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or done.stdout.strip())


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
