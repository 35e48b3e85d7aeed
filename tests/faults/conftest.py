"""A real gunicorn serving the test database, with chosen parts of the system unreachable."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, _database_url


def free_port() -> int:
    """A port nothing listens on: the OS picks it, and we let it go at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log_path: Path
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def call(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        *,
        token: str = "",
        form: dict | None = None,
    ) -> Answer:
        """One request, timed; 4xx and 5xx are answers too. Cookies are kept."""
        headers = {"Accept": "application/json", "Referer": self.url + path}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if token:
            headers["Authorization"] = f"Token {token}"
        # The URL is always the local server's http:// address.
        request = urllib.request.Request(self.url + path, data, headers, method=method)  # noqa: S310
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        started = time.monotonic()
        try:
            with opener.open(request, timeout=60) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        return Answer(status, content, time.monotonic() - started)

    def csrf_token(self, path: str) -> str:
        page = self.call("GET", path).body.decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer under test


@pytest.fixture
def serve(
    transactional_db, django_db_serialized_rollback, tmp_path
) -> Iterator[Callable[..., Server]]:
    """`serve(REDIS_URL=..., CACHE_URL=...)` starts gunicorn (two sync workers, as
    deployed) on a free port of 127.0.0.1 against the test database; the keywords
    are its environment. Transactional: the server sees what the test committed."""
    servers: list[Server] = []

    def start(**env: str) -> Server:
        port = free_port()
        log_path = tmp_path / f"gunicorn-{port}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",
            # DEBUG serves the static files the pages name without a collectstatic run.
            "DEBUG": "1",
            "HTTPS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            **env,
        }
        command = [
            sys.executable, "-m", "gunicorn", "mentorship.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120",
            "--access-logfile", "-",
        ]  # fmt: skip
        with log_path.open("w") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        server = Server(process, f"http://127.0.0.1:{port}", log_path)
        servers.append(server)
        _wait_until_serving(server)
        _warm_up(server)
        return server

    yield start
    for server in servers:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def _warm_up(server: Server) -> None:
    """Each worker loads the API stack and the broker client on its first requests;
    a few at once reach every worker, so the timed requests measure the outage."""
    paths = ["/api/v1/goal-areas/", "/healthz"] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda path: server.call("GET", path), paths))


def _wait_until_serving(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn exited early:\n{server.log()}")
        try:
            server.call("GET", "/")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer in {timeout}s:\n{server.log()}")
