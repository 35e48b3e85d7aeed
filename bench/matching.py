"""Matching benchmark: the scorer alone, then the suggestion refresh end to end.

Run from the repository root (``make bench`` does):

    python bench/matching.py [--mentees 10000] [--mentors 2000] [--skip-db]

Part 1 (pure numpy, no database) is bench/_scoring.py: pairs per second of the
vectorised scorer, top-10 for one mentee against 100,000 mentors, and the same
scoring by a plain-Python pair loop for the ratio.

Part 2 needs PostgreSQL: it creates the database ``bench_matching`` (dropped
and created anew; BENCH_DATABASE_URL overrides where), seeds synthetic people
with ``demo.synthetic.synthetic_seed``, and times ``suggestions_refresh()`` in
this one process — what one Celery worker does — reading profiles from and
writing suggestions to PostgreSQL. It runs twice: the first run inserts every
suggestion, the second is the periodic refresh, which rewrites only what changed
(nothing, within the same week).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _db import recreate_database  # noqa: E402 - after the path above

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_matching"


def refresh_end_to_end(mentees: int, mentors: int, python_rate: float) -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    os.environ["REDIS_URL"] = ""  # nothing is enqueued; the refresh runs right here
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from demo.synthetic import synthetic_seed
    from matching import suggestions
    from matching.models import Match

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    synthetic_seed(mentors=mentors, mentees=mentees)
    seeded = time.perf_counter() - started
    print(f"seeded {mentors:,} mentors and {mentees:,} mentees in {seeded:.1f} s")

    for label in ("first refresh (inserts)", "second refresh (unchanged)"):
        since = timezone.now()
        started = time.perf_counter()
        suggested = suggestions.suggestions_refresh()
        elapsed = time.perf_counter() - started
        written = Match.objects.filter(updated_at__gte=since).count()
        print(
            f"{label}: {mentees:,} mentees x {mentors:,} mentors -> {suggested:,} suggestions "
            f"in {elapsed:.1f} s end to end ({Match.objects.count():,} rows stored, "
            f"{written:,} written; load average {os.getloadavg()[0]:.2f})"
        )
    pairs = mentees * mentors
    print(
        f"  target < 30 s; {pairs / 1e6:.0f} million pairs scored per run; "
        "a plain-Python loop would need about "
        f"{pairs / python_rate:,.0f} s for the scoring alone (at part 1's plain-Python rate)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--skip-db", action="store_true", help="only the pure scorer part")
    args = parser.parse_args()

    import _scoring

    print("== Part 1: the scorer (numpy, no database)")
    python_rate = _scoring.main([])
    if not args.skip_db:
        print("\n== Part 2: suggestion refresh end to end (PostgreSQL, one process)")
        refresh_end_to_end(args.mentees, args.mentors, python_rate)


if __name__ == "__main__":
    main()
