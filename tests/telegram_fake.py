"""A small stand-in for the Telegram Bot API on a loopback port (stdlib http.server in a
thread): answers `sendMessage` like Telegram does, as scripted, and records what it got.

`attempts` holds every call received; `messages` the ones Telegram would have taken:
answered 200 while the caller still waited. With `delay` set, the answer comes that
many seconds later, and a caller gone by then (its worker killed) took nothing.
"""

import json
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456:TEST-token"


@dataclass
class Call:
    method: str
    payload: dict[str, Any]
    at: float


@dataclass
class FakeTelegram:
    url: str = ""
    token: str = TOKEN
    delay: float = 0.0
    # Answers to give, in order, before the default 200: (status, description, retry_after).
    script: list[tuple[int, str, int | None]] = field(default_factory=list)
    attempts: list[Call] = field(default_factory=list)
    messages: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, status: int, description: str = "", retry_after: int | None = None) -> None:
        self.script.append((status, description, retry_after))

    def texts(self) -> list[str]:
        return [call.payload.get("text", "") for call in self.messages]


def _handler(fake: FakeTelegram) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            prefix, _slash, method = self.path.lstrip("/").partition("/")
            call = Call(method, payload, time.monotonic())
            with fake.lock:
                fake.attempts.append(call)
                scripted = fake.script.pop(0) if fake.script else None
            if prefix != f"bot{fake.token}":
                return self._send(
                    401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                )
            if fake.delay:
                time.sleep(fake.delay)
                if self._caller_gone():
                    return
            if scripted is not None:
                status, description, retry_after = scripted
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": status,
                    "description": description,
                }
                if retry_after is not None:
                    body["parameters"] = {"retry_after": retry_after}
                return self._send(status, body)
            if method != "sendMessage" or "chat_id" not in payload or not payload.get("text"):
                return self._send(
                    400, {"ok": False, "error_code": 400, "description": "Bad Request"}
                )
            with fake.lock:
                fake.messages.append(call)
            self._send(
                200,
                {
                    "ok": True,
                    "result": {
                        "message_id": len(fake.messages),
                        "chat": {"id": payload["chat_id"]},
                    },
                },
            )

        def _caller_gone(self) -> bool:
            readable, _w, _x = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

        def _send(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except OSError:
                pass

    return Handler


class Running:
    """Starts the fake on a free loopback port; `stop()` shuts it down."""

    def __init__(self) -> None:
        self.fake = FakeTelegram()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.server.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
