"""A local fake of the OpenAI Chat Completions API, for the AI plugin's tests and the benchmark.

It listens on 127.0.0.1 only. A test double, so it lives beside the tests, not in the runtime
package.

Modes: ``normal`` (answers ``reply``), ``echo`` (answers with the messages it received),
``grounded`` (a model that only restates the FACTS lines of the prompt, as a well-behaved model
would: the figure check must let every one of them through),
``realistic`` (answers in the voice its system prompt names, leading with the FACTS line that
answers the question, and for a third of the questions slipping in a figure the data does not
back — invented naira, a number word, a real figure in the wrong role, a scam fee — each
recorded in ``planted`` so the evaluation can prove the figure check kept it from the user),
``slow`` (sleeps ``delay`` seconds first), ``error`` (HTTP 500), ``malformed`` (invalid JSON
body), ``quota`` (HTTP 429 insufficient_quota). ``stream: true`` requests get SSE chunks of
``stream_chunk`` characters ending with ``data: [DONE]``, written one by one as a model would:
``token_delay`` seconds apart, and (if ``hold_last`` is set) the last one only once the test
sets that event, so a test can prove the app sent text before the model finished without timing
anything. ``tokens_sent`` counts the chunks sent so far. Every request is recorded in
``requests``; ``waiting`` counts those kept asleep right now, so tests and the benchmark can look
at the server *during* the wait.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    #: The benchmark opens dozens of connections at once; the default backlog (5) drops some.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is normal here (timeouts are what tests provoke). No
        traceback is printed: Python 3.11 parses source lines with ``ast`` to print one, and
        that races the ``ast`` use of the test's own thread (a SystemError there). Other
        errors are named in one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            print(f"fake OpenAI server error: {error!r}", file=sys.stderr)


def _facts_of(payload: dict[str, Any]) -> str:
    """The "- " lines that follow the prompt's FACTS heading, as sentences."""
    prompt = "\n".join(str(m.get("content", "")) for m in payload.get("messages", []))
    lines, inside = [], False
    for line in prompt.splitlines():
        if line.startswith("FACTS"):
            inside = True
        elif inside and line.startswith("- "):
            lines.append(line[2:])
        elif inside and lines:
            break
    return "\n".join(lines)


class FakeOpenAI:
    def __init__(
        self,
        reply: str = "Hello from the fake model.",
        mode: str = "normal",
        delay: float = 0.0,
        port: int = 0,
    ) -> None:
        """``port`` 0 picks a free port (tests); the benchmark passes a configured one."""
        self.reply, self.mode, self.delay = reply, mode, delay
        self.requests: list[dict[str, Any]] = []
        #: Sentences with unbacked figures the ``realistic`` model slipped into its answers.
        self.planted: list[str] = []
        self.stream_chunk = 12
        self.token_delay = 0.0
        self.hold_last: threading.Event | None = None
        self.tokens_sent = 0
        #: time.monotonic() at which each streamed chunk of the last stream was written.
        self.token_times: list[float] = []
        #: Requests the fake is keeping waiting right now (slow mode or a delay).
        self.waiting = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(
                self, status: int, body: bytes, content_type: str = "application/json"
            ) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (its timeout): nothing to answer
                    self.close_connection = True

            def _stream(self, payload: dict[str, Any], content: str) -> None:
                """SSE chunks written as they are "generated" (no Content-Length: the
                connection closes after ``[DONE]``)."""
                size = max(1, fake.stream_chunk)
                pieces = [content[i : i + size] for i in range(0, len(content), size)]
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                fake.tokens_sent = 0
                fake.token_times = []
                for number, piece in enumerate(pieces):
                    last = number == len(pieces) - 1
                    if last and fake.hold_last is not None:
                        fake.hold_last.wait(10)
                    elif number and fake.token_delay:
                        time.sleep(fake.token_delay)
                    chunk = {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion.chunk",
                        "created": int(time.time()),
                        "model": payload.get("model"),
                        "choices": [
                            {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                        ],
                    }
                    try:
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    except OSError:  # the client went away
                        return
                    fake.tokens_sent += 1
                    fake.token_times.append(time.monotonic())
                tail = ""
                if (payload.get("stream_options") or {}).get("include_usage"):
                    usage = {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion.chunk",
                        "created": int(time.time()),
                        "model": payload.get("model"),
                        "choices": [],
                        "usage": {
                            "prompt_tokens": 120,
                            "completion_tokens": len(pieces),
                            "total_tokens": 120 + len(pieces),
                        },
                    }
                    tail = f"data: {json.dumps(usage)}\n\n"
                try:
                    self.wfile.write(f"{tail}data: [DONE]\n\n".encode())
                    self.wfile.flush()
                except OSError:
                    return

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(payload)
                if fake.mode == "slow" or fake.delay:
                    with fake._lock:
                        fake.waiting += 1
                    try:
                        time.sleep(fake.delay or 2)
                    finally:
                        with fake._lock:
                            fake.waiting -= 1
                if fake.mode == "error":
                    self._send(
                        500,
                        json.dumps({"error": {"message": "boom", "type": "server_error"}}).encode(),
                    )
                    return
                if fake.mode == "quota":
                    self._send(
                        429,
                        json.dumps(
                            {
                                "error": {
                                    "message": "quota",
                                    "type": "insufficient_quota",
                                    "code": "insufficient_quota",
                                }
                            }
                        ).encode(),
                    )
                    return
                if fake.mode == "malformed":
                    self._send(200, b"{not json at all")
                    return
                content = fake.reply
                if fake.mode == "echo":
                    content = json.dumps(payload["messages"])
                if fake.mode == "grounded":
                    content = _facts_of(payload) or fake.reply
                if fake.mode == "realistic":
                    content = fake.realistic(payload)
                if payload.get("stream"):
                    self._stream(payload, content)
                    return
                body = {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": payload.get("model", "gpt-4o-mini"),
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                    "usage": {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200},
                }
                self._send(200, json.dumps(body).encode())

        self.server = _Server(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def realistic(self, payload: dict[str, Any]) -> str:
        """A model that follows its brief: the answer first (the first FACTS line), a few
        facts as bullets, its voice's opening and closing — and, for every third question, one
        sentence with a figure that is not in the data, recorded in ``planted``."""
        from tests.ai.realistic_model import answer

        text, planted = answer(payload)
        if planted:
            with self._lock:
                self.planted.append(planted)
        return text

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
