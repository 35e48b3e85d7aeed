"""API benchmark: the main reads under a bounded load, through gunicorn, against floors.

Run from the repository root (``make bench`` does, and installs wrk first):

    python bench/api.py [--mentors 2000] [--mentees 10000] [--seconds 10] [--runs 2] [--reuse-db]

It creates the database ``bench_api`` anew (BENCH_DATABASE_URL overrides where;
``--reuse-db`` keeps one seeded before), seeds ``demo.synthetic.synthetic_seed``'s
people and then the demo (whose suggestion refresh covers everyone), starts
gunicorn with 4 workers and the deployment's gunicorn.conf.py (sync workers;
GUNICORN_CMD_ARGS overrides it, e.g. "--worker-class gthread --threads 4") on a free loopback port
with production settings
(DEBUG off, Redis for the cache and the throttles: REDIS_URL, default
redis://127.0.0.1:6379/0), and drives each endpoint with wrk at 8 connections
(the demo people take turns as callers). Per endpoint it prints the best of
``--runs`` runs: requests per second, p50/p95/p99 latency, and the queries one
request asks (counted in this process with Django's test client, over every
caller: min–max). It stops gunicorn, prints the load average, and exits 1 when
a floor (FLOORS) is missed or any answer was not a 2xx.

The throttle rates are raised for the run (API_THROTTLE_*): the throttles still
read and write their counters per request, but a bench that answers 429 would
measure the refusal.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _db import recreate_database  # noqa: E402 - after the path above
from _load import Figures, Gunicorn, drive, status  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_api"
SECRET_KEY = "bench-api-only"  # noqa: S105 - the sessions made here must be valid in gunicorn
CONNECTIONS = 8
WARM_UP_SECONDS = 2

# Endpoint -> (who calls it, floor in requests/s, ceiling of p95 in ms or None).
FLOORS = {
    "/api/v1/matches/?role=mentee": ("mentee-token", 250, 60),
    "/api/v1/mentorships/": ("paired-token", 250, 60),
    "/api/v1/mentors/": ("token", 250, 60),
    "/dashboard/": ("session", 250, 60),
    "/api/v1/me/": ("token", 350, None),
    "/healthz": ("anonymous", None, None),
}


def seed(url: str, mentors: int, mentees: int, reuse: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import MentorProfile

    call_command("migrate", verbosity=0)
    if reuse and MentorProfile.objects.exists():
        print(f"reusing {url.rsplit('/', 1)[1]}: {MentorProfile.objects.count():,} mentors")
        return
    from django.contrib.auth.hashers import make_password

    from demo.data.logins import DEMO_PASSWORD
    from demo.load import demo_seed
    from demo.synthetic import synthetic_seed

    started = time.perf_counter()
    password_hash = make_password(DEMO_PASSWORD)
    synthetic_seed(mentors=mentors, mentees=mentees, password_hash=password_hash)
    seeded = demo_seed(password_hash=password_hash)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after such a load
    print(
        f"seeded {mentors:,} mentors and {mentees:,} mentees, then the demo "
        f"({seeded.suggestions:,} suggestions), in {time.perf_counter() - started:.1f} s"
    )


def callers() -> dict[str, list[dict[str, str]]]:
    """The demo people's headers, by how an endpoint is called."""
    from django.conf import settings
    from django.db.models import Q
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from demo.data.logins import DOMAIN

    people = list(
        User.objects.filter(email__endswith=f"@{DOMAIN}")
        .filter(Q(mentee_profile__isnull=False) | Q(mentor_profile__isnull=False))
        .distinct()
        .order_by("pk")
    )
    paired = set(
        User.objects.filter(
            Q(mentee_profile__mentorships__isnull=False)
            | Q(mentor_profile__mentorships__isnull=False)
        ).values_list("pk", flat=True)
    )

    def token(user: User) -> dict[str, str]:
        return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}

    def session(user: User) -> dict[str, str]:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}

    return {
        "token": [token(user) for user in people],
        "mentee-token": [token(user) for user in people if "mentee" in user.roles],
        "paired-token": [token(user) for user in people if user.pk in paired],
        "session": [session(user) for user in people],
        "anonymous": [{}],
    }


