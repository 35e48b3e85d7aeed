"""Guards of the mentorship lifecycle (mentorship/services.py) that only a broken rule
would show: each test fails when the phase condition, filter or lock it names is dropped
(`make mutate`)."""

import datetime as dt

import pytest

from accounts.models import MentorProfile
from core.errors import ServiceError
from mentorship import matches as matching
from mentorship import services
from mentorship.models import Mentorship, Phase
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee, mentor, match.mentorship


def _places(*mentors) -> list[int]:
    places = dict(MentorProfile.objects.values_list("pk", "active_mentees"))
    return [places[m.pk] for m in mentors]


@pytest.mark.parametrize("phase", [Phase.INITIAL, Phase.MAIN, Phase.COMPLETED, Phase.ENDED])
def test_only_a_closing_mentorship_completes(pair, phase):
    _, mentor, mentorship = pair
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=phase)

    assert services.mentorship_complete(mentorship_id=mentorship.pk, now=NOW) is False

    assert Mentorship.objects.get(pk=mentorship.pk).phase == phase
    assert _places(mentor) == [1]


def test_completing_frees_a_place_of_its_own_mentor_only(pair):
    _, mentor, mentorship = pair
    bystander = MentorFactory()
    MentorProfile.objects.filter(pk=bystander.pk).update(active_mentees=1)
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.CLOSING)

    assert services.mentorship_complete(mentorship_id=mentorship.pk, now=NOW) is True

    assert _places(mentor, bystander) == [0, 1]
    completed = Mentorship.objects.get(pk=mentorship.pk)
    assert (completed.phase, completed.ended_at) == (Phase.COMPLETED, NOW)


def test_a_place_already_free_stays_at_zero_when_the_mentorship_ends(pair):
    mentee, mentor, mentorship = pair
    MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=0)

    services.mentorship_end(user=mentee.user, mentorship_id=mentorship.pk, reason="other")

    assert _places(mentor) == [0]


def test_the_overdue_job_completes_only_closing_phases_older_than_fourteen_days(pair):
    mentorship = pair[2]
    month_ago = NOW - dt.timedelta(days=30)
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.MAIN, phase_started_at=month_ago)
    closing_mentee, closing_mentor = MenteeFactory(), MentorFactory()
    closing = services.mentorship_start(mentee_id=closing_mentee.pk, mentor_id=closing_mentor.pk)
    Mentorship.objects.filter(pk=closing.pk).update(
        phase=Phase.CLOSING, phase_started_at=NOW - dt.timedelta(days=13, hours=23)
    )

    assert services.mentorships_complete_overdue(now=NOW) == []

    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.MAIN
    assert Mentorship.objects.get(pk=closing.pk).phase == Phase.CLOSING


def test_advancing_within_the_active_phases_leaves_the_end_empty(pair):
    mentee, _, mentorship = pair
    for item in mentorship.checklist.filter(phase=Phase.INITIAL):
        services.checklist_item_set(
            user=mentee.user, mentorship_id=mentorship.pk, key=item.key, done=True
        )

    advanced = services.mentorship_advance(user=mentee.user, mentorship_id=mentorship.pk)

    assert (advanced.phase, advanced.ended_at) == (Phase.MAIN, None)


def test_ending_a_mentorship_the_other_side_ends_at_that_moment_frees_one_place(pair, monkeypatch):
    """The end's conditional UPDATE (`phase in the active phases`) decides who ended
    it: the one who waited for the row lock is refused, and the place is freed once."""
    mentee, mentor, mentorship = pair
    # The mentor has a second pair, so a place freed twice would show.
    MentorProfile.objects.filter(pk=mentor.pk).update(capacity=3, active_mentees=2)
    services.mentorship_start(mentee_id=MenteeFactory().pk, mentor_id=mentor.pk)
    check_active = services.check_active

    def checked_just_before_the_mentor_ended_it(row):
        check_active(row)
        # What the mentor's own end, committed right after this check, left behind.
        Mentorship.objects.filter(pk=row.pk).update(phase=Phase.ENDED, ended_at=NOW)
        MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=1)

    monkeypatch.setattr(services, "check_active", checked_just_before_the_mentor_ended_it)

    with pytest.raises(ServiceError) as error:
        services.mentorship_end(user=mentee.user, mentorship_id=mentorship.pk, reason="other")

    assert error.value.code == "not_active"
    assert _places(mentor) == [1]
    assert Mentorship.objects.get(pk=mentorship.pk).ended_at == NOW


def test_the_overdue_job_completes_at_the_time_it_is_given(pair):
    mentorship = pair[2]
    Mentorship.objects.filter(pk=mentorship.pk).update(
        phase=Phase.CLOSING, phase_started_at=NOW - dt.timedelta(days=15)
    )

    assert services.mentorships_complete_overdue(now=NOW) == [mentorship.pk]

    completed = Mentorship.objects.get(pk=mentorship.pk)
    assert (completed.phase, completed.ended_at, completed.phase_started_at) == (
        Phase.COMPLETED,
        NOW,
        NOW,
    )
