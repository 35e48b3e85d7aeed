"""CPU time per request of bench/api.py's endpoints, in this process (load-independent).

Run from the repository root against a database bench/api.py seeded:

    python bench/profile_api.py [--requests 300] [--only matches] [--profile 25]

Settings are the production ones bench/api.py gives gunicorn (DEBUG off, Redis for
the cache and the throttles). Each endpoint is asked `--requests` times through
Django's test client (the demo people take turns as callers, as under wrk) after a
warm-up; the CPU time of this process (time.process_time) per request is printed,
which the other work on a loaded machine does not inflate as it does wall time.
`--profile N` also prints the N functions with the most cumulative time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import api  # noqa: E402 - after the path above


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--only", help="only the endpoints whose path contains this")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", api.DEFAULT_URL)
    os.environ.update(api.server_env(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    import django

    django.setup()
    from django.test import Client

    callers_by_kind = api.callers()
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    for path, (kind, _floor, _p95) in api.FLOORS.items():
        if args.only is not None and args.only not in path:
            continue
        # One client (one handler, its middleware loaded once, as in a worker).
        client = Client(HTTP_HOST="127.0.0.1")
        metas = [
            {"HTTP_" + key.upper(): value for key, value in caller.items()}
            for caller in callers_by_kind[kind]
        ]
        for meta in metas[:20]:  # warm-up: per-process caches, connections
            assert client.get(path, **meta).status_code == 200, path
        # Timed on CPU, not wall: on a loaded machine waiting would count as work.
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for i in range(args.requests):
            client.get(path, **metas[i % len(metas)])
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            f"{path:<30} cpu {cpu * 1000 / args.requests:6.2f} ms/request  "
            f"wall {wall * 1000 / args.requests:6.2f} ms/request"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats(
                os.environ.get("PROFILE_SORT", "cumulative")
            ).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
