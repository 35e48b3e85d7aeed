"""Helpers of the query-count tests: rows built with the factories, queries counted.

Every list endpoint and page must ask the database the same number of times for
3 rows as for 30: a query per row (an N+1) makes the two counts differ.
"""

import datetime as dt
import itertools
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from core.models import Notification
from mentorship import matches as matching
from mentorship import services
from mentorship.models import (
    Goal,
    Mentorship,
    Message,
    Session,
    SessionPersonal,
    Task,
)
from programmes import services as programmes
from tests.factories import MenteeFactory, MentorFactory, UserFactory

FEW, MANY = 3, 30
_keys = itertools.count()


def queries(fetch: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def assert_flat(add_rows: Callable[[int], object], fetch: Callable[[int], object]) -> None:
    """`add_rows(n)` adds n rows; `fetch(total)` asks for the list and checks it shows them.

    The list is asked once before counting, so that caches filled on the first
    request (content types, the session) do not count against the few rows."""
    add_rows(FEW)
    fetch(FEW)
    few, few_sql = queries(lambda: fetch(FEW))
    add_rows(MANY - FEW)
    many, sql = queries(lambda: fetch(MANY))
    shown = "\n".join(line[:160] for line in sql)
    # An API page that is not full needs no COUNT of the total (core.pagination): the
    # few rows may ask that one query less than the many, and nothing else may differ.
    totals = _counts(sql) - _counts(few_sql)
    assert totals in (0, 1), shown
    assert few + totals == many, f"{few} queries for {FEW} rows, {many} for {MANY}:\n{shown}"


def _counts(sql: list[str]) -> int:
    return sum(line.startswith("SELECT COUNT(*)") for line in sql)


def facts() -> dict:
    """A real match's stored facts (with shared skills, so a render names them)."""
    mentee, mentor = MenteeFactory(), MentorFactory()
    return matching.match_request(user=mentee.user, mentor_id=mentor.pk).factors


def mentorship_of(mentee: User, mentor: User) -> Mentorship:
    return services.mentorship_start(mentee_id=mentee.pk, mentor_id=mentor.pk)


def message(mentorship: Mentorship, author: User, body: str = "Привет!") -> Message:
    return Message.objects.create(mentorship=mentorship, author=author, body=body)


def session(mentorship: Mentorship, reader: User, *, days: int) -> Session:
    """A session `days` from now (negative: past), with the reader's own notes."""
    row = Session.objects.create(
        mentorship=mentorship,
        starts_at=timezone.now() + dt.timedelta(days=days),
        duration_minutes=60,
        format="video",
        status="planned" if days > 0 else "held",
        created_by=reader,
    )
    SessionPersonal.objects.create(session=row, user=reader, private_notes="моё", rating=4)
    return row


def goal(mentorship: Mentorship) -> Goal:
    return Goal.objects.create(mentorship=mentorship, title="Собрать портфолио")


def task(mentorship: Mentorship, author: User) -> Task:
    return Task.objects.create(mentorship=mentorship, title="Дашборд", created_by=author)


def notification(user: User) -> Notification:
    return Notification.objects.create(
        user=user,
        kind="match_accepted",
        key=f"query-count-{next(_keys)}",
        title="Пара состоялась",
        url="/dashboard/",
    )


def programme_of(coordinator):
    """A programme running from today for 90 days (the services refuse to join one
    that is over), coordinated by `coordinator`."""
    today = timezone.localdate()
    return programmes.programme_create(
        user=coordinator,
        name="Поток",
        goal_areas=["analytics"],
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
    )


def person_with(*, mentee: bool, mentor: bool, coordinator: bool) -> User:
    """Someone holding the given roles: each side's profile, a programme they coordinate."""
    person = UserFactory()
    if mentee:
        MenteeFactory(user=person)
    if mentor:
        MentorFactory(user=person)
    if coordinator:
        programme_of(person)
    return person
