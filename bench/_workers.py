"""Real Celery workers for a benchmark, and its floors.

A worker is `celery -A mentorship worker` on the bench's own database and its
own queue (so no test run's worker takes its tasks), started and stopped here.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MISSED: list[str] = []


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (5 min {five:.2f})"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its live descendants (Linux /proc):
    a worker's, whose pool processes do the work."""
    ticks = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:  # exited meanwhile
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        stack.extend(int(child) for child in children)
    return ticks / os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # exited meanwhile
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class BackendCpu:
    """CPU time of the PostgreSQL backends serving one database (the server on this
    machine), sampled every few milliseconds from /proc while in use: the
    database's share of a run, which the workers' CPU time leaves out. A backend's
    last few milliseconds before it exits are missed (each task connects anew)."""

    def __init__(self, url: str, every: float = 0.02) -> None:
        self.url, self.every = url, every
        self.seen: dict[int, float] = {}
        self.first: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> BackendCpu:
        import psycopg

        self._conn = psycopg.connect(self.url, autocommit=True)
        self._poll(baseline=True)  # backends already there count from now
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._poll()
        self._conn.close()

    @property
    def seconds(self) -> float:
        return sum(cpu - self.first.get(pid, 0.0) for pid, cpu in self.seen.items())

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            self._poll()

    def _poll(self, baseline: bool = False) -> None:
        rows = self._conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
        for (pid,) in rows:
            cpu = _process_cpu(pid)
            if cpu is None:
                continue
            if baseline:
                self.first[pid] = cpu
            self.seen[pid] = cpu


def floor(label: str, ok: bool, figure: str) -> None:
    """Prints a floor's figure; a missed floor makes the bench exit non-zero."""
    print(f"  floor: {label}: {figure} -> {'ok' if ok else 'MISSED'}; {load()}")
    if not ok:
        MISSED.append(f"{label}: {figure}")


def exit_code() -> int:
    if MISSED:
        print("\nFLOORS MISSED:\n  " + "\n  ".join(MISSED))
        return 1
    print("\nevery floor met")
    return 0


def use_broker() -> str:
    """Settings for a bench that sends tasks: Redis and a queue of its own. Call
    before django.setup()."""
    os.environ["REDIS_URL"] = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    queue = f"bench-{os.getpid()}"
    os.environ["CELERY_QUEUE"] = queue
    return queue


@contextlib.contextmanager
def worker(concurrency: int, log_path: Path) -> Iterator[subprocess.Popen]:
    """A worker with `concurrency` processes on this bench's database and queue."""
    from mentorship.celery import app

    hostname = f"bench-{uuid.uuid4().hex[:8]}@localhost"
    queue = os.environ["CELERY_QUEUE"]
    command = [
        sys.executable, "-m", "celery", "-A", "mentorship", "worker", "--queues", queue,
        "--hostname", hostname, "--concurrency", str(concurrency), "--pool", "prefork",
        "--without-gossip", "--without-mingle", "--loglevel", "info",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DB_CONN_MAX_AGE": "0"}
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start: see {log_path}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
