"""A mentor's outcome figure: from five mentees, republished in steps, and in the scorer."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import MenteeProfile, MentorProfile
from matching import features, scoring
from mentorship.follow_up_models import FollowUp
from mentorship.outcome_record import mentor_outcome_refresh, mentor_outcomes_refresh_all
from mentorship.outcomes import follow_up_answer
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

DUE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_the_outcome_share_is_shrunk_toward_its_prior():
    assert scoring.outcome_share(5, 5) == pytest.approx((5 + 1.6) / 9)
    assert scoring.outcome_share(0, 0) is None


def test_an_unknown_outcome_leaves_the_track_record_as_it_was():
    assert scoring.track_with_outcomes(0.62, None, 30) == 0.62
    assert scoring.track_with_outcomes(None, None, 30) is None
    # The prior share is neutral (0.5); a full share counts as a full track part.
    assert scoring.track_with_outcomes(0.5, 0.4, 30) == pytest.approx(0.5)
    assert scoring.track_with_outcomes(0.5, 1.0, 30) == pytest.approx(0.7 * 0.5 + 0.3)
    assert scoring.track_with_outcomes(0.5, 1.0, 0) == pytest.approx(0.5)


def _answered(mentor: MentorProfile, working: bool) -> FollowUp:
    mentorship = MentorshipFactory(mentor=mentor, phase="completed")
    return FollowUp.objects.create(
        mentee=mentorship.mentee.user, mentorship=mentorship, months=6, due_at=DUE,
        answered_at=DUE, in_target_field="yes" if working else "not_yet",
    )  # fmt: skip


@pytest.mark.django_db
def test_the_figure_appears_from_five_mentees_and_moves_only_in_steps(client):
    mentor = MentorFactory()
    for working in (True, True, False, True):
        _answered(mentor, working)
    mentor_outcome_refresh(mentor_id=mentor.pk)
    mentor.refresh_from_db()
    assert (mentor.outcome_share, mentor.outcome_answers) == (None, 0)
    assert (
        'data-testid="outcome"'
        not in client.get(reverse("mentor-card", args=[mentor.pk])).content.decode()
    )

    _answered(mentor, False)  # five mentees, three of them working
    mentor_outcome_refresh(mentor_id=mentor.pk)
    mentor.refresh_from_db()
    assert (mentor.outcome_share, mentor.outcome_answers) == (round(4.6 / 9, 3), 5)
    card = client.get(reverse("mentor-card", args=[mentor.pk])).content.decode()
    assert "3 из 5 ответивших подопечных сейчас работают в сфере, к которой шли" in card

    # One or two more answers do not move it: the change would be their answers.
    _answered(mentor, True)
    _answered(mentor, True)
    assert mentor_outcomes_refresh_all() == 0
    mentor.refresh_from_db()
    assert mentor.outcome_answers == 5
    _answered(mentor, True)  # three more: republished
    assert mentor_outcomes_refresh_all() == 1
    mentor.refresh_from_db()
    assert (mentor.outcome_share, mentor.outcome_answers) == (round(7.6 / 12, 3), 8)


@pytest.mark.django_db
def test_a_mentees_latest_answer_counts_once(django_capture_on_commit_callbacks):
    mentor = MentorFactory()
    for _ in range(4):
        _answered(mentor, False)
    first = _answered(mentor, False)
    later = FollowUp.objects.create(
        mentee=first.mentee, mentorship=first.mentorship, months=3, due_at=DUE
    )
    FollowUp.objects.filter(pk=first.pk).update(months=1)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up_answer(
            user=first.mentee, follow_up_id=later.pk, answers={"in_target_field": "yes"},
            now=DUE + dt.timedelta(days=1),
        )  # fmt: skip
    mentor.refresh_from_db()
    # Five mentees (not six answers), one of them working now.
    assert (mentor.outcome_share, mentor.outcome_answers) == (round(2.6 / 9, 3), 5)


@pytest.mark.django_db
def test_the_scorer_takes_the_share_into_the_track_factor_at_the_programmes_percent():
    mentor = MentorFactory()
    MentorProfile.objects.filter(pk=mentor.pk).update(track_record=0.5, outcome_share=0.9)
    MenteeFactory()
    mentees, mentors = MenteeProfile.objects.all(), MentorProfile.objects.filter(pk=mentor.pk)
    part = 0.5 + 0.5 * (0.9 - 0.4) / 0.6
    with_outcomes = features.load_batch(mentees, mentors, track_outcomes=30)
    assert with_outcomes.mentors.track_record[0] == pytest.approx(0.7 * 0.5 + 0.3 * part, abs=1e-6)
    without = features.load_batch(mentees, mentors, track_outcomes=0)
    assert without.mentors.track_record[0] == pytest.approx(0.5)
