"""A local fake of Cloudinary's upload API (the real SDK talks to it on 127.0.0.1)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeCloudinary:
    def __init__(self) -> None:
        self.uploads: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                fake.uploads.append({"path": self.path, "body": body})
                folder = b"flags" if b"flags" in body else b"country_heroes"
                public_id = f"{folder.decode()}/uploaded-{len(fake.uploads)}"
                payload = json.dumps(
                    {
                        "public_id": public_id,
                        "version": 1,
                        "format": "png",
                        "secure_url": f"https://res.cloudinary.com/demo/{public_id}.png",
                    }
                )
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload.encode())

            def log_message(self, *args) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeCloudinary:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
