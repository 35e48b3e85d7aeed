"""Part of bench/api.py: gunicorn started and stopped, wrk driving one endpoint.

wrk (Debian's package; `make bench` installs it) runs a Lua script written here:
each request takes the next caller's headers from the list (so the load is
spread over several people, as it is in life), and at the end wrk prints one
line of figures that `drive()` reads back.
"""

from __future__ import annotations

import http.client
import os
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What production runs (docker-compose.yml names the same file).
CONFIG = ROOT / "gunicorn.conf.py"

_SCRIPT = """
local callers = {%(callers)s}
local next_caller = 0
init = function(args)
  next_caller = math.random(#callers)
end
request = function()
  next_caller = next_caller %% #callers + 1
  return wrk.format("GET", "%(path)s", callers[next_caller])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FIGURES %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def drive(
    base: str, path: str, callers: list[dict[str, str]], *, connections: int, seconds: float
) -> Figures:
    """`wrk -t2 -c<connections>` on base+path for `seconds`, cycling over the callers' headers."""
    table = ", ".join(
        "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in headers.items()) + "}"
        for headers in callers or [{}]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_SCRIPT % {"callers": table, "path": path.replace('"', "")})
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "5s", "-s",
             script.name, base],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    line = next(row for row in out.splitlines() if row.startswith("FIGURES "))
    requests, micros, p50, p95, p99, errors = (int(value) for value in line.split()[1:])
    return Figures(requests, micros / 1e6, p50 / 1e3, p95 / 1e3, p99 / 1e3, errors)


def status(base: str, path: str, headers: dict[str, str]) -> int:
    """One GET's status, redirects not followed (a lost session answers 302 to the sign-in)."""
    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


class Gunicorn:
    """`gunicorn mentorship.wsgi` with the deployment's gunicorn.conf.py (its worker
    class) on a free loopback port, in its own process group, stopped (SIGTERM
    to that group, then SIGKILL) when the `with` block ends."""

    def __init__(self, env: dict[str, str], workers: int = 4) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env, self.workers = env, workers
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "mentorship.wsgi:application",
            "--config", str(CONFIG), "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--log-level", "warning",
        ]  # fmt: skip

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if status(self.base, "/healthz", {}) == 200:
                    return self
            except OSError:
                pass  # not listening yet
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def describe(self) -> str:
        """The worker settings of CONFIG, and what GUNICORN_CMD_ARGS changes in them."""
        conf = runpy.run_path(str(CONFIG))
        text = f"{conf['worker_class']} x {conf['threads']} thread(s)"
        extra = self.env.get("GUNICORN_CMD_ARGS")
        return f"{text} ({CONFIG.name}; GUNICORN_CMD_ARGS={extra!r})" if extra else text

    def cpu_seconds(self) -> float:
        """User and system time of the workers so far (Linux /proc; the master does no work)."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        ticks = 0
        for pid in children.read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:  # a worker restarted meanwhile
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
