"""Privacy of the track record: no one's review can be read off the public figures."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import MentorProfile
from matching import explain, scoring, suggestions
from matching.models import Match, MatchStatus
from matching.scoring import bayesian_rating
from mentorship import evaluations, matches, work
from mentorship import services as mentorships
from mentorship.models import Mentorship, Phase
from mentorship.track_record import (
    Sources,
    mentor_track_record_refresh,
    track_record_values,
)
from tests.factories import (
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    SessionFactory,
    SessionRatingFactory,
)
from tests.matching.test_track_record import ENOUGH, _rated, _request, _stored

# --- Privacy: no one's review can be read off the public figures ---------------------------


def _pair(mentor: MentorProfile) -> Mentorship:
    """A running mentorship of a new mentee, started as people start one."""
    match = matches.match_request(user=MenteeFactory().user, mentor_id=mentor.pk)
    return matches.match_accept(user=mentor.user, match_id=match.pk).mentorship


def _rate_a_session(mentorship: Mentorship, rating: int, capture) -> None:
    """The mentor holds a session and the mentee rates it, refreshing after commit."""
    mentor, mentee = mentorship.mentor.user, mentorship.mentee.user
    session = work.session_create(
        user=mentor,
        mentorship_id=mentorship.pk,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        duration_minutes=60,
        format="video",
    )
    ids = {"mentorship_id": mentorship.pk, "session_id": session.pk}
    work.session_update(user=mentor, status="held", **ids)
    with capture(execute=True):
        work.session_update(user=mentee, rating=rating, **ids)


def _evaluate(mentorship: Mentorship, user, productivity: int, capture) -> None:
    with capture(execute=True):
        evaluations.evaluation_submit(
            user=user,
            mentorship_id=mentorship.pk,
            goal_progress=3,
            confidence_before=2,
            confidence_after=3,
            productivity=productivity,
            support_met="partly",
            would_recommend=3,
        )


def _closing(mentorship: Mentorship) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.CLOSING)


def _card(api, mentor: MentorProfile) -> tuple:
    """What the mentor reads of their own public card."""
    api.force_authenticate(mentor.user)
    body = api.get(f"/api/v1/mentors/{mentor.pk}/").json()
    return body["rating_avg"], body["rating_count"]


@pytest.mark.django_db
@pytest.mark.parametrize("earlier_mentees", [0, ENOUGH])
def test_the_mentor_cannot_work_back_a_private_rating_or_a_sealed_evaluation(
    api, django_capture_on_commit_callbacks, earlier_mentees
):
    """The reviewer's probe: a new review used to move the card by an amount that,
    with the fixed prior, gave the review back exactly."""
    mentor = MentorFactory(capacity=5)
    if earlier_mentees:
        _rated(mentor, 5, 4, 5, 4, mentees=earlier_mentees)
        mentor_track_record_refresh(mentor_id=mentor.pk)
    before = _card(api, mentor)
    mentorship = _pair(mentor)

    _rate_a_session(mentorship, 1, django_capture_on_commit_callbacks)
    after_rating = _card(api, mentor)
    _closing(mentorship)
    _evaluate(mentorship, mentorship.mentee.user, 2, django_capture_on_commit_callbacks)
    after_evaluation = _card(api, mentor)

    assert after_rating == after_evaluation == before
    evaluation = api.get(f"/api/v1/mentorships/{mentorship.pk}/evaluation/").json()
    assert evaluation["other"] is None  # still sealed: the mentor has not answered


@pytest.mark.django_db
def test_a_running_mentorships_reviews_count_once_it_is_completed(
    api, django_capture_on_commit_callbacks
):
    mentor = MentorFactory(capacity=5)
    _rated(mentor, 5, 4, 5)
    mentor_track_record_refresh(mentor_id=mentor.pk)
    published = _card(api, mentor)
    mentorship = _pair(mentor)
    _rate_a_session(mentorship, 1, django_capture_on_commit_callbacks)
    assert _card(api, mentor) == published

    _closing(mentorship)
    assert mentorships.mentorship_complete(mentorship_id=mentorship.pk)
    mentor_track_record_refresh(mentor_id=mentor.pk)

    # One more mentee would isolate that mentee's reviews: the card waits for three.
    assert published == (round(bayesian_rating(14, 3), 2), 3)
    assert _card(api, mentor) == published


def test_a_published_rating_moves_only_when_three_more_mentees_stand_behind_it():
    shown = track_record_values(Sources(14, 3, rated_mentees=3))
    one_more = track_record_values(Sources(15, 4, rated_mentees=4), stored=shown)
    two_more = track_record_values(Sources(16, 5, rated_mentees=5), stored=shown)
    three_more = track_record_values(Sources(26, 6, rated_mentees=6), stored=shown)
    assert (one_more["rating_avg"], one_more["rating_count"]) == (shown["rating_avg"], 3)
    assert (two_more["rating_avg"], two_more["rating_count"]) == (shown["rating_avg"], 3)
    assert three_more["rating_mentees"] == 6
    assert (three_more["rating_avg"], three_more["rating_count"]) == (
        round(bayesian_rating(26, 6), 2),
        6,
    )


@pytest.mark.django_db
def test_ratings_are_published_when_the_third_mentees_mentorship_is_over(
    api, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    mentor = MentorFactory(capacity=5)
    evaluated, ended, lapsed = (_pair(mentor) for _ in range(ENOUGH))
    _rate_a_session(evaluated, 5, capture)
    _rate_a_session(ended, 3, capture)
    _rate_a_session(lapsed, 4, capture)
    cards = []

    # Both sides evaluate: the second answer completes the mentorship.
    _closing(evaluated)
    _evaluate(evaluated, evaluated.mentee.user, 4, capture)
    _evaluate(evaluated, mentor.user, 5, capture)
    mentor_track_record_refresh(mentor_id=mentor.pk)
    cards.append(_card(api, mentor))
    # The mentee stops early.
    mentorships.mentorship_end(user=ended.mentee.user, mentorship_id=ended.pk, reason="no_time")
    mentor_track_record_refresh(mentor_id=mentor.pk)
    cards.append(_card(api, mentor))
    page = client.get(reverse("mentor-card", args=[mentor.pk])).content.decode()
    # Closing lapses into completed with no evaluation.
    _closing(lapsed)
    mentorships.mentorship_complete(mentorship_id=lapsed.pk)
    mentor_track_record_refresh(mentor_id=mentor.pk)
    cards.append(_card(api, mentor))

    assert cards[:2] == [(None, 0), (None, 0)]
    assert 'data-testid="rating"' not in page
    assert cards[2] == (round(bayesian_rating(5 + 4 + 3 + 4, 4), 2), 4)
    assert Mentorship.objects.get(pk=evaluated.pk).phase == Phase.COMPLETED


@pytest.mark.django_db
def test_an_evaluation_sent_after_the_mentorship_lapsed_into_completed_never_counts(
    api, django_capture_on_commit_callbacks
):
    mentor = MentorFactory(capacity=5)
    _rated(mentor, 5, 5, 5)
    mentorship = _pair(mentor)
    _closing(mentorship)
    mentorships.mentorship_complete(mentorship_id=mentorship.pk)
    mentor_track_record_refresh(mentor_id=mentor.pk)
    before = _card(api, mentor)

    _evaluate(mentorship, mentorship.mentee.user, 1, django_capture_on_commit_callbacks)

    assert before == (round(bayesian_rating(15, 3), 2), 3)
    assert _card(api, mentor) == before


@pytest.mark.django_db
def test_three_mentorships_of_two_mentees_are_too_few(mentor):
    again = MenteeFactory()
    for mentee in (again, again, MenteeFactory()):
        mentorship = MentorshipFactory(
            mentor=mentor, mentee=mentee, phase=Phase.COMPLETED, ended_at=timezone.now()
        )
        SessionRatingFactory(session=SessionFactory(mentorship=mentorship), rating=5)

    mentor_track_record_refresh(mentor_id=mentor.pk)

    assert _stored(mentor) == (None, 0, None, None)


@pytest.mark.django_db
def test_the_explanation_says_nothing_of_ratings_until_enough_mentees_gave_one(mentee):
    mentor = MentorFactory()
    _rated(mentor, 5, 5, 5, 5, mentees=ENOUGH - 1)
    _request(mentor, MatchStatus.ACCEPTED)

    def track_detail():
        mentor_track_record_refresh(mentor_id=mentor.pk)
        suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
        match = Match.objects.select_related("mentee", "mentor").get(mentee=mentee, mentor=mentor)
        with translation.override("ru"):
            rendered = explain.render_for(match, mentee.pk)
        return [f["detail"] for f in rendered if f["factor"] == scoring.FACTOR_TRACK]

    too_few = track_detail()
    _rated(mentor, 5, mentees=1)
    enough = track_detail()

    assert too_few == ["Отвечает на запросы."]
    assert enough == ["Средняя оценка 4,5 по 5 отзывам; отвечает на запросы."]


@pytest.mark.django_db
def test_a_sealed_evaluation_never_counts_ended_from_closing_or_completed_one_sided(
    django_capture_on_commit_callbacks,
):
    from mentorship.track_record import _sources_of

    capture = django_capture_on_commit_callbacks
    mentor = MentorFactory(capacity=5)
    ended, one_sided, both = (_pair(mentor) for _ in range(3))
    for mentorship in (ended, one_sided, both):
        _closing(mentorship)
        _evaluate(mentorship, mentorship.mentee.user, 2, capture)
    # The mentor ends the first pair from closing, reading nothing of the answer.
    mentorships.mentorship_end(user=mentor.user, mentorship_id=ended.pk, reason="other")
    _evaluate(both, mentor.user, 5, capture)  # both answered: readable to both anyway
    # The second completes by the grace period with the mentee's answer alone.
    assert mentorships.mentorships_complete_overdue(now=timezone.now() + dt.timedelta(days=15)) == [
        one_sided.pk
    ]
    sources = _sources_of([mentor.pk])[mentor.pk]
    assert (sources.rating_total, sources.rating_count, sources.rated_mentees) == (2, 1, 1)