def query_counts(path: str, headers: list[dict[str, str]]) -> tuple[int, int]:
    """The fewest and most queries one request to `path` asks, over the callers."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = []
    for caller in headers:
        meta = {"HTTP_" + key.upper(): value for key, value in caller.items()}
        client = Client(HTTP_HOST="127.0.0.1", **meta)
        assert client.get(path).status_code == 200, path  # the first fills per-process caches
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        counts.append(len(captured.captured_queries))
    return min(counts), max(counts)


def server_env(url: str) -> dict[str, str]:
    redis = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": SECRET_KEY,
        "REDIS_URL": redis,
        "CACHE_URL": os.environ.get("CACHE_URL") or redis,
        "API_THROTTLE_USER": "1000000/minute",
        "API_THROTTLE_ANON": "1000000/minute",
        "LOG_LEVEL": "WARNING",
    }


@dataclass(frozen=True)
class Row:
    figures: Figures
    queries: tuple[int, int]
    cpu_ms: float  # gunicorn workers' CPU time per request


def measure(
    server: Gunicorn, path: str, callers: list[dict[str, str]], seconds: float, runs: int
) -> Row:
    answered = status(server.base, path, callers[0])
    if answered != 200:
        raise RuntimeError(f"{path} answered {answered} through gunicorn")
    drive(server.base, path, callers, connections=CONNECTIONS, seconds=WARM_UP_SECONDS)
    results = []
    for _ in range(runs):
        cpu = server.cpu_seconds()
        figures = drive(server.base, path, callers, connections=CONNECTIONS, seconds=seconds)
        results.append((figures, (server.cpu_seconds() - cpu) * 1000 / max(figures.requests, 1)))
    figures, cpu_ms = max(results, key=lambda result: result[0].rate)
    return Row(figures, query_counts(path, callers), cpu_ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--reuse-db", action="store_true", help="keep a database seeded before")
    parser.add_argument("--only", help="only the endpoints whose path contains this")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not args.reuse_db:
        recreate_database(url)
    # This process seeds with tasks run in-process (no broker) and counts queries.
    os.environ.update(
        DATABASE_URL=url, SECRET_KEY=SECRET_KEY, REDIS_URL="", DEBUG="1", HTTPS="0",
        LOG_LEVEL="WARNING",
    )  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    import django

    django.setup()
    seed(url, args.mentors, args.mentees, args.reuse_db)
    callers_by_kind = callers()
    env = server_env(url)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    rows: dict[str, Row] = {}
    loads = [os.getloadavg()[0]]
    with Gunicorn(env, workers=4) as server:
        print(
            f"gunicorn, 4 workers, {server.describe()}, {server.base}; "
            f"wrk -t2 -c{CONNECTIONS}, {args.seconds:g} s a run, best of {args.runs}"
        )
        for path, (kind, _floor, _p95) in FLOORS.items():
            if args.only is None or args.only in path:
                rows[path] = measure(server, path, callers_by_kind[kind], args.seconds, args.runs)
                loads.append(os.getloadavg()[0])
    return report(rows, loads, len(callers_by_kind["token"]))


def report(rows: dict[str, Row], loads: list[float], people: int) -> int:
    missed = []
    print(
        f"{'endpoint':<30} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'queries':>7} {'cpu ms':>6}  floor"
    )
    for path, row in rows.items():
        _kind, floor, p95 = FLOORS[path]
        got = row.figures
        fewest, most = row.queries
        queries = f"{fewest}" if fewest == most else f"{fewest}-{most}"
        wanted = []
        if floor:
            wanted.append(f">= {floor} req/s")
            if got.rate < floor:
                missed.append(f"{path}: {got.rate:.0f} req/s < {floor}")
        if p95:
            wanted.append(f"p95 <= {p95} ms")
            if got.p95_ms > p95:
                missed.append(f"{path}: p95 {got.p95_ms:.0f} ms > {p95}")
        if got.errors:
            missed.append(f"{path}: {got.errors} answers were errors or not 2xx/3xx")
        print(
            f"{path:<30} {got.rate:6.0f} {got.p50_ms:7.1f} {got.p95_ms:7.1f} {got.p99_ms:7.1f} "
            f"{queries:>7} {row.cpu_ms:6.1f}  {', '.join(wanted) or '-'}"
        )
    print(
        f"queries: per request, fewest-most over the callers ({people} demo people take turns); "
        "cpu ms: the gunicorn workers' CPU time per request"
    )
    print(
        "load average (1 min) before and after each endpoint: "
        + " -> ".join(f"{load:.2f}" for load in loads)
        + f" on {os.cpu_count()} cores"
    )
    for line in missed:
        print(f"MISSED {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
