"""Due dates of goals and tasks stay within a sensible window around the mentorship."""

import datetime as dt

import pytest
from django.utils import timezone

from mentorship import matches as matching
from mentorship import work
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/mentorships/"


@pytest.fixture
def pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee, mentor, match.mentorship


@pytest.mark.parametrize("kind", ["goals", "tasks"])
@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "1970-01-01", "2200-06-01"])
def test_absurd_due_dates_are_refused(api, pair, kind, due):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    response = api.post(f"{URL}{mentorship.pk}/{kind}/", {"title": "Резюме", "due": due})
    assert response.status_code == 400
    assert "due" in response.json()


@pytest.mark.parametrize("kind", ["goals", "tasks"])
def test_absurd_due_dates_are_refused_on_change_too(api, pair, kind):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    created = api.post(f"{URL}{mentorship.pk}/{kind}/", {"title": "Резюме"}).json()
    response = api.patch(f"{URL}{mentorship.pk}/{kind}/{created['id']}/", {"due": "9999-12-31"})
    assert response.status_code == 400
    assert "due" in response.json()


def test_the_window_runs_from_before_the_start_to_five_years_ahead(pair):
    mentee, _mentor, mentorship = pair
    start = mentorship.started_at.date()
    now = timezone.now()
    first = start - work.DUE_BEFORE_START
    last = now.date() + work.DUE_AHEAD
    for due in (first, last, now.date()):
        goal = work.goal_create(
            user=mentee.user, mentorship_id=mentorship.pk, title="Цель", due=due
        )
        assert goal.due == due
    for due in (first - dt.timedelta(days=1), last + dt.timedelta(days=1)):
        with pytest.raises(work.InvalidInput):
            work.task_create(user=mentee.user, mentorship_id=mentorship.pk, title="Т", due=due)
