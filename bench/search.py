"""The catalogue's free-text search at scale: the stored, GIN-indexed document
(migration 0013) against the expression it replaced, on synthetic mentors.

    python bench/search.py [--mentors 5000] [--runs 5] [--reuse-db]

Seeds `bench_search` (or BENCH_DATABASE_URL) with demo.synthetic's people, then
for each query asks for one catalogue page as the API does (the count and the
first 20 cards' ids, accounts.selectors.public_mentors) both ways, checks they
find the same mentors in the same order, and prints the median wall time of
each, this process's CPU time (the rest is PostgreSQL's) and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _db import recreate_database  # noqa: E402 - after the path above

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_search"
QUERIES = ("аналитик", "python", "продакт менеджер", "маркетинг", "москва", "sql данных")
PAGE = 20


def _seed(mentors: int, reuse: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import MentorProfile
    from demo.synthetic import synthetic_seed

    call_command("migrate", verbosity=0)
    if reuse and MentorProfile.objects.exists():
        print(f"reusing: {MentorProfile.objects.count():,} mentors")
        return
    started = time.perf_counter()
    synthetic_seed(mentors=mentors, mentees=0, password_hash="!")  # noqa: S106 - unusable
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded {mentors:,} mentors in {time.perf_counter() - started:.1f} s")


def _legacy(text: str):
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    from accounts.search import CONFIG, legacy_document, search_words
    from accounts.selectors import public_mentors

    words = search_words(text)
    query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config=CONFIG)
    queryset = public_mentors()
    return (
        queryset.annotate(document=legacy_document())
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", *queryset.query.order_by)
    )


def _stored(text: str):
    from accounts.search import mentors_matching
    from accounts.selectors import public_mentors

    return mentors_matching(public_mentors(), text)


def _page(build, text: str) -> tuple[int, list[int], float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    queryset = build(text)
    count = queryset.count()
    ids = list(queryset.values_list("pk", flat=True)[:PAGE])
    return count, ids, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse-db", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not args.reuse_db:
        recreate_database(url)
    os.environ.update(DATABASE_URL=url, REDIS_URL="", LOG_LEVEL="WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    import django

    django.setup()
    _seed(args.mentors, args.reuse_db)
    failed = 0
    print(f"{'query':<20} {'found':>6} {'before ms':>10} {'after ms':>9} {'after CPU':>9}  load")
    for text in QUERIES:
        figures = {}
        for name, build in (("before", _legacy), ("after", _stored)):
            runs = [_page(build, text) for _ in range(args.runs)]
            figures[name] = runs
        before, after = figures["before"][0], figures["after"][0]
        if before[:2] != after[:2]:
            failed += 1
            print(f"{text}: DIFFERENT results {before[:2]} != {after[:2]}")
        print(
            f"{text:<20} {after[0]:>6} "
            f"{statistics.median(r[2] for r in figures['before']) * 1000:>10.1f} "
            f"{statistics.median(r[2] for r in figures['after']) * 1000:>9.1f} "
            f"{statistics.median(r[3] for r in figures['after']) * 1000:>9.1f}  "
            f"{os.getloadavg()[0]:.1f}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
