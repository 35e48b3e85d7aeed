"""A finished mentorship keeps no planned sessions: ended or completed, the future ones
are cancelled with the phase change, on the page, in the API, in both calendar feeds,
and nobody is reminded of them."""

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from icalendar import Calendar

from mentorship import calendar, evaluations, reminders, services
from mentorship import matches as matching
from mentorship.checklist import STEPS
from mentorship.models import Mentorship, Phase, Session, SessionStatus
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/mentorships/"
EVALUATION = {
    "goal_progress": 8,
    "confidence_before": 3,
    "confidence_after": 8,
    "productivity": 5,
    "support_met": "yes",
    "would_recommend": 10,
    "interview_invitations": 2,
    "skills_gained": "SQL",
}


@pytest.fixture
def pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    return mentee, mentor, matching.match_accept(user=mentor.user, match_id=match.pk).mentorship


def _to_closing(mentorship: Mentorship) -> Mentorship:
    user = mentorship.mentee.user
    while mentorship.phase != Phase.CLOSING:
        for step in STEPS:
            if step.phase == mentorship.phase:
                services.checklist_item_set(
                    user=user, mentorship_id=mentorship.pk, key=step.key, done=True
                )
        mentorship = services.mentorship_advance(user=user, mentorship_id=mentorship.pk)
    return mentorship


def _end_through_the_api(api, mentorship: Mentorship) -> None:
    api.force_authenticate(mentorship.mentor.user)
    response = api.post(f"{URL}{mentorship.pk}/end/", {"reason": "no_time"})
    assert response.status_code == 200, response.content


def _end_on_the_page(client, mentorship: Mentorship) -> None:
    client.force_login(mentorship.mentee.user)
    response = client.post(f"/mentorships/{mentorship.pk}/end/", {"reason": "other"})
    assert response.status_code == 302, response.content


def _complete_by_evaluations(api, mentorship: Mentorship) -> None:
    mentorship = _to_closing(mentorship)
    for person in (mentorship.mentee.user, mentorship.mentor.user):
        evaluations.evaluation_submit(user=person, mentorship_id=mentorship.pk, **EVALUATION)


def _complete_when_overdue(api, mentorship: Mentorship) -> None:
    mentorship = _to_closing(mentorship)
    now = mentorship.phase_started_at + services.CLOSING_GRACE + dt.timedelta(minutes=1)
    assert services.mentorships_complete_overdue(now=now) == [mentorship.pk]


FINISHES: dict[str, Callable] = {
    "ended through the API": _end_through_the_api,
    "ended on the page": _end_on_the_page,
    "completed by both evaluations": _complete_by_evaluations,
    "completed by the beat after 14 days": _complete_when_overdue,
}


def _status_in(feed: bytes) -> dict[int, str]:
    """Each VEVENT's STATUS by the session id in its UID (session-<id>@<host>)."""
    events = Calendar.from_ical(feed).walk("VEVENT")
    return {
        int(re.fullmatch(r"session-(\d+)@.+", str(event["UID"])).group(1)): str(event["STATUS"])
        for event in events
    }


def _badge_on_the_page(html: str, session: Session) -> str:
    found = re.search(
        rf'id="session-{session.pk}".*?<span class="badge session-status">([^<]*)</span>',
        html,
        re.S,
    )
    assert found, f"session {session.pk} is not on the page"
    return found.group(1).strip()


@pytest.mark.parametrize("finish", FINISHES.values(), ids=FINISHES.keys())
def test_finishing_a_mentorship_cancels_its_planned_future_sessions_everywhere(
    api, client, pair, finish
):
    mentee, mentor, mentorship = pair
    start = timezone.now()
    held = Session.objects.create(
        mentorship=mentorship,
        starts_at=start - dt.timedelta(days=2),
        format="video",
        status=SessionStatus.HELD,
    )
    # Far enough ahead to be in the future even after the 14 days of the beat's closing.
    planned = [
        Session.objects.create(
            mentorship=mentorship, starts_at=start + dt.timedelta(days=days), format="video"
        )
        for days in (20, 27)
    ]

    before = timezone.now()
    finish(client if finish is _end_on_the_page else api, mentorship)

    mentorship.refresh_from_db()
    assert not mentorship.is_active
    sessions = Session.objects.filter(mentorship=mentorship).order_by("starts_at")
    assert list(sessions.values_list("pk", "status")) == [
        (held.pk, SessionStatus.HELD),
        (planned[0].pk, SessionStatus.CANCELLED),
        (planned[1].pk, SessionStatus.CANCELLED),
    ]
    # Changed now, so a calendar application sees a new LAST-MODIFIED and updates.
    assert all(s.updated_at >= before for s in sessions[1:])
    assert sessions[0].updated_at == held.updated_at

    api.force_authenticate(mentee.user)
    listed = api.get(f"{URL}{mentorship.pk}/sessions/").json()["results"]
    assert {s["id"]: s["status"] for s in listed} == {
        held.pk: "held",
        planned[0].pk: "cancelled",
        planned[1].pk: "cancelled",
    }

    client.force_login(mentor.user)
    html = client.get(f"/mentorships/{mentorship.pk}/").content.decode()
    assert _badge_on_the_page(html, held) == "состоялась"
    assert [_badge_on_the_page(html, s) for s in planned] == ["отменена", "отменена"]
    assert "запланирована" not in html

    expected = {held.pk: "CONFIRMED", planned[0].pk: "CANCELLED", planned[1].pk: "CANCELLED"}
    pair_feed = api.get(f"{URL}{mentorship.pk}/calendar.ics")
    assert pair_feed.status_code == 200
    assert _status_in(pair_feed.content) == expected
    for person in (mentee.user, mentor.user):
        client.logout()
        address = f"/calendar/{person.pk}/{calendar.subscription_token(person)}.ics"
        feed = client.get(address)
        assert feed.status_code == 200, address
        assert _status_in(feed.content) == expected

    for session in planned:
        assert (
            reminders.sessions_remind_tomorrow(now=session.starts_at - dt.timedelta(hours=20)) == 0
        )


def test_a_planned_session_of_a_finished_pair_is_never_reminded(pair):
    """The reminder's own guard, for a planned session a finished pair kept from
    before this rule (or written by something that forgot it)."""
    _mentee, _mentor, mentorship = pair
    starts_at = timezone.now() + dt.timedelta(days=3)
    Session.objects.create(mentorship=mentorship, starts_at=starts_at, format="video")
    now = starts_at - dt.timedelta(hours=20)
    for phase in (Phase.COMPLETED, Phase.ENDED):
        Mentorship.objects.filter(pk=mentorship.pk).update(phase=phase)
        assert reminders.sessions_remind_tomorrow(now=now) == 0
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.MAIN)
    assert reminders.sessions_remind_tomorrow(now=now) == 2  # the guard, not a broken setup
