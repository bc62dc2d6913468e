"""Benchmark: a streamed chat sends text while a slow model is still writing.

Starts the app on a local WSGI server (SQLite, the full ``flask seed``) and the fake OpenAI
server in ``grounded`` mode (it restates the prompt's facts), which waits BENCH_MODEL_DELAY
seconds (2.5) before its first token and BENCH_TOKEN_DELAY (0.05) between tokens. Then it
streams BENCH_RUNS chats and reports, per run and as the worst case:

* first byte after the model's first token (the app opens the stream before the model
  answers, so this is negative: the byte was already there),
* first answer text (the first ``chunk`` event) after the model's first token: the figure
  check sends a sentence's words as soon as they are known to be figure-free and holds only
  from its first figure-like word to its end, and how long before the model's last token it
  arrived.

Verdict: the first answer text ≤ 100 ms after the model's first token, and before the model's
last token. Exit status 0 when it holds, 1 when not.

    .venv/bin/python benchmarks/stream_first_byte.py
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from japaguide import create_app  # noqa: E402
from tests.ai.fake_openai import FakeOpenAI  # noqa: E402

MODEL_DELAY = float(os.environ.get("BENCH_MODEL_DELAY", "2.5"))
TOKEN_DELAY = float(os.environ.get("BENCH_TOKEN_DELAY", "0.05"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BUDGET_MS = 100


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="stream_bench_"))
    fake = FakeOpenAI(mode="grounded", delay=MODEL_DELAY).start()
    fake.token_delay = TOKEN_DELAY
    app = create_app(
        {
            "SECRET_KEY": "bench-secret-key-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.db'}",
            "REDIS_URL": None,
            "JOBS_MODE": "inline",
            "SESSION_COOKIE_SECURE": False,
            "MEDIA_ROOT": str(work / "media"),
            "MAIL_OUTBOX_DIR": str(work / "outbox"),
            "OPENAI_API_KEY": "sk-bench",
            "OPENAI_BASE_URL": fake.base_url,
            "OPENAI_TIMEOUT_SECONDS": MODEL_DELAY + 5,
            "RATELIMIT_ENABLED": False,
        }
    )
    from japaguide.extensions import db

    with app.app_context():
        db.create_all()
    seeded = app.test_cli_runner().invoke(args=["seed"])
    if seeded.exit_code != 0:
        print(seeded.output)
        return 1
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    worst_chunk, ok = 0.0, True
    try:
        for run in range(RUNS):
            message = f"How much are the visa fees for Germany? (run {run})"
            first_byte, first_chunk, text = _stream(server.server_port, message)
            times = fake.token_times
            if not times or first_chunk is None:
                print(f"run {run}: no model stream or no text chunk")
                ok = False
                continue
            after_byte = (first_byte - times[0]) * 1000
            after_token = (first_chunk - times[0]) * 1000
            before_last = (times[-1] - first_chunk) * 1000
            worst_chunk = max(worst_chunk, after_token)
            ok = ok and after_token <= BUDGET_MS and before_last > 0
            print(
                f"run {run}: first byte {after_byte:+.0f} ms after the model's first token; "
                f"first text {after_token:+.0f} ms after it ({text!r}), "
                f"{before_last:.0f} ms before the model's last token"
            )
    finally:
        server.shutdown()
        fake.stop()
    print(
        f"worst first text after the model's first token: {worst_chunk:.0f} ms (budget {BUDGET_MS})"
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def _stream(port: int, message: str) -> tuple[float, float | None, str]:
    """(first byte time, first chunk event time, its text) of one streamed chat."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"message": message, "tone": "helpful", "stream": True})
    connection.request("POST", "/api/v1/ai/chat/", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    first_byte, first_chunk, text, event = None, None, "", None
    while line := response.readline():
        now = time.monotonic()
        first_byte = first_byte or now
        decoded = line.decode().rstrip("\n")
        if decoded.startswith("event: "):
            event = decoded[7:]
        elif decoded.startswith("data: ") and event == "chunk" and first_chunk is None:
            first_chunk, text = now, json.loads(decoded[6:])["text"]
    connection.close()
    return first_byte or time.monotonic(), first_chunk, text


if __name__ == "__main__":
    sys.exit(main())
