"""Benchmark: every hot endpoint as a ratio to a bare Flask route, on the production stack.

What it does, all on 127.0.0.1: creates a bench database (dropped afterwards), runs ``flask db
upgrade`` and the full ``flask seed``, starts the real app (``gunicorn wsgi:app --config
gunicorn.conf.py``, PostgreSQL + Redis, offline assistant) and a bare Flask route
(``benchmarks/bare_app.py``: ``return {"ok": True}``) under the same gunicorn settings from the
same virtualenv. Both servers stay up; for each endpoint it runs ``wrk -t2 -c32 -d10s`` on the
bare route, then on the endpoint, three times over (interleaved pairs), and prints the median
ratio of requests per second, the median p50/p99, the SQL statements and Redis round trips of
one request (the server runs with ``JAPAGUIDE_BENCH_COUNTERS=1``, which adds them as response
headers) and the non-2xx count over every run. Before the table: ``from wsgi import app`` time
against the bare app's import, and each gunicorn worker's resident memory after start and at
the end.

    make bench                      # the table (about 10 minutes)
    BENCH_QUICK=1 make bench        # smoke test: 1 s runs, one pair (a few seconds of load)

Settings: BENCH_DATABASE_URL / BENCH_DATABASE_NAME / BENCH_REDIS_URL (as ``make
bench-slow-model``), BENCH_PORT (8765, the app), BENCH_BARE_PORT (8767), BENCH_DURATION
(seconds per run, 10), BENCH_PAIRS (3), BENCH_ONLY (comma-separated endpoint keys, e.g.
``health,calc``), BENCH_LOG_DIR (keep both servers' logs and the wrk scripts there).
Exit status 0 when every goal holds, 1 when one does not, 2 when it cannot run.
The machine's cores are shared by both servers and wrk: only ratios from one run compare.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from bench_support import (  # noqa: E402
    RUN_ID,
    BenchError,
    BenchServices,
    gunicorn,
    prepare_database,
    progress,
)

from plugins.calc.routes import BRIEF_ESTIMATE_REQUEST  # noqa: E402 - the body the API documents

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
DURATION = int(os.environ.get("BENCH_DURATION") or (1 if QUICK else 10))
PAIRS = int(os.environ.get("BENCH_PAIRS") or (1 if QUICK else 3))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BARE_PORT = int(os.environ.get("BENCH_BARE_PORT", "8767"))
THREADS, CONNECTIONS = 2, 32
#: wrk's own default (2 s) would count a slow answer as a socket error, not a latency.
TIMEOUT_SECONDS = 10
BARE_PATH = "/api/v1/bare"
#: High enough that 32 connections for 10 s never meet a limit, yet every limit still runs.
BENCH_LIMIT = "100000000/hour"
RSS_GOAL_MB = 120.0
JOBS_QUEUE = f"bench-{RUN_ID}"

CALC_BODY = BRIEF_ESTIMATE_REQUEST
GENERATE_BODY = {
    "country": "CAN",
    "goal": "work",
    "visaTypeId": "work",
    "profile": {"educationLevel": "bachelor"},
    "aiTone": "uncle_japa",
}
CHAT_MESSAGE = "What does the Canada work visa cost?"


@dataclass
class Endpoint:
    key: str
    label: str
    method: str
    path: str
    ratio_goal: float
    body: dict | None = None
    cookie: bool = False
    statement_goal: int | None = None
    #: Lua that makes each request's body unique (chat "new message each time").
    fresh_message: bool = False


ENDPOINTS = [
    Endpoint("countries", "`GET /countries/` with an owner's cookie (cached)", "GET",
             "/api/v1/countries/", 0.60, cookie=True),
    Endpoint("country", "`GET /countries/CAN/`", "GET", "/api/v1/countries/CAN/", 0.40),
    Endpoint("visa_types", "`GET /countries/CAN/visa-types/` (cached)", "GET",
             "/api/v1/countries/CAN/visa-types/", 0.35),
    Endpoint("roadmap", "`GET /roadmaps/{id}/`, owner", "GET", "/api/v1/roadmaps/{id}/", 0.15,
             cookie=True, statement_goal=3),
    Endpoint("generate", "`POST /roadmaps/generate/` (visa route)", "POST",
             "/api/v1/roadmaps/generate/", 0.05, body=GENERATE_BODY, cookie=True,
             statement_goal=12),
    Endpoint("calc", "`POST /calc/estimate/` (the brief's body)", "POST", "/api/v1/calc/estimate/",
             0.08, body=CALC_BODY, cookie=True),
    Endpoint("chat_new", "`POST /ai/chat/` offline, new message each time", "POST",
             "/api/v1/ai/chat/", 0.05, body={"message": CHAT_MESSAGE}, cookie=True,
             fresh_message=True),
    Endpoint("chat_cached", "`POST /ai/chat/` offline, cached answer", "POST", "/api/v1/ai/chat/",
             0.25, body={"message": CHAT_MESSAGE}, cookie=True),
    Endpoint("health", "`GET /health`", "GET", "/api/v1/health", 0.50),
]  # fmt: skip


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


@dataclass
class Result:
    endpoint: Endpoint
    ratios: list[float] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    bare_runs: list[Run] = field(default_factory=list)
    sql: str = "?"
    redis: str = "?"


# ----------------------------------------------------------------------------- wrk


LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""

LUA_FRESH = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"message": "%s (bench %s, thread %d, #%d)"}',
    MESSAGE, RUN, tid, counter)
  return wrk.format(nil, nil, nil, body)
end
"""


