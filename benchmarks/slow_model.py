"""Benchmark: a slow model must not starve the server.

Starts the fake OpenAI server (every completion takes SLOW_SECONDS), serves the app with the
production gunicorn configuration (gthread workers) and, for comparison, with sync workers;
fires CHATS concurrent chat requests that all wait on the model, and measures how long
``/api/v1/health`` takes meanwhile. Everything runs on 127.0.0.1, bounded in count and time.

    make bench            # or: .venv/bin/python benchmarks/slow_model.py
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from japaguide.fake_openai import FakeOpenAI  # noqa: E402

CHATS = int(os.environ.get("BENCH_CHATS", "40"))
SLOW_SECONDS = float(os.environ.get("BENCH_SLOW_SECONDS", "3"))
HEALTH_PROBES = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def post_chat(base: str, index: int, results: list[float]) -> None:
    body = json.dumps({"message": f"Germany work visa question {index}?"}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/ai/chat/", data=body, headers={"Content-Type": "application/json"}
    )
    started = time.monotonic()
    with contextlib.suppress(OSError):  # a failed chat still counts its time
        urllib.request.urlopen(request, timeout=SLOW_SECONDS * 10).read()
    results.append(time.monotonic() - started)


def run(worker_class: str, fake: FakeOpenAI, workdir: Path) -> dict[str, float]:
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "bench-secret-key-long-enough-for-hs256-signing",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "OPENAI_API_KEY": "sk-bench",
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_TIMEOUT_SECONDS": str(SLOW_SECONDS * 4),
        "RATELIMIT_ENABLED": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    flask = shutil.which("flask", path=str(Path(sys.executable).parent))
    subprocess.run(
        [flask, "--app", "wsgi:app", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [flask, "--app", "wsgi:app", "seed", "--dir", str(ROOT / "tests/fixtures/seed")],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    command = [gunicorn, "wsgi:app", "--config", "gunicorn.conf.py"]
    if worker_class == "sync":
        command += ["--worker-class", "sync", "--workers", "2"]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/v1/health")
        chat_times: list[float] = []
        threads = [
            threading.Thread(target=post_chat, args=(base, i, chat_times)) for i in range(CHATS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # let the chats reach the slow model
        health: list[float] = []
        for _ in range(HEALTH_PROBES):
            started = time.monotonic()
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=SLOW_SECONDS * 10).read()
                health.append(time.monotonic() - started)
            except OSError:
                health.append(float("inf"))
            time.sleep(0.05)
        for thread in threads:
            thread.join(SLOW_SECONDS * 12)
        finite = sorted(h for h in health if h != float("inf"))
        return {
            "health_median_ms": round(statistics.median(finite) * 1000, 1)
            if finite
            else float("inf"),
            "health_p95_ms": round(finite[int(len(finite) * 0.95) - 1] * 1000, 1)
            if finite
            else float("inf"),
            "health_failures": len(health) - len(finite),
            "chat_median_s": round(statistics.median(chat_times), 2)
            if chat_times
            else float("inf"),
        }
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    print(
        f"{CHATS} concurrent chats, each waiting {SLOW_SECONDS}s on the model; "
        f"{HEALTH_PROBES} health probes meanwhile\n"
    )
    with FakeOpenAI(reply="A slow but grounded answer.", delay=SLOW_SECONDS) as fake:
        rows = {}
        for worker_class in ("gthread", "sync"):
            with tempfile.TemporaryDirectory() as tmp:
                rows[worker_class] = run(worker_class, fake, Path(tmp))
    print(
        f"{'workers':<10}{'health median':>15}{'health p95':>13}{'failures':>10}{'chat median':>13}"
    )
    for name, row in rows.items():
        print(
            f"{name:<10}{row['health_median_ms']:>13} ms{row['health_p95_ms']:>10} ms"
            f"{row['health_failures']:>10}{row['chat_median_s']:>11} s"
        )
    ok = rows["gthread"]["health_p95_ms"] < 500 and rows["gthread"]["health_failures"] == 0
    print("\nproduction config (gthread):", "health stays fast" if ok else "HEALTH IS STARVED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
