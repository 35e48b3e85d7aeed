"""A mentor's track record: the pure math, the refresh from its sources, its effect on
ranking and on what people read, and the privacy of the reviews it is made of."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import MenteeProfile, MentorProfile
from matching import explain, features, scoring, services, suggestions
from matching.models import Match, MatchStatus
from matching.scoring import bayesian_rating, responsiveness, track_record
from mentorship import matches
from mentorship.models import Mentorship, Phase
from mentorship.track_record import (
    Sources,
    mentor_track_record_refresh,
    mentor_track_records_refresh_all,
    track_record_values,
)
from tests.factories import (
    EvaluationFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    SessionFactory,
    SessionRatingFactory,
)

NEUTRAL = scoring.TRACK_RECORD_UNKNOWN
ENOUGH = scoring.MIN_RATED_MENTEES

# --- Pure math (no database) ----------------------------------------------------------


def test_one_review_is_shrunk_toward_the_prior():
    assert bayesian_rating(5, 1) == pytest.approx((5 + 4.0 * 5) / 6)
    assert 4.0 < bayesian_rating(5, 1) < 4.2
    assert 3.4 < bayesian_rating(1, 1) < 4.0


def test_many_reviews_approach_their_plain_mean():
    assert bayesian_rating(4.8 * 1000, 1000) == pytest.approx(4.8, abs=0.01)
    assert bayesian_rating(2.0 * 1000, 1000) == pytest.approx(2.0, abs=0.01)


def test_the_prior_is_a_parameter():
    assert bayesian_rating(5, 1, prior_mean=3.0, prior_weight=1) == 4.0
    assert bayesian_rating(9, 2, prior_weight=0) == 4.5
    assert responsiveness(3, 1, prior_weight=0) == 0.75


def test_nothing_known_is_none():
    assert bayesian_rating(0, 0) is None
    assert responsiveness(0, 0) is None
    assert track_record(None, None) is None


def test_one_expired_request_does_not_dominate():
    assert responsiveness(0, 1) == pytest.approx(0.64)
    assert responsiveness(0, 20) < 0.15
    assert responsiveness(20, 0) > 0.95
    assert responsiveness(10, 1) > responsiveness(1, 1)


def test_the_prior_scores_exactly_like_an_unknown_mentor():
    prior = (scoring.RATING_PRIOR_MEAN, scoring.RESPONSIVENESS_PRIOR_MEAN)
    assert track_record(*prior) == pytest.approx(NEUTRAL)
    assert track_record(scoring.RATING_PRIOR_MEAN, None) == pytest.approx(NEUTRAL)
    assert track_record(None, scoring.RESPONSIVENESS_PRIOR_MEAN) == pytest.approx(NEUTRAL)


def test_track_record_spans_0_to_1():
    assert track_record(1.0, 0.0) == pytest.approx(0.0)
    assert track_record(5.0, 1.0) == pytest.approx(1.0)


@given(st.floats(1, 5), st.floats(1, 5), st.one_of(st.none(), st.floats(0, 1)), st.floats(0, 1))
def test_better_ratings_and_answers_never_lower_the_track_record(a, b, answers, c):
    low, high = sorted((a, b))
    assert 0 <= track_record(low, answers) <= track_record(high, answers) <= 1
    assert track_record(high, min(c, 0.5)) <= track_record(high, max(c, 0.5))


def test_a_single_review_moves_the_track_record_little_and_many_good_ones_more():
    one_bad = track_record(bayesian_rating(1, 1), None)
    one_good = track_record(bayesian_rating(5, 1), None)
    twenty_good = track_record(bayesian_rating(4.8 * 20, 20), None)
    assert abs(one_bad - NEUTRAL) < 0.1
    assert abs(one_good - NEUTRAL) < 0.1
    assert twenty_good > one_good + 0.1


def test_a_rating_is_published_only_once_enough_mentees_gave_one():
    few = track_record_values(Sources(14, 3, answered=1, expired=1, rated_mentees=ENOUGH - 1))
    enough = track_record_values(Sources(14, 3, rated_mentees=ENOUGH))
    answers = responsiveness(1, 1)
    assert few == {
        "rating_avg": None,
        "rating_count": 0,
        "rating_mentees": 0,
        "responsiveness": round(answers, 3),
        "track_record": round(track_record(None, answers), 4),
    }
    assert (enough["rating_avg"], enough["rating_count"]) == (round(bayesian_rating(14, 3), 2), 3)
    assert enough["track_record"] == round(track_record(bayesian_rating(14, 3), None), 4)


def test_too_few_mentees_and_no_requests_is_no_track_record_at_all():
    assert set(track_record_values(Sources(5, 1, rated_mentees=1)).values()) == {None, 0}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bayesian_rating(5, -1), "count"),
        (lambda: responsiveness(-1, 0), "answered"),
        (lambda: responsiveness(1, 0, 1.5), "prior_mean"),
    ],
)
def test_impossible_counts_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_track_sentence_says_the_rating_and_the_answers_in_russian():
    with translation.override("ru"):
        both = explain.track_sentence({"rating": 4.63, "ratings": 12, "responds": 0.9})
        one = explain.track_sentence({"rating": 4.17, "ratings": 1, "responds": None})
        silent = explain.track_sentence({"rating": None, "ratings": 0, "responds": 0.3})
        unknown = explain.track_sentence({})
    assert both == "Средняя оценка 4,6 по 12 отзывам; отвечает на запросы."
    assert one == "Средняя оценка 4,2 по 1 отзыву."
    assert silent == "Часто оставляет запросы без ответа."
    assert unknown == ""


# --- The refresh, on PostgreSQL ------------------------------------------------------------


def _request(mentor: MentorProfile, status: str, *, requested: bool = True) -> Match:
    both = status == MatchStatus.ACCEPTED
    return Match.objects.create(
        mentee=MenteeFactory(),
        mentor=mentor,
        status=status,
        mentee_accepted=requested,
        mentor_accepted=both,
        requested_at=timezone.now() - dt.timedelta(days=10) if requested else None,
    )


def _rated(
    mentor: MentorProfile, *ratings: int, mentees: int = ENOUGH, phase: str = Phase.COMPLETED
) -> list[Mentorship]:
    """Mentorships of `mentees` mentees, completed, whose mentees in turn rated one held
    session each time: as many ratings as ENOUGH or more are published."""
    pairs = [
        MentorshipFactory(mentor=mentor, phase=phase, ended_at=timezone.now())
        for _ in range(mentees)
    ]
    for index, rating in enumerate(ratings):
        session = SessionFactory(mentorship=pairs[index % mentees])
        SessionRatingFactory(session=session, rating=rating)
    return pairs


def _finish(mentorship: Mentorship, phase: str = Phase.COMPLETED) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=phase, ended_at=timezone.now())


def _stored(mentor: MentorProfile) -> tuple:
    return MentorProfile.objects.filter(pk=mentor.pk).values_list(
        "rating_avg", "rating_count", "responsiveness", "track_record"
    )[0]


@pytest.mark.django_db
def test_refresh_counts_the_mentees_ratings_and_the_mentors_answers(mentor):
    mentorship = MentorshipFactory(mentor=mentor)
    held = SessionFactory(mentorship=mentorship)
    SessionRatingFactory(session=held, rating=5)
    SessionRatingFactory(session=held, user=mentor.user, rating=1)  # the mentor's own: not a review
    SessionRatingFactory(session=SessionFactory(mentorship=mentorship), rating=4)
    cancelled = SessionFactory(mentorship=mentorship, status="cancelled")
    SessionRatingFactory(session=cancelled, rating=1)  # not a session that took place
    EvaluationFactory(mentorship=mentorship, productivity=5)
    EvaluationFactory(mentorship=mentorship, side="mentor", productivity=1)  # the mentor's own
    _finish(mentorship)
    others = _rated(mentor, 2, 2, mentees=2)  # two more mentees make it three
    EvaluationFactory(mentorship=others[0], productivity=1)  # sent after the end: never counted
    _rated(mentor, 1, mentees=1, phase=Phase.MAIN)  # still running: not yet counted
    _rated(MentorFactory(), 1, 1, 1)  # someone else's reviews
    _request(mentor, MatchStatus.ACCEPTED)
    _request(mentor, MatchStatus.DECLINED)
    _request(mentor, MatchStatus.EXPIRED)
    _request(mentor, MatchStatus.DECLINED, requested=False)  # a suggestion, not a request
    _request(mentor, MatchStatus.SUGGESTED)  # still waiting

    mentor_track_record_refresh(mentor_id=mentor.pk)

    rating = (5 + 4 + 5 + 2 + 2 + 4.0 * 5) / (5 + 5)
    answers = (2 + 0.8 * 4) / (3 + 4)
    assert _stored(mentor) == (
        round(rating, 2),
        5,
        round(answers, 3),
        round(track_record(rating, answers), 4),
    )


@pytest.mark.django_db
def test_refresh_twice_writes_once_and_gives_the_same_numbers(mentor):
    _rated(mentor, 5, 4, 5)
    with CaptureQueriesContext(connection) as first:
        mentor_track_record_refresh(mentor_id=mentor.pk)
    stored = _stored(mentor)
    with CaptureQueriesContext(connection) as second:
        mentor_track_record_refresh(mentor_id=mentor.pk)
    assert _stored(mentor) == stored
    updates = [q["sql"] for q in first.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert not [q for q in second.captured_queries if q["sql"].startswith("UPDATE")]


@pytest.mark.django_db
def test_refresh_recomputes_from_the_sources_so_a_removed_review_is_gone(mentor):
    _rated(mentor, 5, 4, 5)
    mentor_track_record_refresh(mentor_id=mentor.pk)
    assert _stored(mentor)[1] == 3
    mentor.mentorships.all().delete()
    mentor_track_record_refresh(mentor_id=mentor.pk)
    assert _stored(mentor) == (None, 0, None, None)


@pytest.mark.django_db
def test_refresh_of_someone_who_is_not_a_mentor_does_nothing(mentee):
    mentor_track_record_refresh(mentor_id=mentee.pk)
    assert not MentorProfile.objects.exists()


@pytest.mark.django_db
def test_refresh_all_brings_every_stale_mentor_up_to_date_once():
    rated, asked, unknown = MentorFactory(), MentorFactory(), MentorFactory()
    _rated(rated, 5, 5, 4)
    _request(asked, MatchStatus.EXPIRED)
    assert mentor_track_records_refresh_all() == 2
    assert mentor_track_records_refresh_all() == 0
    assert _stored(rated)[:2] == (round(bayesian_rating(14, 3), 2), 3)
    assert _stored(asked)[2] == pytest.approx(responsiveness(0, 1))
    assert _stored(unknown) == (None, 0, None, None)


@pytest.mark.django_db
def test_an_answer_and_an_expiry_refresh_the_mentors_responsiveness_after_commit(
    django_capture_on_commit_callbacks,
):
    mentor = MentorFactory()
    first, second = MenteeFactory(), MenteeFactory()
    declined = matches.match_request(user=first.user, mentor_id=mentor.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.match_decline(user=mentor.user, match_id=declined.pk)
    assert _stored(mentor)[2] == pytest.approx(responsiveness(1, 0), abs=0.001)

    matches.match_request(user=second.user, mentor_id=mentor.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.requests_expire(now=timezone.now() + dt.timedelta(days=8))
    assert _stored(mentor)[2] == pytest.approx(responsiveness(1, 1), abs=0.001)


@pytest.mark.django_db
def test_accepting_a_request_refreshes_the_mentor(
    mentee, mentor, django_capture_on_commit_callbacks
):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    with django_capture_on_commit_callbacks(execute=True):
        matches.match_accept(user=mentor.user, match_id=match.pk)
    assert _stored(mentor)[2] == pytest.approx(responsiveness(1, 0), abs=0.001)


# --- Ranking and what people read -------------------------------------------------------------


def _scores(mentee: MenteeProfile, *mentors: MentorProfile) -> dict[int, float]:
    batch = features.load_batch(
        MenteeProfile.objects.filter(pk=mentee.pk),
        MentorProfile.objects.filter(pk__in=[m.pk for m in mentors]),
    )
    scores = scoring.score_block(batch.mentees, batch.mentors)[0]
    return dict(zip(batch.mentors.ids.tolist(), scores.tolist(), strict=True))


@pytest.mark.django_db
def test_a_mentor_with_good_ratings_outranks_an_otherwise_identical_one(mentee):
    good, bad, unknown = MentorFactory(), MentorFactory(), MentorFactory()
    _rated(good, 5, 5, 5, 4, 5)
    _rated(bad, 2, 1, 2, 3, 1)
    for mentor in (good, bad):
        mentor_track_record_refresh(mentor_id=mentor.pk)

    scores = _scores(mentee, good, bad, unknown)

    assert scores[good.pk] > scores[unknown.pk] > scores[bad.pk]


@pytest.mark.django_db
def test_a_few_glowing_reviews_do_not_beat_a_dozen_good_ones(mentee):
    few, twelve, unknown = MentorFactory(), MentorFactory(), MentorFactory()
    _rated(few, 5, 5, 5)
    _rated(twelve, 5, 5, 4, 5, 5, 4, 5, 5, 5, 4, 5, 5)
    for mentor in (few, twelve):
        mentor_track_record_refresh(mentor_id=mentor.pk)

    scores = _scores(mentee, few, twelve, unknown)

    assert scores[twelve.pk] > scores[few.pk] > scores[unknown.pk]
    # The fewest reviews ever published move a mentor by less than a point of 100.
    assert scores[few.pk] - scores[unknown.pk] < 1


@pytest.mark.django_db
def test_reviews_from_too_few_mentees_do_not_rank_a_mentor(mentee):
    two, unknown = MentorFactory(), MentorFactory()
    _rated(two, 1, 1, 1, 1, mentees=ENOUGH - 1)
    mentor_track_record_refresh(mentor_id=two.pk)

    scores = _scores(mentee, two, unknown)

    assert _stored(two) == (None, 0, None, None)
    assert scores[two.pk] == scores[unknown.pk]


@pytest.mark.django_db
def test_the_explanation_tells_the_rating_and_says_nothing_of_an_unknown_mentor(mentee):
    known, unknown = MentorFactory(), MentorFactory()
    _rated(known, 5, 5, 5, 5, 5)
    _request(known, MatchStatus.ACCEPTED)
    mentor_track_record_refresh(mentor_id=known.pk)

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])

    def track_detail(mentor, reader=None):
        match = Match.objects.select_related("mentee", "mentor").get(mentee=mentee, mentor=mentor)
        with translation.override("ru"):
            rendered = explain.render_for(match, (reader or mentee).pk)
        return [f["detail"] for f in rendered if f["factor"] == scoring.FACTOR_TRACK]

    assert track_detail(known) == ["Средняя оценка 4,5 по 5 отзывам; отвечает на запросы."]
    # The mentor reads of their own record.
    assert track_detail(known, reader=known) == [
        "Ваша средняя оценка 4,5 по 5 отзывам; вы отвечаете на запросы."
    ]
    assert track_detail(unknown) == []


@pytest.mark.django_db
def test_catalogue_card_and_api_show_the_rating_with_its_count(client, api, mentor):
    _rated(mentor, 5, 5, 5, 5, 5)
    mentor_track_record_refresh(mentor_id=mentor.pk)
    unrated = MentorFactory()

    catalogue = client.get(reverse("mentor-catalogue")).content.decode()
    card = client.get(reverse("mentor-card", args=[mentor.pk])).content.decode()
    unrated_card = client.get(reverse("mentor-card", args=[unrated.pk])).content.decode()
    body = api.get(f"/api/v1/mentors/{mentor.pk}/").json()

    assert "4,5 из 5 · 5 отзывов" in catalogue
    assert "4,5 из 5 · 5 отзывов" in card
    assert 'data-testid="rating"' not in unrated_card
    assert (body["rating_avg"], body["rating_count"]) == (4.5, 5)
    assert api.get(f"/api/v1/mentors/{unrated.pk}/").json()["rating_avg"] is None