def lua_script(endpoint: Endpoint, cookie: str) -> str:
    lines = [f'wrk.method = "{endpoint.method}"']
    if endpoint.body is not None:
        lines.append("wrk.body = " + _lua_string(json.dumps(endpoint.body)))
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    if endpoint.cookie and cookie:
        lines.append('wrk.headers["Cookie"] = ' + _lua_string(cookie))
    if endpoint.fresh_message:
        lines.append(f"MESSAGE = {_lua_string(CHAT_MESSAGE)}")
        lines.append(f"RUN = {_lua_string(RUN_ID)}")
        lines.append(LUA_FRESH)
    lines.append(LUA_DONE)
    return "\n".join(lines)


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def wrk(url: str, script: Path, seconds: int) -> Run:
    done = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            f"--timeout={TIMEOUT_SECONDS}s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    match = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", done.stdout, re.M)
    if done.returncode != 0 or match is None:
        raise BenchError(f"wrk failed on {url}:\n{done.stdout[-1000:]}{done.stderr[-1000:]}")
    requests, duration_us, p50, p99, non_2xx, errors = (int(g) for g in match.groups())
    return Run(requests / (duration_us / 1e6), p50 / 1000, p99 / 1000, non_2xx, errors)


# ----------------------------------------------------------------------------- probes


