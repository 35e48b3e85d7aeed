"""Suggestions recomputed by a real Celery worker after profile changes commit."""

import time
from collections.abc import Callable, Iterator

import pytest

from accounts.models import MentorProfile
from matching import suggestions
from matching.models import Match
from matching.tasks import refresh_person_suggestions, refresh_suggestions
from tests.conftest import Worker
from tests.factories import MenteeFactory, MentorFactory

# The worker only sees committed rows; serialized_rollback restores the seeded
# taxonomy that each transactional test's flush removes.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 60


@pytest.fixture
def worker(celery_worker: Worker) -> Iterator[Worker]:
    """The real worker. Output printed at teardown is shown only when the test fails."""
    yield celery_worker
    print(f"----- celery worker log -----\n{celery_worker.log()}")


def _wait_for(predicate: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _suggested_mentors(mentee_id: int) -> list[int]:
    """Mentor ids of a mentee's rows, duplicates kept so that a test can see them."""
    return sorted(Match.objects.filter(mentee_id=mentee_id).values_list("mentor_id", flat=True))


def test_mentee_profile_change_brings_fresh_suggestions(worker, api):
    mentee = MenteeFactory()
    MentorFactory.create_batch(2)  # Russian only: fit the profile before the change
    german = MentorFactory.create_batch(3, language_codes=["de"])
    MentorFactory(language_codes=["de"], capacity=1, active_mentees=1)  # full
    assert not Match.objects.exists()

    api.force_authenticate(mentee.user)
    response = api.patch("/api/v1/me/mentee/", {"languages": ["de"]}, format="json")

    assert response.status_code == 200, response.content
    assert _wait_for(lambda: Match.objects.filter(mentee=mentee).exists())
    assert _suggested_mentors(mentee.pk) == sorted(m.pk for m in german)


def test_refresh_task_run_twice_keeps_the_same_rows(worker):
    mentee = MenteeFactory()
    mentors = MentorFactory.create_batch(3)
    MentorFactory(language_codes=["de"])  # no common language: never suggested

    first = refresh_suggestions.delay([mentee.pk])
    second = refresh_suggestions.delay([mentee.pk])

    assert first.get(timeout=TIMEOUT) == second.get(timeout=TIMEOUT) == 3
    assert _suggested_mentors(mentee.pk) == sorted(m.pk for m in mentors)
    rows = sorted(Match.objects.values_list("pk", "mentee_id", "mentor_id", "score"))
    # Once more, with the rows already there: updated in place, ids and all.
    assert refresh_suggestions.delay([mentee.pk]).get(timeout=TIMEOUT) == 3
    assert sorted(Match.objects.values_list("pk", "mentee_id", "mentor_id", "score")) == rows


def test_mentor_who_stops_accepting_drops_out_of_suggestions(worker, api):
    mentees = MenteeFactory.create_batch(2)
    leaving, *staying = MentorFactory.create_batch(3)
    suggestions.suggestions_refresh()
    assert Match.objects.filter(mentor=leaving).count() == 2

    api.force_authenticate(leaving.user)
    response = api.patch("/api/v1/me/mentor/", {"accepting_mentees": False}, format="json")

    assert response.status_code == 200, response.content
    assert not MentorProfile.objects.get(pk=leaving.pk).accepting_mentees
    assert _wait_for(lambda: not Match.objects.filter(mentor=leaving).exists())
    for mentee in mentees:
        assert _suggested_mentors(mentee.pk) == sorted(m.pk for m in staying)
    # Only the lists this mentor could be in are recomputed, not everyone's.
    assert f"Task {refresh_person_suggestions.name}[" in worker.log()
