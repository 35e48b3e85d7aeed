"""Guards of requests and answers (matching/services.py) that only a broken rule would show:
each test fails when the filter, lock or condition it names is dropped (`make mutate`)."""

import datetime as dt
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.db import transaction

from accounts.models import MentorProfile
from core.errors import ServiceError
from core.models import Notification
from matching import services
from matching.models import Match, MatchStatus
from mentorship import matches
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_a_paused_mentor_is_refused_even_when_other_mentors_accept(mentee, mentor):
    MentorFactory()  # accepting: the pause is this mentor's, not everyone's
    MentorProfile.objects.filter(pk=mentor.pk).update(accepting_mentees=False)

    with pytest.raises(ServiceError) as error:
        matches.match_request(user=mentee.user, mentor_id=mentor.pk)

    assert error.value.code == "not_accepting"


def test_other_mentees_open_requests_do_not_count_against_a_mentee(mentee):
    mentors = MentorFactory.create_batch(4)
    other = MenteeFactory()
    for mentor in mentors[:3]:
        matches.match_request(user=other.user, mentor_id=mentor.pk)

    for mentor in mentors[:3]:
        matches.match_request(user=mentee.user, mentor_id=mentor.pk)

    assert Match.objects.open_requests().filter(mentee=mentee).count() == 3


def test_answering_a_mentor_who_said_yes_first_is_not_a_fourth_request(mentee):
    mentors = MentorFactory.create_batch(4)
    for mentor in mentors[:3]:
        matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    offered = Match.objects.create(mentee=mentee, mentor=mentors[3], mentor_accepted=True)

    matches.match_accept(user=mentee.user, match_id=offered.pk)

    assert Match.objects.get(pk=offered.pk).status == MatchStatus.ACCEPTED


def test_a_mentorship_takes_a_place_of_its_own_mentor_only(mentee, mentor):
    bystander = MentorFactory()
    match = Match.objects.create(mentee=mentee, mentor=mentor, mentor_accepted=True)

    matches.match_accept(user=mentee.user, match_id=match.pk)

    places = dict(MentorProfile.objects.values_list("pk", "active_mentees"))
    assert places == {mentor.pk: 1, bystander.pk: 0}


def test_a_full_mentor_drops_only_their_own_untouched_suggestions(mentee, mentor):
    MentorProfile.objects.filter(pk=mentor.pk).update(capacity=1)
    other_mentor = MentorFactory()
    waiting, declined, elsewhere = MenteeFactory(), MenteeFactory(), MenteeFactory()
    untouched = Match.objects.create(mentee=waiting, mentor=mentor)
    kept = [
        Match.objects.create(mentee=declined, mentor=mentor, status=MatchStatus.DECLINED),
        Match.objects.create(mentee=elsewhere, mentor=other_mentor),
    ]
    match = Match.objects.create(mentee=mentee, mentor=mentor, mentor_accepted=True)

    matches.match_accept(user=mentee.user, match_id=match.pk)

    assert not Match.objects.filter(pk=untouched.pk).exists()
    assert set(Match.objects.exclude(pk=match.pk).values_list("pk", flat=True)) == {
        m.pk for m in kept
    }
    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACCEPTED


def test_a_mentor_with_a_place_left_keeps_their_suggestions(mentee, mentor):
    # Two places (the factory's): one taken, one still free.
    other = Match.objects.create(mentee=MenteeFactory(), mentor=mentor)
    match = Match.objects.create(mentee=mentee, mentor=mentor, mentor_accepted=True)

    matches.match_accept(user=mentee.user, match_id=match.pk)

    assert Match.objects.filter(pk=other.pk, status=MatchStatus.SUGGESTED).exists()


def _open_request(mentee, mentor, requested_at):
    return Match.objects.create(
        mentee=mentee, mentor=mentor, mentee_accepted=True, requested_at=requested_at
    )


def test_only_requests_older_than_a_week_expire(mentee, mentor):
    old = _open_request(mentee, mentor, NOW - dt.timedelta(days=7, minutes=1))
    young_mentee = MenteeFactory()
    young = _open_request(young_mentee, mentor, NOW - dt.timedelta(days=6, hours=23))

    assert services.requests_expire(now=NOW) == [mentee.pk]

    rows = {m.pk: (m.status, m.decided_at) for m in Match.objects.all()}
    assert rows == {old.pk: (MatchStatus.EXPIRED, NOW), young.pk: (MatchStatus.SUGGESTED, None)}
    assert not Notification.objects.filter(user=young_mentee.user).exists()


