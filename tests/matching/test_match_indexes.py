"""The partial indexes of matching_match (migration 0007): suggestions nobody has
requested stay out of them, and the queries that need them still read them."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import QuerySet

from matching.models import Match
from mentorship.track_record import ANSWERED, EXPIRED

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 1, 11, 12, tzinfo=dt.UTC)
REQUESTED = "match_requested_or_decided"


def _plan(queryset: QuerySet) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows: the planner would rightly scan the table; forbid that,
        # to see that the partial index can answer (its condition is implied).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        # matching.services.requests_expire and requests_remind
        (lambda: Match.objects.open_requests().filter(requested_at__lte=NOW), REQUESTED),
        # mentorship.track_record: every mentor's answered and expired requests
        (lambda: Match.objects.filter(ANSWERED | EXPIRED), REQUESTED),
        # programmes: a programme's pairs
        (lambda: Match.objects.filter(programme_id=1), "match_of_programme"),
    ],
    ids=["open requests by age", "answered or expired", "a programme's pairs"],
)
def test_the_queries_of_requests_answers_and_programmes_read_their_partial_index(queryset, index):
    plan = _plan(queryset())
    # That index alone: not a walk of another one (the mentor's, which leads with a
    # column these queries do not name, would answer any of them row by row).
    assert set(_INDEX_READ.findall(plan)) == {index}, plan


_INDEX_READ = re.compile(r"(?:Index Scan using|Index Only Scan using|Bitmap Index Scan on) (\w+)")
