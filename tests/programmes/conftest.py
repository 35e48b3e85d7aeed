import datetime as dt

import pytest

from programmes import runs, services
from programmes.models import MatchingRun
from tests.factories import MenteeFactory, MentorFactory, UserFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(full_name="Координатор Программы")


@pytest.fixture
def programme(coordinator):
    today = dt.date.today()
    return services.programme_create(
        user=coordinator,
        name="Весенний поток",
        goal_areas=["analytics"],
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
    )


@pytest.fixture
def cohort(programme):
    """Five mentees and two mentors with two places each: one mentee must stay unmatched."""
    mentees = [MenteeFactory() for _ in range(5)]
    mentors = [MentorFactory(capacity=2) for _ in range(2)]
    for profile in mentees:
        services.programme_join(user=profile.user, join_code=programme.join_code, role="mentee")
    for profile in mentors:
        services.programme_join(user=profile.user, join_code=programme.join_code, role="mentor")
    return mentees, mentors


def run_inline(run: MatchingRun) -> MatchingRun:
    """The chord's steps in this process, in order (the worker test runs the real chord)."""
    plan = runs.matching_run_plan(run_id=run.pk)
    assert plan is not None
    payloads = [
        runs.cohort_chunk_score(
            run_id=run.pk,
            mentee_ids=chunk,
            mentor_ids=plan["mentor_ids"],
            first_index=index * runs.CHUNK,
        )
        for index, chunk in enumerate(plan["chunks"])
    ]
    runs.cohort_assign(
        run_id=run.pk,
        payloads=payloads,
        mentee_ids=plan["mentee_ids"],
        mentor_ids=plan["mentor_ids"],
    )
    run.refresh_from_db()
    return run
