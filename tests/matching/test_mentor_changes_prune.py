"""The mentor change log is pruned of the entries no kept matrix can need."""

import datetime as dt

import pytest
from django.conf import settings

from matching import mentor_matrix, tasks
from matching.models import MentorChange

NOW = dt.datetime(2026, 3, 25, 12, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_entries_older_than_a_day_are_pruned_and_the_others_kept():
    MentorChange.objects.all().delete()
    old = MentorChange.objects.create(mentor_id=1, txid=10, created_at=NOW - dt.timedelta(days=2))
    edge = MentorChange.objects.create(
        mentor_id=2, txid=11, created_at=NOW - mentor_matrix.KEEP_CHANGES + dt.timedelta(seconds=1)
    )
    recent = MentorChange.objects.create(mentor_id=3, txid=12, created_at=NOW)

    assert mentor_matrix.prune_changes(now=NOW) == 1

    kept = set(MentorChange.objects.values_list("pk", flat=True))
    assert kept == {edge.pk, recent.pk}
    assert old.pk not in kept


@pytest.mark.django_db
def test_the_prune_runs_daily_from_beat():
    MentorChange.objects.all().delete()
    MentorChange.objects.create(mentor_id=1, txid=10, created_at=NOW - dt.timedelta(days=400))
    schedule = settings.CELERY_BEAT_SCHEDULE["prune-mentor-changes"]
    assert schedule["task"] == "matching.tasks.prune_mentor_changes"
    assert tasks.prune_mentor_changes() == 1
