"""The dashboard's hand-written reads answer what the ORM's definitions answer.

Its pairs, requests, next session, notifications and the person's roles are read
with plain SQL (the ORM building those queries cost most of the page's CPU); the
ORM querysets stay the word on what is unread, open or planned, and these tests
hold the two equal, case by case."""

import datetime as dt

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import MenteeProfile, MentorProfile
from core.models import Notification
from matching import selectors as matching
from matching.models import Match, MatchStatus
from mentorship import outcome_timeline, selectors
from mentorship.follow_up_models import FollowUp
from mentorship.models import (
    Goal,
    GoalStatus,
    Mentorship,
    Message,
    Phase,
    Session,
    SessionStatus,
    ThreadRead,
)
from programmes.models import Coordinator
from tests import query_counts as q
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _at(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def _message(pair, author, minutes: int) -> None:
    Message.objects.create(mentorship=pair, author=author, body="…", created_at=_at(minutes))


def test_unread_held_and_goals_done_are_those_the_orm_counts_for_both_sides():
    mentee, mentor, third = MenteeFactory().user, MentorFactory().user, MentorFactory().user
    read = q.mentorship_of(mentee, mentor)  # read up to a point by the mentee, not the mentor
    for minutes in (-30, -20, -10):
        _message(read, mentor, minutes)
    _message(read, mentee, -5)
    ThreadRead.objects.create(mentorship=read, user=mentee, read_at=_at(-15))
    never = q.mentorship_of(mentee, third)  # never opened; one message by a deleted account
    _message(never, third, -40)
    Message.objects.create(mentorship=never, author=None, body="…", created_at=_at(-35))
    q.session(never, mentee, days=-3)
    q.session(never, mentee, days=3)
    Goal.objects.create(mentorship=never, title="Готово", status=GoalStatus.DONE)
    Goal.objects.create(mentorship=never, title="В работе")

    for person in (mentee, mentor, third):
        shown = selectors.dashboard_mentorships_of(user=person, finished=10)
        orm = selectors.with_unread(Mentorship.objects.of(person), user=person).annotate(
            held=Count("sessions", filter=Q(sessions__status=SessionStatus.HELD), distinct=True),
            done=Count("goals", filter=Q(goals__status=GoalStatus.DONE), distinct=True),
        )
        expected = {m.pk: (m.unread, m.held, m.done) for m in orm}
        assert {m.pk: (m.unread, m.held, m.goals_done) for m in shown} == expected
    assert {
        m.pk: m.unread for m in selectors.dashboard_mentorships_of(user=mentee, finished=10)
    } == {
        read.pk: 1,
        never.pk: 2,
    }


def test_the_pairs_are_the_active_the_latest_ended_and_every_one_as_mentee_with_names():
    mentor = MentorFactory(user__full_name="Анна Наставник").user
    mentees = [MenteeFactory().user for _ in range(5)]
    pairs = [q.mentorship_of(mentee, mentor) for mentee in mentees]
    for days, pair in enumerate(pairs[1:], start=1):  # the first stays active
        Mentorship.objects.filter(pk=pair.pk).update(
            phase=Phase.COMPLETED, started_at=_at(-days * 1440), ended_at=_at(-days * 1000)
        )
    as_mentee = q.mentorship_of(
        mentor_as_mentee := MenteeFactory(user=mentor).user, MentorFactory().user
    )
    Mentorship.objects.filter(pk=as_mentee.pk).update(
        phase=Phase.COMPLETED, started_at=_at(-99 * 1440), ended_at=_at(-98 * 1440)
    )

    shown = selectors.dashboard_mentorships_of(user=mentor_as_mentee, finished=2)
    # The active pair, the two latest ended, and the one as mentee however old.
    assert [m.pk for m in shown] == [pairs[0].pk, pairs[1].pk, pairs[2].pk, as_mentee.pk]
    assert shown[0].mentor_name == "Анна Наставник"
    assert shown[0].mentee_name == mentees[0].full_name
    mentees[0].delete()  # the other side deleted their account: no name, no crash
    assert selectors.dashboard_mentorships_of(user=mentor, finished=2)[0].mentee_name is None


def test_open_requests_are_the_orms_open_requests_each_way_oldest_first():
    person = MentorFactory(user=MenteeFactory().user).user
    to_me = [MenteeFactory() for _ in range(3)]
    from_me = [MentorFactory() for _ in range(3)]
    for minutes, mentee in zip((-10, -30, -20), to_me, strict=True):
        Match.objects.create(
            mentee=mentee, mentor_id=person.pk, mentee_accepted=True, requested_at=_at(minutes)
        )
    for minutes, mentor in zip((-5, -50, -25), from_me, strict=True):
        Match.objects.create(
            mentee_id=person.pk, mentor=mentor, mentee_accepted=True, requested_at=_at(minutes)
        )
    # Not open: suggested only, answered, declined.
    Match.objects.create(mentee=MenteeFactory(), mentor_id=person.pk)
    Match.objects.create(
        mentee=MenteeFactory(), mentor_id=person.pk, mentee_accepted=True, mentor_accepted=True
    )
    Match.objects.create(
        mentee_id=person.pk, mentor=MentorFactory(), mentee_accepted=True,
        status=MatchStatus.DECLINED,
    )  # fmt: skip

    incoming, outgoing = matching.open_requests_of(user=person)
    assert [m.pk for m in incoming] == [m.pk for m in matching.requests_to(user=person)]
    assert [m.pk for m in outgoing] == [m.pk for m in matching.requests_from(user=person)]
    assert len(incoming) == len(outgoing) == 3
    assert [m.mentee_name for m in incoming] == [
        m.mentee.user.full_name for m in matching.requests_to(user=person)
    ]
    assert [m.mentor_name for m in outgoing] == [
        m.mentor.user.full_name for m in matching.requests_from(user=person)
    ]


def test_the_next_session_is_the_earliest_planned_one_ahead_as_the_orm_finds_it():
    mentee, mentor = MenteeFactory().user, MentorFactory().user
    pair, other = q.mentorship_of(mentee, mentor), q.mentorship_of(MenteeFactory().user, mentor)
    now = timezone.now()

    def session(mentorship, minutes, status=SessionStatus.PLANNED):
        return Session.objects.create(
            mentorship=mentorship, starts_at=now + dt.timedelta(minutes=minutes),
            duration_minutes=45, format="video", status=status, created_by=mentor,
            agenda="План",
        )  # fmt: skip

    session(pair, -10)  # begun already
    session(pair, 5, SessionStatus.CANCELLED)
    session(other, 20, SessionStatus.HELD)
    expected = session(other, 30)
    session(pair, 60)
    mine = selectors.dashboard_mentorships_of(user=mentor, finished=10)

    found = selectors.next_session_of(mentorships=mine, now=now)
    orm = (
        Session.objects.filter(
            mentorship__in=mine, status=SessionStatus.PLANNED, starts_at__gte=now
        )
        .order_by("starts_at", "pk")
        .first()
    )
    assert found.pk == orm.pk == expected.pk
    assert (found.starts_at, found.duration_minutes, found.agenda) == (
        expected.starts_at,
        45,
        "План",
    )
    assert found.get_format_display() == expected.get_format_display()
    assert found.mentorship.pk == other.pk
    assert selectors.next_session_of(mentorships=[pair], now=now + dt.timedelta(hours=2)) is None
    assert selectors.next_session_of(mentorships=[], now=now) is None


def test_the_latest_unread_notifications_and_their_total_are_the_orms():
    person, someone = UserFactory(), UserFactory()
    made = [q.notification(person) for _ in range(7)]
    for minutes, notification in enumerate(made):
        Notification.objects.filter(pk=notification.pk).update(created_at=_at(-minutes))
    Notification.objects.filter(pk=made[1].pk).update(read_at=timezone.now())
    q.notification(someone)

    shown, total = selectors.latest_unread_notifications_of(user=person, shown=5)
    orm = selectors.unread_notifications_of(user=person)
    assert [n.pk for n in shown] == [n.pk for n in orm[:5]]
    assert [n.title for n in shown] == [n.title for n in orm[:5]]
    assert total == orm.count() == 6
    assert selectors.latest_unread_notifications_of(user=someone, shown=0) == ([], 0)
    assert selectors.latest_unread_notifications_of(user=UserFactory(), shown=5) == ([], 0)


@pytest.mark.parametrize("mentee", [False, True])
@pytest.mark.parametrize("mentor", [False, True])
@pytest.mark.parametrize("coordinator", [False, True])
def test_roles_are_the_profiles_and_programmes_the_orm_finds(mentee, mentor, coordinator):
    person = q.person_with(mentee=mentee, mentor=mentor, coordinator=coordinator)
    person.forget_roles()
    orm = {
        "mentee": MenteeProfile.objects.filter(user=person).exists(),
        "mentor": MentorProfile.objects.filter(user=person).exists(),
    }
    assert person.roles == [role for role, held in orm.items() if held]
    assert person.is_coordinator == Coordinator.objects.filter(user=person).exists() == coordinator


def test_the_timelines_follow_ups_are_the_orms_by_due_date_with_their_answers():
    mine, theirs = (
        MentorshipFactory(phase=Phase.COMPLETED),
        MentorshipFactory(phase=Phase.COMPLETED),
    )
    person = mine.mentee.user
    start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    for months, answered in ((6, True), (1, True), (3, False)):
        FollowUp.objects.create(
            mentee=person, mentorship=mine, months=months,
            due_at=start + dt.timedelta(days=30 * months),
            answered_at=start + dt.timedelta(days=30 * months + 1) if answered else None,
            interviews=months, offers=1 if answered else None,
            in_target_field="yes" if months == 6 else "", role_now="Аналитик" if answered else "",
        )  # fmt: skip
    FollowUp.objects.create(
        mentee=theirs.mentee.user, mentorship=theirs, months=1, due_at=start
    )  # fmt: skip

    fields = ("pk", "months", "due_at", "answered_at", "interviews", "offers")
    fields += ("in_target_field", "role_now")
    shown = outcome_timeline.follow_ups_of(user=person)
    orm = FollowUp.objects.of(person).order_by("due_at", "pk")
    assert [[getattr(f, name) for name in fields] for f in shown] == [
        [getattr(f, name) for name in fields] for f in orm
    ]
    assert [f.months for f in shown] == [1, 3, 6]
