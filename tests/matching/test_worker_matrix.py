"""Two real workers, each keeping its own packed mentors: a mentor's change is in the
very next refresh, whichever worker runs it (matching.mentor_matrix)."""

import pytest

from accounts.models import MentorProfile
from matching.models import Match
from matching.tasks import refresh_suggestions
from tests.factories import MenteeFactory, MentorFactory, languages

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 60


def _refresh_on(worker, mentee_id: int) -> int:
    task = refresh_suggestions.apply_async([[mentee_id]], queue=worker.own_queue)
    return task.get(timeout=TIMEOUT)


def _suggested(mentee_id: int) -> list[int]:
    return sorted(Match.objects.filter(mentee_id=mentee_id).values_list("mentor_id", flat=True))


def test_a_mentors_change_is_in_the_next_refresh_on_either_worker(two_celery_workers):
    one, two = two_celery_workers
    mentee = MenteeFactory()
    leaving, moving, staying = MentorFactory.create_batch(3)
    MentorFactory(language_codes=["de"])  # never suggested: no common language
    for worker in (one, two):  # both pack the mentors and keep them
        assert _refresh_on(worker, mentee.pk) == 3
    assert _suggested(mentee.pk) == sorted(m.pk for m in (leaving, moving, staying))

    # Changed the ways the app changes mentors: an UPDATE, a many-to-many set, a new row.
    MentorProfile.objects.filter(pk=leaving.pk).update(accepting_mentees=False)
    moving.languages.set(languages("de"))
    newcomer = MentorFactory()

    expected = sorted([staying.pk, newcomer.pk])
    assert _refresh_on(one, mentee.pk) == 2
    assert _suggested(mentee.pk) == expected
    # The other worker's copy is as old, and is brought up to date as well.
    assert _refresh_on(two, mentee.pk) == 2
    assert _suggested(mentee.pk) == expected
    # Each packed everyone once and afterwards repacked only the changed mentors.
    for worker in (one, two):
        log = worker.log()
        assert log.count("Mentor matrix packed: 4 mentors") == 1, log
        assert "Mentor matrix caught up: 3 mentors repacked" in log, log


def test_the_refresh_of_everyone_fans_out_to_both_workers_and_may_run_twice(
    two_celery_workers,
):
    from celery.result import AsyncResult

    from matching.tasks import refresh_all_suggestions

    mentees = MenteeFactory.create_batch(6)
    mentors = MentorFactory.create_batch(2)
    MentorFactory(language_codes=["de"])
    expected = {mentee.pk: sorted(m.pk for m in mentors) for mentee in mentees}

    for _run in range(2):  # the second run finds every row in place
        callback = refresh_all_suggestions.delay(2).get(timeout=TIMEOUT)  # three chunk tasks
        assert AsyncResult(callback).get(timeout=TIMEOUT) == 12
        assert {mentee.pk: _suggested(mentee.pk) for mentee in mentees} == expected
    chunk_tasks = [w.log().count(f"Task {refresh_suggestions.name}[") for w in two_celery_workers]
    assert sum(chunk_tasks) == 2 * 3 * 2  # each received and succeeded: two lines a task
