"""Parts 2-4 of bench/matching.py: the suggestion refresh as the app runs it.

Each part creates its own database (dropped and created anew, named after
BENCH_DATABASE_URL or bench_matching), seeds synthetic people with
``demo.synthetic.synthetic_seed``, and times what the app calls:
``refresh_all_suggestions`` through real workers (the chord of chunk tasks),
and ``suggestions_refresh(mentee_ids=[one])``, what a worker runs when a
mentee's profile is saved.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from _db import recreate_database
from _workers import BackendCpu, cpu_seconds, floor, load, worker

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_matching"
LOGS = Path(tempfile.mkdtemp(prefix="bench-matching-"))


def setup_database() -> None:
    """A fresh database for parts 2-4 (part 3 adds to part 2's people)."""
    import django

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(mentors: int, mentees: int) -> None:
    from demo.synthetic import synthetic_seed

    started = time.perf_counter()
    synthetic_seed(mentors=mentors, mentees=mentees)
    print(
        f"seeded {mentors:,} mentors and {mentees:,} mentees in "
        f"{time.perf_counter() - started:.0f} s; {load()}"
    )


def refresh_everyone(label: str, process: subprocess.Popen | None = None) -> float:
    """refresh_all_suggestions through the workers running; seconds to the chord's end.
    With the worker's `process`, its CPU time too (the machine may be shared)."""
    from celery.result import AsyncResult
    from django.utils import timezone

    from matching.models import Match
    from matching.tasks import refresh_all_suggestions

    since = timezone.now()
    cpu = cpu_seconds(process.pid) if process else 0.0
    with BackendCpu(os.environ["DATABASE_URL"]) as database:
        started = time.perf_counter()
        callback = refresh_all_suggestions.delay().get(timeout=3600)
        suggested = AsyncResult(callback).get(timeout=3600)
        elapsed = time.perf_counter() - started
    cpu = cpu_seconds(process.pid) - cpu if process else float("nan")
    written = Match.objects.filter(updated_at__gte=since).count()
    print(
        f"{label}: {suggested:,} suggestions in {elapsed:.1f} s end to end "
        f"({written:,} rows written), worker CPU {cpu:.1f} s, "
        f"PostgreSQL CPU {database.seconds:.1f} s; {load()}"
    )
    return elapsed


def settle() -> None:
    """Starts a timed run from a settled server: the statistics current and no
    checkpoint owed, so that the writes of what ran before (seeding, the previous
    run) are not paid for in this run's time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("CHECKPOINT")


def full_refresh_small(mentees: int = 10_000, mentors: int = 2_000) -> None:
    """Part 2: the refresh of everyone, 10,000 x 2,000, in one worker process."""
    seed(mentors, mentees)
    settle()
    with worker(1, LOGS / "small.log") as process:
        first = refresh_everyone(
            f"{mentees:,} x {mentors:,}, 1 worker, first (cold, inserts)", process
        )
        second = refresh_everyone(
            f"{mentees:,} x {mentors:,}, 1 worker, again (unchanged)", process
        )
    floor("full refresh 10,000 x 2,000 in one worker <= 6 s", first <= 6, f"{first:.1f} s first")
    floor("full refresh 10,000 x 2,000 in one worker <= 6 s", second <= 6, f"{second:.1f} s again")


def one_mentee_and_scale_out(mentors: int = 100_000, mentees: int = 100_000) -> None:
    """Part 3: a mentee's refresh against 100,000 mentors; Part 4: 100,000 x 20,000
    refreshed by one worker process and by two. Adds to part 2's people."""
    seed(mentors, mentees)
    one_mentee(mentors)
    scale_out(active_mentors=mentors // 5)


def one_mentee(mentors: int, samples: int = 20) -> None:
    from accounts.models import MenteeProfile
    from matching import mentor_matrix, suggestions

    print(f"\n== Part 3: one mentee's refresh against {mentors:,} mentors")
    started, cpu = time.perf_counter(), time.process_time()
    mentor_matrix.active_mentors(week=_week())
    packing = time.perf_counter() - started
    print(
        f"packing every mentor once (a worker's first refresh): {packing:.1f} s, "
        f"CPU {time.process_time() - cpu:.1f} s; {load()}"
    )
    times = []
    for pk in MenteeProfile.objects.order_by("?").values_list("pk", flat=True)[:samples]:
        started = time.perf_counter()
        suggestions.suggestions_refresh(mentee_ids=[pk])
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(
        f"suggestions_refresh(mentee_ids=[one]), task start to rows written, {samples} mentees: "
        f"median {median * 1e3:.0f} ms, best {min(times) * 1e3:.0f} ms, "
        f"worst {max(times) * 1e3:.0f} ms"
    )
    floor(
        "one mentee vs 100,000 mentors <= 300 ms (median)", median <= 0.3, f"{median * 1e3:.0f} ms"
    )
    with worker(1, LOGS / "one.log"):
        _save_to_api()


def _save_to_api() -> None:
    """A new mentee saves their profile through the API; how long until their
    suggestions are there through the API, computed by a real worker."""
    from rest_framework.test import APIClient

    from accounts.models import User
    from matching.tasks import refresh_suggestions

    # The worker's first task packs every mentor; a person waits on a warm worker.
    started = time.perf_counter()
    warm = User.objects.filter(mentee_profile__isnull=False).order_by("pk").first()
    refresh_suggestions.delay([warm.pk]).get(timeout=600)
    print(f"the worker's first refresh (packs every mentor): {time.perf_counter() - started:.1f} s")
    waits = []
    for n in range(3):
        user = User.objects.create_user(email=f"new-{n}@bench.local", full_name="Новая Подопечная")
        api = APIClient(SERVER_NAME="localhost")
        api.force_authenticate(user)
        started = time.perf_counter()
        response = api.put("/api/v1/me/mentee/", _NEW_MENTEE, format="json")
        assert response.status_code in (200, 201), response.content
        while True:
            listed = api.get("/api/v1/matches/", {"role": "mentee"})
            if listed.json().get("results"):
                break
            if time.perf_counter() - started > 120:
                raise RuntimeError("no suggestions after 120 s")
            time.sleep(0.01)
        waits.append(time.perf_counter() - started)
    print(
        "profile saved (PUT /api/v1/me/mentee/) -> first suggestions through "
        f"GET /api/v1/matches/, real worker: {', '.join(f'{w * 1e3:.0f} ms' for w in waits)}; "
        f"{load()}"
    )


_NEW_MENTEE = {
    "goal_area": "analytics",
    "skills": ["sql", "python"],
    "current_role": "Учитель",
    "stage": "learning",
    "goals": "Перейти в аналитику",
    "formats": ["video", "chat"],
    "languages": ["ru"],
    "availability": [{"weekday": d, "start": "19:00", "end": "21:00"} for d in range(5)],
    "timezone": "Europe/Moscow",
}


def scale_out(active_mentors: int) -> None:
    """100,000 mentees x 20,000 active mentors (the others deactivated), refreshed
    from an empty table by one worker process, then by two."""
    from django.db import connection

    from accounts.models import MentorProfile, User

    print(f"\n== Part 4: the refresh of everyone, 100,000 x {active_mentors:,}, 1 and 2 workers")
    keep = MentorProfile.objects.order_by("pk").values("pk")[:active_mentors]
    User.objects.filter(mentor_profile__isnull=False).exclude(pk__in=keep).update(is_active=False)
    times = {}
    for processes in (1, 2):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE matching_match CASCADE")
        settle()
        with worker(processes, LOGS / f"scale-{processes}.log") as process:
            times[processes] = refresh_everyone(
                f"100,000 x {active_mentors:,}, {processes} worker process(es), inserts", process
            )
    ratio = times[2] / times[1]
    floor(
        "two workers clearly faster than one (<= 0.8 of the time)",
        ratio <= 0.8,
        f"{times[1]:.0f} s vs {times[2]:.0f} s ({ratio:.2f})",
    )


def _week() -> dt.date:
    from matching import features

    return features.coming_week_start()
