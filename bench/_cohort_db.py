"""Part 2 of bench/cohort.py: a programme's cohort matching end to end with PostgreSQL.

Creates the database ``bench_cohort`` anew (BENCH_DATABASE_URL overrides),
seeds synthetic people with ``demo.synthetic.synthetic_seed``, puts them all in
one programme, and runs the steps of the cohort chord in this one process —
plan, every scoring chunk, the assignment with the draft written — then
publishes the draft as matches. Each step is timed.
"""

from __future__ import annotations

import os
import time

from _db import recreate_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_cohort"


def end_to_end(n_mentees: int, n_mentors: int, objective: str = "score") -> float:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    os.environ["REDIS_URL"] = ""  # nothing is enqueued: the chord's steps run right here
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command

    from accounts.models import MenteeProfile, MentorProfile, User
    from demo.synthetic import synthetic_seed
    from programmes import runs, services
    from programmes.models import Coordinator, MatchingRun, Member, Programme

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    synthetic_seed(mentors=n_mentors, mentees=n_mentees)
    print(
        f"\nseeded {n_mentors:,} mentors and {n_mentees:,} mentees "
        f"in {time.perf_counter() - started:.1f} s"
    )
    coordinator = User.objects.create_user(email="coordinator@bench.local", full_name="К")
    today = dt.date.today()
    programme = Programme.objects.create(
        name="Bench", starts_on=today, ends_on=today + dt.timedelta(days=90)
    )
    Coordinator.objects.create(programme=programme, user=coordinator)
    Member.objects.bulk_create(
        [Member(programme=programme, user_id=pk, role="mentee")
         for pk in MenteeProfile.objects.values_list("pk", flat=True)]
        + [Member(programme=programme, user_id=pk, role="mentor")
           for pk in MentorProfile.objects.values_list("pk", flat=True)],
        batch_size=5000,
    )  # fmt: skip

    timings: dict[str, float] = {}

    def timed(label: str, call):
        began = time.perf_counter()
        result = call()
        timings[label] = timings.get(label, 0.0) + time.perf_counter() - began
        return result

    total = time.perf_counter()
    # The run as matching_run_start makes it, without enqueueing the chord:
    # its steps are timed one by one below.
    run = MatchingRun.objects.create(
        programme=programme, objective=objective, created_by=coordinator
    )
    plan = timed("plan (read the cohort)", lambda: runs.matching_run_plan(run_id=run.pk))
    payloads = [
        timed(
            f"score {len(plan['chunks'])} chunks (features from PostgreSQL + top 50)",
            lambda chunk=chunk, index=index: runs.cohort_chunk_score(
                run_id=run.pk,
                mentee_ids=chunk,
                mentor_ids=plan["mentor_ids"],
                first_index=index * runs.CHUNK,
            ),
        )
        for index, chunk in enumerate(plan["chunks"])
    ]
    timed(
        "assign (min-cost flow, greedy, facts, draft written)",
        lambda: runs.cohort_assign(
            run_id=run.pk,
            payloads=payloads,
            mentee_ids=plan["mentee_ids"],
            mentor_ids=plan["mentor_ids"],
        ),
    )
    elapsed = time.perf_counter() - total
    run.refresh_from_db()
    published = timed(
        "publish (draft → matches)",
        lambda: services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk),
    )
    for label, seconds in timings.items():
        print(f"  {label:<62} {seconds:7.2f} s")
    gap = run.total_score - (run.greedy_score or 0)
    print(
        f"end to end, {n_mentees:,} x {n_mentors:,} ({objective}): {elapsed:.1f} s to the draft "
        f"(target < 30 s); {run.matched:,} matched, total {run.total_score:,.1f} vs greedy "
        f"{run.greedy_score:,.1f} (+{gap:,.1f}); published {published}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    return elapsed