def call(base: str, endpoint: Endpoint, path: str, cookie: str, body: dict | None = None) -> tuple:
    """One request as wrk sends it; (status, headers, parsed body or None)."""
    payload = body if body is not None else endpoint.body
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    if endpoint.cookie and cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(
        base + path,
        data=json.dumps(payload).encode() if payload is not None else None,
        headers=headers,
        method=endpoint.method,
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, response.headers, _json(raw)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, _json(exc.read())


def _json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def make_owner(base: str) -> tuple[str, int]:
    """An anonymous owner with one generated roadmap: (its Cookie header, the roadmap id)."""
    request = urllib.request.Request(
        base + "/api/v1/roadmaps/generate/",
        data=json.dumps(GENERATE_BODY).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
        cookies = response.headers.get_all("Set-Cookie") or []
    cookie = "; ".join(c.split(";", 1)[0] for c in cookies)
    if not cookie:
        raise BenchError("generate set no session cookie")
    return cookie, int(body["id"])


def probe_counts(base: str, endpoint: Endpoint, path: str, cookie: str) -> tuple[str, str, int]:
    """SQL statements and Redis round trips of one request (a fresh message for chat_new)."""
    body = None
    if endpoint.fresh_message:
        body = {"message": f"{CHAT_MESSAGE} (bench {RUN_ID}, probe {time.monotonic_ns()})"}
    status, headers, _ = call(base, endpoint, path, cookie, body)
    return headers.get("X-Bench-SQL", "?"), headers.get("X-Bench-Redis", "?"), status


# ----------------------------------------------------------------------------- memory, start-up


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            ppid = int(text.rsplit(")", 1)[1].split()[1])
            if ppid != master_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        if match:
            sizes.append(int(match.group(1)) / 1024)
    return sorted(sizes)


def import_seconds(statement: str, env: dict[str, str], cwd: Path) -> float:
    """Median of three fresh interpreters timing ``statement``."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise BenchError(f"{statement!r} failed:\n{done.stderr[-1500:]}")
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


# ----------------------------------------------------------------------------- the run


def app_env(services: BenchServices, port: int) -> dict[str, str]:
    env = services.app_env(port=port, model_url="http://127.0.0.1:9", model_timeout=1)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_TIMEOUT_SECONDS"):
        env.pop(name, None)  # the offline assistant, as a deployment without a key runs
    env.update(
        {
            "RATELIMIT_ENABLED": "true",
            "JAPAGUIDE_BENCH_COUNTERS": "1",
            # Jobs are queued on RQ as in production, on a queue of this run that no worker
            # serves (emptied at the end): the table measures the request path.
            "JOBS_MODE": "rq",
            "JOBS_QUEUE": JOBS_QUEUE,
            # The production image's plugin set: the example plugin is not in it.
            "JAPAGUIDE_DISABLED_PLUGINS": ",".join(
                p for p in (env.get("JAPAGUIDE_DISABLED_PLUGINS", ""), "japa_journal") if p
            ),
        }
    )
    for name in (
        "RATELIMIT_ANONYMOUS",
        "RATELIMIT_USER",
        "RATELIMIT_PER_ADDRESS",
        "RATELIMIT_AI",
        "RATELIMIT_AI_PER_ADDRESS",
    ):
        env[name] = BENCH_LIMIT
    return env


def empty_queue(redis_url: str) -> None:
    """Drop the jobs this run queued (enrichments no worker ran)."""
    import redis
    from rq import Queue

    queue = Queue(JOBS_QUEUE, connection=redis.Redis.from_url(redis_url))
    queue.empty()
    queue.delete(delete_jobs=True)


def selected() -> list[Endpoint]:
    only = {k.strip() for k in os.environ.get("BENCH_ONLY", "").split(",") if k.strip()}
    unknown = only - {e.key for e in ENDPOINTS}
    if unknown:
        raise BenchError(f"unknown BENCH_ONLY keys {sorted(unknown)}; known: "
                         f"{', '.join(e.key for e in ENDPOINTS)}")  # fmt: skip
    return [e for e in ENDPOINTS if not only or e.key in only]


def run(services: BenchServices, workdir: Path) -> tuple[list[Result], dict]:
    endpoints = selected()
    env = app_env(services, PORT)
    bare_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{BARE_PORT}", "BENCH_UP_PATH": BARE_PATH}
    bare_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "benchmarks"), env.get("PYTHONPATH", "")) if p
    )
    facts: dict = {
        "import_app": import_seconds("from wsgi import app", env, ROOT),
        "import_bare": import_seconds("from bare_app import app", bare_env, ROOT),
    }
    prepare_database(env, ROOT)
    with (
        gunicorn("wsgi:app", env, ROOT, workdir / "app.log") as (base, server),
        gunicorn("bare_app:app", bare_env, ROOT, workdir / "bare.log") as (bare, bare_server),
    ):
        facts["rss_app_start"] = worker_rss_mb(server.pid)
        facts["rss_bare_start"] = worker_rss_mb(bare_server.pid)
        cookie, roadmap_id = make_owner(base)
        results = []
        for endpoint in endpoints:
            path = endpoint.path.replace("{id}", str(roadmap_id))
            result = Result(endpoint)
            script = workdir / f"{endpoint.key}.lua"
            script.write_text(lua_script(endpoint, cookie))
            bare_script = workdir / "bare.lua"
            bare_script.write_text(LUA_DONE)
            status = probe_counts(base, endpoint, path, cookie)[2]  # warms caches
            if not 200 <= status < 300:
                raise BenchError(f"{endpoint.method} {path} answered {status} before the run")
            for pair in range(PAIRS):
                progress(f"{endpoint.key}: pair {pair + 1}/{PAIRS}")
                bare_run = wrk(bare + BARE_PATH, bare_script, DURATION)
                run_ = wrk(base + path, script, DURATION)
                result.bare_runs.append(bare_run)
                result.runs.append(run_)
                result.ratios.append(run_.rps / bare_run.rps if bare_run.rps else 0.0)
            result.sql, result.redis, _ = probe_counts(base, endpoint, path, cookie)
            results.append(result)
        facts["rss_app_end"] = worker_rss_mb(server.pid)
        facts["rss_bare_end"] = worker_rss_mb(bare_server.pid)
    return results, facts


# ----------------------------------------------------------------------------- the report


def report(results: list[Result], facts: dict) -> int:
    print(
        f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --timeout {TIMEOUT_SECONDS}s, "
        f"{PAIRS} interleaved pair(s) per endpoint (bare route, then endpoint), "
        "median ratio of requests/s; gunicorn.conf.py "
        f"({os.environ.get('GUNICORN_WORKERS', '2')} gthread workers) for both\n"
    )
    print(
        "| endpoint | ratio | goal | p50 / p99 ms | SQL statements | Redis round trips "
        "| non-2xx | socket errors | req/s endpoint / bare |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    failures = []
    for r in results:
        e = r.endpoint
        ratio = statistics.median(r.ratios)
        p50 = statistics.median(x.p50_ms for x in r.runs)
        p99 = statistics.median(x.p99_ms for x in r.runs)
        non_2xx = sum(x.non_2xx for x in r.runs)
        socket_errors = sum(x.socket_errors for x in r.runs)
        rps = statistics.median(x.rps for x in r.runs)
        bare_rps = statistics.median(x.rps for x in r.bare_runs)
        goal = f"≥ {e.ratio_goal:.2f}"
        if e.statement_goal is not None:
            goal += f", ≤ {e.statement_goal} stmts"
        met = ratio >= e.ratio_goal and non_2xx == 0 and socket_errors == 0
        if e.statement_goal is not None:
            met = met and r.sql.isdigit() and int(r.sql) <= e.statement_goal
        if not met:
            failures.append(e.key)
        print(
            f"| {e.label} | {ratio:.3f}{'' if met else ' ✗'} | {goal} | {p50:.0f} / {p99:.0f} "
            f"| {r.sql} | {r.redis} | {non_2xx} | {socket_errors} | {rps:.0f} / {bare_rps:.0f} |"
        )
    print()
    print(
        f"start-up: `from wsgi import app` {facts['import_app']:.2f} s "
        f"(bare Flask {facts['import_bare']:.2f} s), median of 3 fresh interpreters"
    )
    rss = facts["rss_app_start"] + facts["rss_app_end"]
    print(
        "worker RSS MB: app after start "
        + _sizes(facts["rss_app_start"])
        + ", after the run "
        + _sizes(facts["rss_app_end"])
        + f"; bare after start {_sizes(facts['rss_bare_start'])}"
        + f" (goal ≤ {RSS_GOAL_MB:.0f} MB after load)"
    )
    if any(size > RSS_GOAL_MB for size in facts["rss_app_start"]):
        failures.append("worker memory")
    if not rss:
        failures.append("worker memory (not measured)")
    print("\n" + ("every goal met: PASS" if not failures else f"FAIL: {', '.join(failures)}"))
    return 0 if not failures else 1


def _sizes(values: list[float]) -> str:
    return "/".join(f"{v:.0f}" for v in values) or "n/a"


def main() -> int:
    if shutil.which("wrk") is None:
        print("make bench needs wrk (Debian/Ubuntu: apt-get install wrk)", file=sys.stderr)
        return 2
    try:
        services = BenchServices.from_env()
        services.check()
        with services.bench_database(), tempfile.TemporaryDirectory() as tmp:
            workdir = Path(os.environ.get("BENCH_LOG_DIR") or tmp)  # kept when given
            workdir.mkdir(parents=True, exist_ok=True)
            try:
                results, facts = run(services, workdir)
            finally:
                empty_queue(services.redis_url)
    except BenchError as exc:
        print(f"bench could not run: {exc}", file=sys.stderr)
        return 2
    return report(results, facts)


if __name__ == "__main__":
    sys.exit(main())
