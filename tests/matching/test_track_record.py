"""A mentor's track record: the pure math, the refresh from its sources, and its
effect on ranking and on what people read."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import MenteeProfile, MentorProfile
from matching import explain, features, scoring, services
from matching.models import Match, MatchStatus
from matching.scoring import bayesian_rating, responsiveness, track_record
from matching.track_record import mentor_track_record_refresh, mentor_track_records_refresh_all
from tests.factories import (
    EvaluationFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    SessionFactory,
    SessionRatingFactory,
)

NEUTRAL = scoring.TRACK_RECORD_UNKNOWN

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


def _rated(mentor: MentorProfile, *ratings: int) -> None:
    """One mentorship whose mentee rated one held session each time."""
    mentorship = MentorshipFactory(mentor=mentor)
    for rating in ratings:
        SessionRatingFactory(session=SessionFactory(mentorship=mentorship), rating=rating)


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
    _rated(MentorFactory(), 1, 1)  # someone else's reviews
    _request(mentor, MatchStatus.ACCEPTED)
    _request(mentor, MatchStatus.DECLINED)
    _request(mentor, MatchStatus.EXPIRED)
    _request(mentor, MatchStatus.DECLINED, requested=False)  # a suggestion, not a request
    _request(mentor, MatchStatus.SUGGESTED)  # still waiting

    mentor_track_record_refresh(mentor_id=mentor.pk)

    rating = (5 + 4 + 5 + 4.0 * 5) / (3 + 5)
    answers = (2 + 0.8 * 4) / (3 + 4)
    assert _stored(mentor) == (
        round(rating, 2),
        3,
        round(answers, 3),
        round(track_record(rating, answers), 4),
    )


@pytest.mark.django_db
def test_refresh_twice_writes_once_and_gives_the_same_numbers(mentor):
    _rated(mentor, 5, 4)
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
    _rated(mentor, 5)
    mentor_track_record_refresh(mentor_id=mentor.pk)
    assert _stored(mentor)[1] == 1
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
    declined = services.match_request(user=first.user, mentor_id=mentor.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.match_decline(user=mentor.user, match_id=declined.pk)
    assert _stored(mentor)[2] == pytest.approx(responsiveness(1, 0), abs=0.001)

    services.match_request(user=second.user, mentor_id=mentor.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.requests_expire(now=timezone.now() + dt.timedelta(days=8))
    assert _stored(mentor)[2] == pytest.approx(responsiveness(1, 1), abs=0.001)


@pytest.mark.django_db
def test_accepting_a_request_refreshes_the_mentor(
    mentee, mentor, django_capture_on_commit_callbacks
):
    match = services.match_request(user=mentee.user, mentor_id=mentor.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.match_accept(user=mentor.user, match_id=match.pk)
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
def test_one_glowing_review_does_not_beat_a_dozen_good_ones(mentee):
    one, twelve, unknown = MentorFactory(), MentorFactory(), MentorFactory()
    _rated(one, 5)
    _rated(twelve, 5, 5, 4, 5, 5, 4, 5, 5, 5, 4, 5, 5)
    for mentor in (one, twelve):
        mentor_track_record_refresh(mentor_id=mentor.pk)

    scores = _scores(mentee, one, twelve, unknown)

    assert scores[twelve.pk] > scores[one.pk] > scores[unknown.pk]
    # One review moves a mentor by less than a point of 100.
    assert scores[one.pk] - scores[unknown.pk] < 1


@pytest.mark.django_db
def test_the_explanation_tells_the_rating_and_says_nothing_of_an_unknown_mentor(mentee):
    known, unknown = MentorFactory(), MentorFactory()
    _rated(known, 5, 5, 5, 5, 5)
    _request(known, MatchStatus.ACCEPTED)
    mentor_track_record_refresh(mentor_id=known.pk)

    services.suggestions_refresh(mentee_ids=[mentee.pk])

    def track_detail(mentor):
        match = Match.objects.select_related("mentee", "mentor").get(mentee=mentee, mentor=mentor)
        with translation.override("ru"):
            rendered = explain.render_for(match, mentee.pk)
        return [f["detail"] for f in rendered if f["factor"] == scoring.FACTOR_TRACK]

    assert track_detail(known) == ["Средняя оценка 4,5 по 5 отзывам; отвечает на запросы."]
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
