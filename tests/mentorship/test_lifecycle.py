"""The lifecycle rules in the services: completion, sessions, goals, reminders, opt-outs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import MentorProfile
from core import notifications
from core.errors import InvalidInput, ServiceError
from core.models import Notification, NotificationKind
from mentorship import evaluations, reminders, services, work
from mentorship import matches as matching
from mentorship.checklist import STEPS
from mentorship.models import Mentorship, Phase, Session
from tests.clock import WEEKS
from tests.factories import MenteeFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "goal_progress": 8,
    "confidence_before": 3,
    "confidence_after": 8,
    "productivity": 5,
    "support_met": "yes",
    "would_recommend": 10,
    "interview_invitations": 2,
    "skills_gained": "SQL, A/B-тесты",
}


@pytest.fixture
def pair():
    mentee, mentor = (
        MenteeFactory(user__timezone="Europe/Moscow"),
        MentorFactory(user__timezone="Asia/Vladivostok"),
    )
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee, mentor, match.mentorship


def _advance_to(mentorship: Mentorship, phase: str) -> Mentorship:
    user = mentorship.mentee.user
    order = [Phase.INITIAL, Phase.MAIN, Phase.CLOSING]
    while mentorship.phase != phase:
        for step in STEPS:
            if step.phase == mentorship.phase:
                services.checklist_item_set(
                    user=user, mentorship_id=mentorship.pk, key=step.key, done=True
                )
        assert order.index(phase) > order.index(mentorship.phase)
        mentorship = services.mentorship_advance(user=user, mentorship_id=mentorship.pk)
    return mentorship


def _evaluate(person, mentorship, **changes):
    return evaluations.evaluation_submit(
        user=person, mentorship_id=mentorship.pk, **{**ANSWERS, **changes}
    )


def test_closing_waits_for_both_evaluations_then_completes_and_frees_the_place(
    pair, django_capture_on_commit_callbacks
):
    mentee, mentor, mentorship = pair
    mentorship = _advance_to(mentorship, Phase.CLOSING)
    with pytest.raises(ServiceError) as error:
        services.mentorship_advance(user=mentor.user, mentorship_id=mentorship.pk)
    assert error.value.extra["missing"] == ["evaluation:mentee", "evaluation:mentor"]

    with django_capture_on_commit_callbacks(execute=True):
        _evaluate(mentee.user, mentorship)
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.CLOSING
    with pytest.raises(ServiceError) as error:
        services.mentorship_advance(user=mentor.user, mentorship_id=mentorship.pk)
    assert error.value.extra["missing"] == ["evaluation:mentor"]

    with django_capture_on_commit_callbacks(execute=True):
        _evaluate(mentor.user, mentorship, goal_progress=7)
    mentorship.refresh_from_db()
    assert mentorship.phase == Phase.COMPLETED
    assert mentorship.ended_at is not None
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 0


def test_an_evaluation_is_given_once_per_side_and_only_from_closing(pair):
    mentee, _, mentorship = pair
    with pytest.raises(ServiceError) as error:
        _evaluate(mentee.user, mentorship)
    assert error.value.code == "wrong_phase"
    mentorship = _advance_to(mentorship, Phase.CLOSING)
    _evaluate(mentee.user, mentorship)
    with pytest.raises(ServiceError) as error:
        _evaluate(mentee.user, mentorship, goal_progress=1)
    assert error.value.code == "already_evaluated"
    with pytest.raises(InvalidInput) as error:
        _evaluate(mentorship.mentor.user, mentorship, would_recommend=11)
    assert error.value.field == "would_recommend"


def test_closing_completes_by_itself_after_fourteen_days(pair):
    _, mentor, mentorship = pair
    mentorship = _advance_to(mentorship, Phase.CLOSING)
    began = mentorship.phase_started_at
    assert services.mentorships_complete_overdue(now=began + dt.timedelta(days=13)) == []
    assert services.mentorships_complete_overdue(now=began + dt.timedelta(days=14, minutes=1)) == [
        mentorship.pk
    ]
    # Run again (a second beat tick, another worker): nothing more happens.
    assert services.mentorships_complete_overdue(now=began + dt.timedelta(days=15)) == []
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.COMPLETED
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 0


def test_a_mentee_with_a_good_outcome_is_invited_to_become_a_mentor(pair):
    mentee, mentor, mentorship = pair
    mentorship = _advance_to(mentorship, Phase.CLOSING)
    _evaluate(mentee.user, mentorship, goal_progress=9)
    _evaluate(mentor.user, mentorship)
    [invite] = Notification.objects.filter(user=mentee.user, kind=NotificationKind.MENTOR_INVITE)
    assert invite.url.endswith("/accounts/profile/mentor/?from=mentorship")
    assert not Notification.objects.filter(
        user=mentor.user, kind=NotificationKind.MENTOR_INVITE
    ).exists()


def test_a_weak_outcome_or_an_existing_mentor_is_not_invited(pair):
    mentee, mentor, mentorship = pair
    mentorship = _advance_to(mentorship, Phase.CLOSING)
    _evaluate(mentee.user, mentorship, goal_progress=4)
    _evaluate(mentor.user, mentorship)
    assert not Notification.objects.filter(kind=NotificationKind.MENTOR_INVITE).exists()

    both = MentorFactory(user=MenteeFactory().user)
    other = MentorFactory()
    match = matching.match_request(user=both.user, mentor_id=other.pk)
    second = matching.match_accept(user=other.user, match_id=match.pk).mentorship
    second = _advance_to(second, Phase.CLOSING)
    _evaluate(both.user, second, goal_progress=10)
    _evaluate(other.user, second)
    assert not Notification.objects.filter(kind=NotificationKind.MENTOR_INVITE).exists()


def test_a_phase_change_tells_the_other_side_not_the_one_who_clicked(pair):
    _mentee, mentor, mentorship = pair
    _advance_to(mentorship, Phase.MAIN)
    told = Notification.objects.filter(kind=NotificationKind.PHASE_ADVANCED)
    assert [n.user_id for n in told] == [mentor.user.pk]
    assert "основной этап" in told[0].title


def test_no_sessions_after_completed_or_ended(pair):
    mentee, _, mentorship = pair
    services.mentorship_end(user=mentee.user, mentorship_id=mentorship.pk, reason="no_time")
    with pytest.raises(ServiceError) as error:
        work.session_create(
            user=mentee.user,
            mentorship_id=mentorship.pk,
            starts_at=timezone.now() + dt.timedelta(days=1),
            duration_minutes=60,
            format="video",
        )
    assert error.value.code == "not_active"
    assert not Session.objects.exists()


def test_a_session_is_held_only_once_begun_and_rated_only_when_held(pair):
    mentee, mentor, mentorship = pair
    session = work.session_create(
        user=mentor.user,
        mentorship_id=mentorship.pk,
        starts_at=timezone.now() + dt.timedelta(hours=2),
        duration_minutes=60,
        format="video",
        agenda="Разбор резюме",
    )
    with pytest.raises(ServiceError):
        work.session_update(
            user=mentee.user, mentorship_id=mentorship.pk, session_id=session.pk, status="held"
        )
    with pytest.raises(ServiceError) as error:
        work.session_update(
            user=mentee.user, mentorship_id=mentorship.pk, session_id=session.pk, rating=5
        )
    assert error.value.code == "session_not_held"
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    work.session_update(
        user=mentee.user, mentorship_id=mentorship.pk, session_id=session.pk, status="held"
    )
    work.session_update(
        user=mentee.user,
        mentorship_id=mentorship.pk,
        session_id=session.pk,
        rating=5,
        private_notes="Мне было страшно, но полезно",
    )
    mine = work.personal_of(user=mentee.user, sessions=[session])[session.pk]
    assert (mine.rating, mine.private_notes) == (5, "Мне было страшно, но полезно")
    assert work.personal_of(user=mentor.user, sessions=[session]) == {}


def test_a_naive_or_far_session_time_is_refused(pair):
    mentee, _, mentorship = pair
    for starts_at in (
        dt.datetime(2030, 1, 1, 19, 0),
        timezone.now() + dt.timedelta(days=400),
        timezone.now() - dt.timedelta(days=91),
    ):
        with pytest.raises(InvalidInput) as error:
            work.session_create(
                user=mentee.user,
                mentorship_id=mentorship.pk,
                starts_at=starts_at,
                duration_minutes=60,
                format="video",
            )
        assert error.value.field == "starts_at"


def test_goals_are_set_in_initial_adjusted_in_main_and_only_closed_afterwards(pair):
    mentee, mentor, mentorship = pair
    goal = work.goal_create(user=mentee.user, mentorship_id=mentorship.pk, title="Оффер junior")
    mentorship = _advance_to(mentorship, Phase.MAIN)
    work.goal_update(
        user=mentor.user, mentorship_id=mentorship.pk, goal_id=goal.pk, title="Оффер junior DA"
    )
    work.goal_create(user=mentor.user, mentorship_id=mentorship.pk, title="Портфолио из 3 работ")
    mentorship = _advance_to(mentorship, Phase.CLOSING)
    with pytest.raises(ServiceError) as error:
        work.goal_update(user=mentee.user, mentorship_id=mentorship.pk, goal_id=goal.pk, title="x")
    assert error.value.code == "goals_locked"
    with pytest.raises(ServiceError):
        work.goal_create(user=mentee.user, mentorship_id=mentorship.pk, title="Новая")
    goal = work.goal_update(
        user=mentee.user, mentorship_id=mentorship.pk, goal_id=goal.pk, status="done"
    )
    assert (goal.title, goal.status) == ("Оффер junior DA", "done")


def test_someone_elses_mentorship_is_not_found_by_any_service(pair):
    stranger = UserFactory()
    _, _, mentorship = pair
    calls = [
        lambda: services.mentorship_advance(user=stranger, mentorship_id=mentorship.pk),
        lambda: work.goal_create(user=stranger, mentorship_id=mentorship.pk, title="x"),
        lambda: work.task_create(user=stranger, mentorship_id=mentorship.pk, title="x"),
        lambda: _evaluate(stranger, mentorship),
    ]
    for call in calls:
        with pytest.raises(Mentorship.DoesNotExist):
            call()


def test_both_sides_are_reminded_of_tomorrows_session_once_in_their_own_zone(pair):
    mentee, mentor, mentorship = pair
    starts_at = dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC)  # 19:00 Moscow, 02:00 Vladivostok
    session = Session.objects.create(
        mentorship=mentorship, starts_at=starts_at, duration_minutes=60, format="video"
    )
    now = starts_at - dt.timedelta(hours=20)
    assert reminders.sessions_remind_tomorrow(now=now) == 2
    assert reminders.sessions_remind_tomorrow(now=now + dt.timedelta(minutes=15)) == 0
    by_person = {n.user_id: n.title for n in Notification.objects.filter(kind="session_tomorrow")}
    assert "19:00 (Москва, UTC+3)" in by_person[mentee.user.pk]
    assert "02:00 (Владивосток, UTC+10)" in by_person[mentor.user.pk]
    # Moved to another time: reminded again; cancelled: not at all.
    Session.objects.filter(pk=session.pk).update(starts_at=starts_at + dt.timedelta(hours=1))
    assert reminders.sessions_remind_tomorrow(now=now) == 2
    Session.objects.filter(pk=session.pk).update(status="cancelled")
    Notification.objects.all().delete()
    assert reminders.sessions_remind_tomorrow(now=now) == 0


def test_a_quiet_main_phase_nudges_both_sides_once(pair):
    mentee, mentor, mentorship = pair
    mentorship = _advance_to(mentorship, Phase.MAIN)
    start = mentorship.phase_started_at
    assert reminders.mentorships_nudge_quiet(now=start + dt.timedelta(days=13)) == 0
    assert reminders.mentorships_nudge_quiet(now=start + dt.timedelta(days=15)) == 2
    assert reminders.mentorships_nudge_quiet(now=start + dt.timedelta(days=16)) == 0
    # A session ends the quiet spell; 14 days after it, a new nudge.
    Session.objects.create(
        mentorship=mentorship,
        starts_at=start + dt.timedelta(days=17),
        duration_minutes=60,
        format="chat",
        status="held",
    )
    assert reminders.mentorships_nudge_quiet(now=start + dt.timedelta(days=20)) == 0
    assert reminders.mentorships_nudge_quiet(now=start + dt.timedelta(days=32)) == 2
    nudged = Notification.objects.filter(kind="no_session_nudge").values_list("user_id", flat=True)
    assert sorted(nudged) == sorted([mentee.user.pk, mentor.user.pk] * 2)


def test_a_kind_switched_off_is_neither_shown_nor_emailed(pair, django_capture_on_commit_callbacks):
    _mentee, mentor, mentorship = pair
    notifications.notification_settings_set(user=mentor.user, off=["phase_advanced"])
    assert notifications.notification_settings_of(mentor.user) == ["phase_advanced"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _advance_to(mentorship, Phase.MAIN)
    assert not Notification.objects.filter(user=mentor.user, kind="phase_advanced").exists()
    assert mail.outbox == []
    with pytest.raises(InvalidInput):
        notifications.notification_settings_set(user=mentor.user, off=["no_such_kind"])
    assert notifications.notification_settings_of(mentor.user) == ["phase_advanced"]


def test_a_held_session_stays_in_the_past_and_loses_its_ratings_when_it_did_not_happen(pair):
    mentee, mentor, mentorship = pair
    session = Session.objects.create(
        mentorship=mentorship,
        starts_at=timezone.now() - dt.timedelta(days=1),
        duration_minutes=60,
        format="video",
    )
    ids = {"mentorship_id": mentorship.pk, "session_id": session.pk}
    work.session_update(user=mentor.user, status="held", **ids)
    work.session_update(user=mentee.user, rating=5, **ids)
    with pytest.raises(ServiceError) as error:
        work.session_update(
            user=mentor.user, starts_at=timezone.now() + dt.timedelta(days=30), **ids
        )
    assert error.value.code == "session_in_future"
    work.session_update(user=mentor.user, status="cancelled", **ids)
    assert work.personal_of(user=mentee.user, sessions=[session])[session.pk].rating is None


def test_ratings_close_with_the_mentorship_but_private_notes_stay_writable(pair):
    mentee, mentor, mentorship = pair
    session = Session.objects.create(
        mentorship=mentorship,
        starts_at=timezone.now() - dt.timedelta(days=1),
        duration_minutes=60,
        format="video",
        status="held",
    )
    services.mentorship_end(user=mentor.user, mentorship_id=mentorship.pk, reason="no_time")
    ids = {"mentorship_id": mentorship.pk, "session_id": session.pk}
    with pytest.raises(ServiceError) as error:
        work.session_update(user=mentee.user, rating=4, **ids)
    assert error.value.code == "not_active"
    work.session_update(user=mentee.user, private_notes="Что я вынесла", **ids)
    mine = work.personal_of(user=mentee.user, sessions=[session])[session.pk]
    assert mine.private_notes == "Что я вынесла"


# 16:00 UTC on the Sunday of each week of tests/clock.py, in Berlin: the clocks went
# forward at 01:00 UTC that Sunday in March and back at 01:00 UTC that Sunday in October.
SUNDAY_16_UTC_IN_BERLIN = {
    WEEKS["winter"]: "17:00",
    WEEKS["clocks-forward"]: "18:00",
    WEEKS["summer"]: "18:00",
    WEEKS["clocks-back"]: "17:00",
}


def test_a_reminder_gives_the_sessions_own_hour_when_the_clocks_change_in_between(fixed_now):
    mentee = MenteeFactory(user__timezone="Europe/Berlin")
    mentor = MentorFactory(user__timezone="Europe/Moscow")
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk, now=fixed_now)
    mentorship = matching.match_accept(user=mentor.user, match_id=match.pk).mentorship
    sunday = fixed_now.date() + dt.timedelta(days=6)
    starts_at = dt.datetime.combine(sunday, dt.time(16), tzinfo=dt.UTC)
    Session.objects.create(
        mentorship=mentorship, starts_at=starts_at, duration_minutes=60, format="video"
    )

    # Saturday evening: Berlin may still be on the other offset than the session's.
    assert reminders.sessions_remind_tomorrow(now=starts_at - dt.timedelta(hours=20)) == 2

    titles = {n.user_id: n.title for n in Notification.objects.filter(kind="session_tomorrow")}
    in_berlin = starts_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"{in_berlin:%H:%M}" == SUNDAY_16_UTC_IN_BERLIN[fixed_now]
    # The offset named is the session's own too, not the one on the day of the reminder.
    offset = in_berlin.hour - 16
    assert f"{in_berlin:%H:%M} (Берлин, UTC+{offset})" in titles[mentee.user.pk]
    assert "19:00 (Москва, UTC+3)" in titles[mentor.user.pk]