def test_an_answered_request_never_expires(mentee, mentor):
    answered = Match.objects.create(
        mentee=mentee,
        mentor=mentor,
        mentee_accepted=True,
        mentor_accepted=True,
        status=MatchStatus.ACCEPTED,
        requested_at=NOW - dt.timedelta(days=30),
    )

    assert services.requests_expire(now=NOW) == []

    assert Match.objects.get(pk=answered.pk).status == MatchStatus.ACCEPTED


def test_only_requests_waiting_three_days_are_reminded_once(mentee, mentor):
    due = _open_request(mentee, mentor, NOW - dt.timedelta(days=3, minutes=1))
    fresh = _open_request(MenteeFactory(), mentor, NOW - dt.timedelta(days=2, hours=23))

    assert services.requests_remind(now=NOW) == 1
    assert services.requests_remind(now=NOW + dt.timedelta(hours=1)) == 1  # `fresh` now due

    reminded = dict(Match.objects.values_list("pk", "reminded_at"))
    assert reminded == {due.pk: NOW, fresh.pk: NOW + dt.timedelta(hours=1)}


def test_a_request_answered_while_the_expiry_runs_stays_answered(mentee, mentor, monkeypatch):
    """The expiry's conditional UPDATE is the claim: a mentor saying yes between the
    expiry's read of stale requests and its update wins, and the mentee is not told."""
    match = _open_request(mentee, mentor, NOW - dt.timedelta(days=8))
    # Read after the raced one (lower score): still expires.
    later = _open_request(MenteeFactory(), mentor, NOW - dt.timedelta(days=8))
    Match.objects.filter(pk=match.pk).update(score=90)
    Match.objects.filter(pk=later.pk).update(score=10)
    atomic = transaction.atomic

    @contextmanager
    def atomic_after_the_mentor_answers():
        Match.objects.filter(pk=match.pk, status=MatchStatus.SUGGESTED).update(
            mentor_accepted=True, status=MatchStatus.ACCEPTED, decided_at=NOW
        )
        with atomic():
            yield

    monkeypatch.setattr(
        services,
        "transaction",
        SimpleNamespace(atomic=atomic_after_the_mentor_answers, on_commit=transaction.on_commit),
    )

    assert services.requests_expire(now=NOW) == [later.mentee_id]

    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACCEPTED
    assert Match.objects.get(pk=later.pk).status == MatchStatus.EXPIRED
    assert not Notification.objects.filter(kind="request_expired", user=mentee.user).exists()


def test_a_request_reminded_by_another_run_meanwhile_is_not_reminded_twice(mentor, monkeypatch):
    """Each reminder is claimed by a conditional UPDATE (`reminded_at is null`): a
    request another beat run reminded after this run read the list is skipped."""
    requests = [
        _open_request(MenteeFactory(), mentor, NOW - dt.timedelta(days=4)) for _ in range(3)
    ]
    for score, match in zip((30, 20, 10), requests, strict=True):
        Match.objects.filter(pk=match.pk).update(score=score)
    first, raced, last = requests
    elsewhere = NOW - dt.timedelta(minutes=1)
    notify = services.notify

    def notify_while_another_run_reminds(**kwargs):
        Match.objects.filter(pk=raced.pk).update(reminded_at=elsewhere)
        return notify(**kwargs)

    monkeypatch.setattr(services, "notify", notify_while_another_run_reminds)

    assert services.requests_remind(now=NOW) == 2

    reminded = dict(Match.objects.values_list("pk", "reminded_at"))
    assert reminded == {first.pk: NOW, raced.pk: elsewhere, last.pk: NOW}
    assert Notification.objects.filter(kind="request_reminder").count() == 2


def test_expiry_and_reminder_notices_are_about_the_person_they_name(mentee, mentor):
    """`about` is what removes a notice naming someone who deletes their account."""
    _open_request(mentee, mentor, NOW - dt.timedelta(days=4))
    services.requests_remind(now=NOW)
    services.requests_expire(now=NOW + dt.timedelta(days=4))

    notices = dict(Notification.objects.values_list("kind", "about_id"))
    assert notices == {"request_reminder": mentee.pk, "request_expired": mentor.pk}
