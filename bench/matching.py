"""Matching benchmark: the scorer, then the suggestion refresh as the app runs it.

Run from the repository root (``make bench`` does):

    python bench/matching.py [--skip-db] [--skip-large]

Part 1 (pure numpy, no database) is bench/_scoring.py: pairs per second of the
scorer on one core and two, and the plain-Python pair loop for the ratio.

Parts 2-4 (bench/_refresh.py) need PostgreSQL and Redis: they create the
database ``bench_matching`` (BENCH_DATABASE_URL overrides), seed synthetic
people, and time what the app runs, with real Celery workers on a queue of
their own: the refresh of everyone at 10,000 x 2,000 in one worker; one
mentee's refresh against 100,000 mentors (and a new mentee's profile saved
through the API until their suggestions are there); the refresh of everyone at
100,000 x 20,000 with one worker process and with two.

Every figure is printed with the load average (the machine is shared, and
other processes skew wall-clock figures). Exits 1 when a floor is missed:
scoring >= 150 M pairs/s on one core; the refresh of everyone at 10,000 x
2,000 <= 6 s; one mentee vs 100,000 mentors <= 300 ms; two workers <= 0.8 of
one worker's time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project first: this script's own name would shadow the matching package.
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import _workers  # noqa: E402 - after the path above


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-db", action="store_true", help="only the pure scorer part")
    parser.add_argument("--skip-large", action="store_true", help="skip parts 3 and 4")
    args = parser.parse_args()

    import _scoring

    print("== Part 1: the scorer (no database)")
    _python_rate, one_core = _scoring.main([])
    _workers.floor(
        "scoring >= 150 M pairs/s on one core (compiled kernel, per CPU second)",
        one_core >= 150e6,
        f"{one_core / 1e6:.0f} M",
    )
    if not args.skip_db:
        _workers.use_broker()
        import _refresh

        _refresh.setup_database()
        print("\n== Part 2: the refresh of everyone, 10,000 x 2,000, one worker")
        _refresh.full_refresh_small()
        if not args.skip_large:
            _refresh.one_mentee_and_scale_out()
    return _workers.exit_code()


if __name__ == "__main__":
    sys.exit(main())
