"""Benchmark: chats waiting on a slow model must not starve the server (PostgreSQL + Redis).

What it does, all on 127.0.0.1: creates a bench database (and drops it afterwards), runs
``flask db upgrade`` and the full ``flask seed``, starts the fake OpenAI server (every answer
takes BENCH_SLOW_SECONDS) and the production server (``gunicorn wsgi:app --config
gunicorn.conf.py``), fires BENCH_CHATS concurrent ``POST /api/v1/ai/chat/`` and meanwhile
probes ``GET /api/v1/health`` and samples ``pg_stat_activity``.

"The wait" is every moment when all unfinished chats are waiting on the model (the fake counts
the requests it keeps asleep). Health latencies and idle-in-transaction counts are judged over
the wait; whole-run figures are printed too. A chat fails when it is not a 2xx, errors, or was
not answered by the model (an offline fallback never waited). Verdict: 0 failed chats, 0 failed
health probes, health p99 ≤ 50 ms during the wait, 0 connections idle in transaction during the
wait. Exit status 0 when it holds, 1 when not, 2 when PostgreSQL or Redis is missing.

    make bench-slow-model   # or: .venv/bin/python benchmarks/slow_model.py

Settings: BENCH_DATABASE_URL (an existing database, used as is and not dropped; default: creates
and drops ``japaguide_bench`` on postgresql://postgres@127.0.0.1:5432), BENCH_REDIS_URL (default
redis://127.0.0.1:6379/13), BENCH_PORT (8765), BENCH_MODEL_PORT (8766), BENCH_CHATS (40),
BENCH_SLOW_SECONDS (3). The sync-worker comparison is gone: 40 chats on 2 sync workers take a
minute to say what the README already says (a sync worker waiting on a model serves no one).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_support import (  # noqa: E402
    BenchError,
    BenchServices,
    ChatOutcome,
    Sample,
    check_port_free,
    fire_chat,
    latency_figures,
    probe_health,
    serve_app,
)

from tests.ai.fake_openai import FakeOpenAI  # noqa: E402 - the AI plugin's test double

CHATS = int(os.environ.get("BENCH_CHATS", "40"))
SLOW_SECONDS = float(os.environ.get("BENCH_SLOW_SECONDS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
MODEL_PORT = int(os.environ.get("BENCH_MODEL_PORT", "8766"))
HEALTH_P99_LIMIT_MS = 50.0
SAMPLE_EVERY_SECONDS = 0.02


def main() -> int:
    try:
        services = BenchServices.from_env()
        services.check()
    except BenchError as exc:
        print(f"make bench-slow-model needs PostgreSQL and Redis: {exc}", file=sys.stderr)
        return 2
    print(
        f"{CHATS} concurrent chats, each waiting {SLOW_SECONDS:g} s on the model; "
        f"health probes and pg_stat_activity samples meanwhile\n"
        f"database {services.safe_database_url}, redis {services.redis_url}, "
        f"app on :{PORT}, fake model on :{MODEL_PORT}\n"
    )
    try:
        check_port_free(PORT)
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        fake = FakeOpenAI(reply="A slow but grounded answer.", delay=SLOW_SECONDS, port=MODEL_PORT)
    except OSError as exc:
        print(f"port {MODEL_PORT} is taken ({exc}); set BENCH_MODEL_PORT", file=sys.stderr)
        return 2
    try:
        with services.bench_database(), tempfile.TemporaryDirectory() as tmp, fake:
            figures = run(services, fake, Path(tmp))
    except BenchError as exc:
        print(f"bench could not run: {exc}", file=sys.stderr)
        return 2
    return report(figures)


def run(services: BenchServices, fake: FakeOpenAI, workdir: Path) -> dict:
    env = services.app_env(
        port=PORT,
        model_url=fake.base_url,
        model_timeout=SLOW_SECONDS * 4,
    )
    with serve_app(env, ROOT, workdir) as base:
        chats: list[ChatOutcome] = []
        health: list[Sample] = []
        activity: list[Sample] = []
        finished = threading.Event()

        def in_wait() -> bool:
            """Every chat still in flight is asleep in the fake model."""
            unfinished = CHATS - len(chats)
            return unfinished > 0 and fake.waiting == unfinished

        threads = [
            threading.Thread(target=fire_chat, args=(base, i, chats, SLOW_SECONDS * 10))
            for i in range(CHATS)
        ]
        watchers = [
            threading.Thread(
                target=probe_health, args=(base, health, in_wait, finished, SAMPLE_EVERY_SECONDS)
            ),
            threading.Thread(
                target=services.sample_activity,
                args=(activity, in_wait, finished, SAMPLE_EVERY_SECONDS),
            ),
        ]
        for thread in [*watchers, *threads]:
            thread.start()
        for thread in threads:
            thread.join(SLOW_SECONDS * 12)
        finished.set()
        for thread in watchers:
            thread.join(10)
    return {"chats": chats, "health": health, "activity": activity}


def report(figures: dict) -> int:
    chats: list[ChatOutcome] = figures["chats"]
    health: list[Sample] = figures["health"]
    activity: list[Sample] = figures["activity"]
    failed = [c for c in chats if not c.ok] + [None] * (CHATS - len(chats))
    answered = [c.seconds for c in chats if c.ok]
    during = [s for s in health if s.in_wait and s.value is not None]
    health_failures = [s for s in health if s.value is None]
    wait_activity = [s for s in activity if s.in_wait]
    idle_max = max((s.value for s in wait_activity), default=None)
    idle_max_run = max((s.value for s in activity), default=None)
    connections_max = max((s.extra for s in activity), default=None)

    print("chats")
    print(f"  sent {CHATS}, answered by the model {len(answered)}, failed {len(failed)}")
    for reason, count in _reasons(chats).items():
        print(f"    {count} × {reason}")
    chat_figures = latency_figures(answered)
    print(f"  latency p50 {_s(chat_figures['p50'])}, max {_s(chat_figures['max'])}")
    print("/api/v1/health during the wait")
    wait_figures = latency_figures([s.value for s in during])
    print(f"  probes {len(during)}: {_ms_line(wait_figures)}")
    run_figures = latency_figures([s.value for s in health if s.value is not None])
    print(f"  whole run, probes {len(health)}: {_ms_line(run_figures)}")
    print(f"  failed probes {len(health_failures)}")
    print("pg_stat_activity")
    print(
        f"  samples during the wait {len(wait_activity)}, max idle in transaction "
        f"{idle_max if idle_max is not None else 'n/a'}"
    )
    print(f"  whole run: max idle in transaction {idle_max_run}, max connections {connections_max}")

    checks = {
        "0 failed chats": not failed,
        "0 failed health probes": not health_failures,
        f"health p99 ≤ {HEALTH_P99_LIMIT_MS:g} ms during the wait": wait_figures["p99"] is not None
        and wait_figures["p99"] * 1000 <= HEALTH_P99_LIMIT_MS,
        "0 idle in transaction during the wait": idle_max == 0,
    }
    print("\nverdict")
    for name, passed in checks.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    ok = all(checks.values())
    print("\n" + ("slow model, fast server: PASS" if ok else "the server is starved: FAIL"))
    return 0 if ok else 1


def _reasons(chats: list[ChatOutcome]) -> dict[str, int]:
    reasons: dict[str, int] = {}
    for chat in chats:
        if not chat.ok:
            reasons[chat.reason] = reasons.get(chat.reason, 0) + 1
    return reasons


def _s(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def _ms_line(figures: dict[str, float | None]) -> str:
    return ", ".join(
        f"{name} {'n/a' if value is None else f'{value * 1000:.1f} ms'}"
        for name, value in figures.items()
    )


if __name__ == "__main__":
    sys.exit(main())
