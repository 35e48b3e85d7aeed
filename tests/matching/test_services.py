"""Requests, answers, capacity and expiry, against PostgreSQL (the refresh: test_suggestions.py)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import MentorProfile
from core.errors import ServiceError
from core.models import Notification
from matching import services, suggestions
from matching.models import Match, MatchOrigin, MatchStatus
from mentorship import matches
from mentorship.models import Mentorship
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def test_declined_pair_is_never_proposed_again(mentee, mentor):
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    match = Match.objects.get(mentee=mentee, mentor=mentor)
    services.match_decline(user=mentee.user, match_id=match.pk)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    assert Match.objects.get(pk=match.pk).status == MatchStatus.DECLINED
    assert Match.objects.filter(mentee=mentee).count() == 1


def test_both_sides_accept_and_a_mentorship_starts_taking_a_place(mentee, mentor):
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    match = Match.objects.get(mentee=mentee, mentor=mentor)

    matches.match_accept(user=mentee.user, match_id=match.pk)
    match.refresh_from_db()
    assert (match.mentee_accepted, match.mentor_accepted, match.status) == (
        True,
        False,
        "suggested",
    )
    assert match.requested_at is not None
    assert Notification.objects.filter(user=mentor.user, kind="new_request").exists()

    matches.match_accept(user=mentor.user, match_id=match.pk)
    match.refresh_from_db()
    assert match.status == MatchStatus.ACCEPTED
    assert match.mentorship.mentee_id == mentee.pk
    mentor.refresh_from_db()
    assert mentor.active_mentees == 1
    # Accepting again is harmless.
    matches.match_accept(user=mentor.user, match_id=match.pk)
    assert Mentorship.objects.count() == 1
    mentor.refresh_from_db()
    assert mentor.active_mentees == 1


def test_mentor_may_accept_first(mentee, mentor):
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    match = Match.objects.get(mentee=mentee, mentor=mentor)
    matches.match_accept(user=mentor.user, match_id=match.pk)
    matches.match_accept(user=mentee.user, match_id=match.pk)
    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACCEPTED


def test_full_mentor_is_409_and_nothing_changes(mentor):
    MentorProfile.objects.filter(pk=mentor.pk).update(capacity=1, active_mentees=1)
    mentee = MenteeFactory()
    match = Match.objects.create(mentee=mentee, mentor=mentor, mentor_accepted=True)
    with pytest.raises(ServiceError) as error:
        matches.match_accept(user=mentee.user, match_id=match.pk)
    assert error.value.code == "capacity_full"
    match.refresh_from_db()
    assert (match.status, match.mentee_accepted) == (MatchStatus.SUGGESTED, False)
    assert not Mentorship.objects.exists()


def test_database_refuses_an_oversold_mentor(mentor):
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=3)


def test_a_mentee_has_at_most_three_open_requests(mentee):
    mentors = MentorFactory.create_batch(4)
    for mentor in mentors[:3]:
        matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    with pytest.raises(ServiceError) as error:
        matches.match_request(user=mentee.user, mentor_id=mentors[3].pk)
    assert error.value.code == "too_many_requests"
    assert Match.objects.open_requests().filter(mentee=mentee).count() == 3


def test_request_from_catalogue_is_a_match_accepted_by_the_mentee(mentee, mentor):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    assert match.origin == MatchOrigin.REQUEST
    assert match.mentee_accepted
    assert not match.mentor_accepted
    assert match.score > 0


def test_someone_elses_match_does_not_exist_for_a_stranger(mentee, mentor, stranger):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    with pytest.raises(Match.DoesNotExist):
        matches.match_accept(user=stranger, match_id=match.pk)
    with pytest.raises(Match.DoesNotExist):
        services.match_decline(user=stranger, match_id=match.pk)


def test_unanswered_request_expires_after_a_week_and_tells_the_mentee(mentee, mentor):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    now = timezone.now()
    assert services.requests_expire(now=now + dt.timedelta(days=6)) == []
    assert services.requests_expire(now=now + dt.timedelta(days=7, minutes=1)) == [mentee.pk]
    match.refresh_from_db()
    assert match.status == MatchStatus.EXPIRED
    expired = Notification.objects.get(user=mentee.user, kind="request_expired")
    assert mentor.user.full_name in expired.title
    # Running the expiry again tells nobody twice.
    services.requests_expire(now=now + dt.timedelta(days=8))
    assert Notification.objects.filter(kind="request_expired").count() == 1


def test_mentor_is_reminded_once_after_three_days(mentee, mentor):
    matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    now = timezone.now()
    assert services.requests_remind(now=now + dt.timedelta(days=2)) == 0
    assert services.requests_remind(now=now + dt.timedelta(days=3, minutes=1)) == 1
    assert services.requests_remind(now=now + dt.timedelta(days=4)) == 0
    reminder = Notification.objects.get(user=mentor.user, kind="request_reminder")
    assert mentee.user.full_name in reminder.title


def test_full_mentor_drops_out_of_everyones_suggestions(mentor):
    MentorProfile.objects.filter(pk=mentor.pk).update(capacity=1)
    first, second = MenteeFactory(), MenteeFactory()
    suggestions.suggestions_refresh()
    assert Match.objects.filter(mentor=mentor).count() == 2
    match = Match.objects.get(mentee=first, mentor=mentor)
    matches.match_accept(user=mentor.user, match_id=match.pk)
    matches.match_accept(user=first.user, match_id=match.pk)
    assert not Match.objects.filter(mentee=second, mentor=mentor).exists()
    suggestions.suggestions_refresh()
    assert not Match.objects.filter(mentee=second, mentor=mentor).exists()


def test_notification_email_is_sent_once(mentee, mentor, django_capture_on_commit_callbacks):
    from core.notifications import notification_email_send

    matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    notification = Notification.objects.get(kind="new_request")
    assert notification_email_send(notification_id=notification.pk, run_id="first") is True
    assert notification_email_send(notification_id=notification.pk, run_id="second") is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [mentor.user.email]


def test_a_paused_mentor_gets_no_new_requests_but_can_still_be_answered(mentee, mentor):
    MentorProfile.objects.filter(pk=mentor.pk).update(accepting_mentees=False)
    with pytest.raises(ServiceError) as error:
        matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    assert error.value.code == "not_accepting"
    assert not Match.objects.filter(mentee_accepted=True).exists()
    assert not Match.objects.exists()
    offered = Match.objects.create(mentee=mentee, mentor=mentor, mentor_accepted=True)
    matches.match_accept(user=mentee.user, match_id=offered.pk)
    assert Match.objects.get(pk=offered.pk).status == MatchStatus.ACCEPTED
