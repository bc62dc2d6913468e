"""The pieces of the benchmarks: services, the served app, chats, probes and samples, figures.

Kept apart from ``slow_model.py`` so the benchmark itself reads as what it measures.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432"
DEFAULT_DATABASE = os.environ.get("BENCH_DATABASE_NAME") or "japaguide_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
#: Chats of one run never hit answers cached (in Redis) by an earlier run.
RUN_ID = uuid.uuid4().hex[:8]
STARTUP_SECONDS = 60
SETTLE_SECONDS = 5

IDLE_IN_TRANSACTION = """
    SELECT count(*) FILTER (WHERE state LIKE 'idle in transaction%%'), count(*)
    FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
"""


def progress(step: str) -> None:
    """What the benchmark is doing, on stderr (the figures go to stdout)."""
    print(f"… {step}", file=sys.stderr, flush=True)


class BenchError(RuntimeError):
    """The benchmark cannot run (a service is missing, a port is taken, the app did not start)."""


@dataclass
class Sample:
    """One measurement; ``in_wait`` when every unfinished chat was waiting on the model."""

    value: float | None
    in_wait: bool
    extra: int | None = None


@dataclass
class ChatOutcome:
    ok: bool
    seconds: float
    reason: str = ""


def _conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@dataclass
class BenchServices:
    database_url: str
    redis_url: str
    owns_database: bool

    @classmethod
    def from_env(cls) -> BenchServices:
        given = os.environ.get("BENCH_DATABASE_URL")
        return cls(
            database_url=given or f"{DEFAULT_SERVER_URL}/{DEFAULT_DATABASE}",
            redis_url=os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL,
            owns_database=not given,
        )

    @property
    def safe_database_url(self) -> str:
        parts = urlsplit(self.database_url)
        host = parts.hostname or ""
        netloc = f"{parts.username + '@' if parts.username else ''}{host}"
        return urlunsplit(parts._replace(netloc=f"{netloc}:{parts.port or 5432}"))

    def _maintenance_url(self) -> str:
        return urlunsplit(urlsplit(_conninfo(self.database_url))._replace(path="/postgres"))

    def check(self) -> None:
        """Both services answer, or a BenchError that says which one and how to point at it."""
        import psycopg
        import redis

        target = self._maintenance_url() if self.owns_database else self.database_url
        try:
            psycopg.connect(_conninfo(target), connect_timeout=3).close()
        except psycopg.Error as exc:
            raise BenchError(
                f"PostgreSQL is not reachable at {self.safe_database_url} ({exc}). "
                "Start it or set BENCH_DATABASE_URL."
            ) from exc
        try:
            redis.Redis.from_url(self.redis_url, socket_timeout=2, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            raise BenchError(
                f"Redis is not reachable at {self.redis_url} ({exc}). "
                "Start it or set BENCH_REDIS_URL."
            ) from exc

    @contextlib.contextmanager
    def bench_database(self) -> Iterator[None]:
        """A fresh database for the run, dropped afterwards (a given BENCH_DATABASE_URL is kept)."""
        if not self.owns_database:
            yield
            return
        progress(f"creating database {DEFAULT_DATABASE}")
        self._admin(f'DROP DATABASE IF EXISTS "{DEFAULT_DATABASE}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{DEFAULT_DATABASE}"')
        try:
            yield
        finally:
            self._admin(f'DROP DATABASE IF EXISTS "{DEFAULT_DATABASE}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(_conninfo(self._maintenance_url()), autocommit=True) as conn:
            conn.execute(statement)

    def app_env(self, *, port: int, model_url: str, model_timeout: float) -> dict[str, str]:
        """The production environment, pointed at the bench services and the fake model."""
        return {
            **os.environ,
            "FLASK_APP": "wsgi:app",
            "FLASK_DEBUG": "0",
            "JAPAGUIDE_TESTING": "0",
            "SECRET_KEY": "bench-secret-key-long-enough-for-hs256-signing-" + RUN_ID,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "OPENAI_API_KEY": "sk-bench",
            "OPENAI_BASE_URL": model_url,
            "OPENAI_TIMEOUT_SECONDS": str(model_timeout),
            "RATELIMIT_ENABLED": "false",  # 40 chats from one address must not be refused
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "LOG_LEVEL": "WARNING",
        }

    def sample_activity(
        self, samples: list[Sample], in_wait: Callable[[], bool], done: Event, every: float
    ) -> None:
        """Count idle-in-transaction connections of the bench database until ``done``."""
        import psycopg

        with psycopg.connect(_conninfo(self.database_url), autocommit=True) as conn:
            while not done.is_set():
                before = in_wait()
                idle, total = conn.execute(IDLE_IN_TRANSACTION).fetchone()
                samples.append(Sample(idle, before and in_wait(), extra=total))
                time.sleep(every)


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        raise BenchError(f"{name} is not installed in this virtualenv (run `make install`)")
    return path


def check_port_free(port: int) -> None:
    with socket.socket() as s:
        # Like gunicorn: connections of an earlier run left in TIME_WAIT do not take the port.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            raise BenchError(f"port {port} is taken; set BENCH_PORT to a free one") from exc


@contextlib.contextmanager
def serve_app(env: dict[str, str], root: Path, workdir: Path) -> Iterator[str]:
    """Migrate, load the full seed, run gunicorn with the production config; its base URL."""
    prepare_database(env, root)
    with gunicorn("wsgi:app", env, root, workdir / "gunicorn.log") as (base, _server):
        yield base


def prepare_database(env: dict[str, str], root: Path) -> None:
    """``flask db upgrade`` and the full ``flask seed`` against the bench database."""
    flask = _tool("flask")
    for args in (["db", "upgrade"], ["seed"]):
        progress(f"flask {' '.join(args)}")
        done = subprocess.run(
            [flask, *args], env=env, cwd=root, capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            raise BenchError(f"flask {' '.join(args)} failed:\n{done.stderr[-2000:]}")


@contextlib.contextmanager
def gunicorn(
    app_spec: str, env: dict[str, str], root: Path, log_path: Path
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``gunicorn <app_spec> --config gunicorn.conf.py`` on GUNICORN_BIND; (base URL, server)."""
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    check_port_free(port)
    progress(f"gunicorn {app_spec} --config gunicorn.conf.py on :{port}")
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [_tool("gunicorn"), app_spec, "--config", "gunicorn.conf.py"],
            env=env,
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    health_path = env.get("BENCH_UP_PATH", "/api/v1/health")
    try:
        _wait_until_up(base, server, log_path, health_path)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def _wait_until_up(
    base: str, server: subprocess.Popen, log_path: Path, path: str = "/api/v1/health"
) -> None:
    """Health answers, then a settling time: gunicorn's workers boot side by side, and a chat
    burst that found only the first one up would measure a half-started server."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited:\n{log_path.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{base}{path}", timeout=2).read()
            time.sleep(SETTLE_SECONDS)
            return
        time.sleep(0.2)
    raise BenchError(f"{base} did not answer within {STARTUP_SECONDS} s")


def fire_chat(base: str, index: int, outcomes: list[ChatOutcome], timeout: float) -> None:
    """One chat; it counts as answered only if it is a 2xx the model (not the fallback) wrote."""
    message = f"What does the Germany work visa cost? (bench {RUN_ID}, chat {index})"
    request = urllib.request.Request(
        f"{base}/api/v1/ai/chat/",
        data=json.dumps({"message": message, "tone": "helpful"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        outcomes.append(ChatOutcome(False, time.monotonic() - started, f"HTTP {exc.code}"))
        return
    except (OSError, ValueError) as exc:
        outcomes.append(ChatOutcome(False, time.monotonic() - started, type(exc).__name__))
        return
    seconds = time.monotonic() - started
    if body.get("aiProvider") != "openai" or body.get("fallbackUsed"):
        outcomes.append(ChatOutcome(False, seconds, "answered offline, not by the model"))
        return
    outcomes.append(ChatOutcome(True, seconds))


def probe_health(
    base: str, samples: list[Sample], in_wait: Callable[[], bool], done: Event, every: float
) -> None:
    """``GET /api/v1/health`` one after another until ``done``; None marks a failed probe."""
    while not done.is_set():
        before = in_wait()
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=10) as response:
                response.read()
                value: float | None = time.monotonic() - started
        except OSError:
            value = None
        samples.append(Sample(value, before and in_wait()))
        time.sleep(every)


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def latency_figures(values: list[float]) -> dict[str, float | None]:
    ordered = sorted(values)
    if not ordered:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    return {
        "p50": percentile(ordered, 50),
        "p95": percentile(ordered, 95),
        "p99": percentile(ordered, 99),
        "max": ordered[-1],
    }
