"""A session's call link (https only) on the page, in the reminder and the calendar; a
planned session moved to another time is told to the other side, in their zone."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.models import Notification, NotificationKind
from mentorship import matches as matching
from mentorship import reminders, work
from mentorship.models import Session
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/mentorships/"
CALL = "https://meet.example.org/abc-defg-hij"
MOSCOW = dt.timezone(dt.timedelta(hours=3))


@pytest.fixture
def pair():
    """A mentee in Moscow and a mentor in Vladivostok (+10, no daylight saving either)."""
    mentee = MenteeFactory(user__full_name="Ольга Смирнова", user__timezone="Europe/Moscow")
    mentor = MentorFactory(user__full_name="Иван Петров", user__timezone="Asia/Vladivostok")
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee.user, mentor.user, match.mentorship


def _soon(hours: int) -> dt.datetime:
    """A whole Moscow hour `hours` or so from now: within the window a session may be put in."""
    moment = (timezone.now() + dt.timedelta(hours=hours)).astimezone(MOSCOW)
    return moment.replace(minute=0, second=0, microsecond=0)


def _plan(api, mentorship_id: int, starts_at: dt.datetime, **fields):
    body = {"starts_at": starts_at.isoformat(), "duration_minutes": 60, "format": "video"}
    return api.post(f"{URL}{mentorship_id}/sessions/", {**body, **fields})


def test_a_session_with_a_call_link_is_seen_by_both_sides(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee)
    response = _plan(api, mentorship.pk, _soon(48), call_url=f"  {CALL}  ")
    assert response.status_code == 201, response.content
    assert response.json()["call_url"] == CALL
    api.force_authenticate(mentor)
    [seen] = api.get(f"{URL}{mentorship.pk}/sessions/").json()["results"]
    assert seen["call_url"] == CALL


@pytest.mark.parametrize(
    "call_url",
    [
        "http://meet.example.org/abc",
        "javascript:alert(1)",
        "ftp://files.example.org/x",
        "meet.example.org/abc",
        "https://",
        "https://" + "a" * 490 + ".org",
    ],
)
def test_a_call_link_that_is_not_https_is_a_400_on_that_field(api, pair, call_url):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee)
    response = _plan(api, mentorship.pk, _soon(48), call_url=call_url)
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["call_url"]
    assert "https://" in response.json()["call_url"][0] or "500" in response.json()["call_url"][0]
    assert not Session.objects.exists()


def test_a_call_link_is_added_later_and_an_http_one_refused(api, pair):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee)
    session = _plan(api, mentorship.pk, _soon(48)).json()
    url = f"{URL}{mentorship.pk}/sessions/{session['id']}/"
    refused = api.patch(url, {"call_url": "http://zoom.example.org/j/1"})
    assert refused.status_code == 400
    assert list(refused.json()) == ["call_url"]
    assert api.patch(url, {"call_url": CALL}).json()["call_url"] == CALL
    # Only a link changed: nobody is told of a move.
    assert not Notification.objects.filter(kind=NotificationKind.SESSION_MOVED).exists()
    assert api.patch(url, {"call_url": ""}).json()["call_url"] == ""


def test_the_calendar_feed_carries_the_call_link_as_url_and_location(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee)
    _plan(api, mentorship.pk, _soon(48), call_url=CALL)
    _plan(api, mentorship.pk, _soon(72))
    api.force_authenticate(mentor)
    response = api.get(f"{URL}{mentorship.pk}/calendar.ics")
    with_link, without = sorted(
        Calendar.from_ical(response.content).walk("VEVENT"), key=lambda e: e.decoded("DTSTART")
    )
    assert str(with_link["URL"]) == CALL
    assert str(with_link["LOCATION"]) == CALL
    # Without a link the event's one URL is the pair's page (the link's place is kept
    # for the call), and no place is made up.
    assert str(without["URL"]).endswith(f"/mentorships/{mentorship.pk}/")
    assert "LOCATION" not in without
    assert str(with_link["DESCRIPTION"]).endswith(f"/mentorships/{mentorship.pk}/")


def test_the_reminder_carries_the_call_link(pair):
    mentee, _mentor, mentorship = pair
    now = timezone.now()
    work.session_create(
        user=mentee,
        mentorship_id=mentorship.pk,
        starts_at=_soon(10),
        duration_minutes=60,
        format="video",
        agenda="Разбор резюме",
        call_url=CALL,
    )
    assert reminders.sessions_remind_tomorrow(now=now) == 2
    for note in Notification.objects.filter(kind=NotificationKind.SESSION_TOMORROW):
        assert "Разбор резюме" in note.body
        assert CALL in note.body


def test_a_moved_session_is_told_to_the_other_side_in_their_zone_and_reminded_again(api, pair):
    mentee, mentor, mentorship = pair
    now = timezone.now()
    first, moved_to = _soon(10), _soon(20)
    api.force_authenticate(mentee)
    session = _plan(api, mentorship.pk, first, call_url=CALL).json()
    assert reminders.sessions_remind_tomorrow(now=now) == 2

    response = api.patch(
        f"{URL}{mentorship.pk}/sessions/{session['id']}/", {"starts_at": moved_to.isoformat()}
    )
    assert response.status_code == 200, response.content
    # The mover sees the new time in Moscow, the mentor in Vladivostok.
    assert dt.datetime.fromisoformat(response.json()["starts_at"]).utcoffset() == dt.timedelta(
        hours=3
    )
    api.force_authenticate(mentor)
    theirs = api.get(f"{URL}{mentorship.pk}/sessions/{session['id']}/").json()
    seen = dt.datetime.fromisoformat(theirs["starts_at"])
    assert seen == moved_to
    assert seen.utcoffset() == dt.timedelta(hours=10)

    [told] = Notification.objects.filter(kind=NotificationKind.SESSION_MOVED)
    assert told.user == mentor
    in_vladivostok = reminders.local_time(moved_to, "Asia/Vladivostok")
    assert in_vladivostok in told.title
    assert "Ольга Смирнова" in told.title
    assert CALL in told.body
    # The reminder comes again, for the new time, to both.
    assert reminders.sessions_remind_tomorrow(now=now) == 2
    assert reminders.sessions_remind_tomorrow(now=now) == 0
    newest = Notification.objects.filter(kind=NotificationKind.SESSION_TOMORROW, user=mentor)
    assert in_vladivostok in newest.order_by("-pk").first().title


def test_a_move_to_the_same_time_or_of_a_cancelled_session_tells_no_one(api, pair):
    _mentee, mentor, mentorship = pair
    api.force_authenticate(mentor)
    starts_at = _soon(30)
    session = _plan(api, mentorship.pk, starts_at).json()
    url = f"{URL}{mentorship.pk}/sessions/{session['id']}/"
    assert api.patch(url, {"starts_at": starts_at.isoformat()}).status_code == 200
    assert api.patch(url, {"status": "cancelled"}).status_code == 200
    assert api.patch(url, {"starts_at": _soon(40).isoformat()}).status_code == 200
    assert not Notification.objects.filter(kind=NotificationKind.SESSION_MOVED).exists()


def test_moving_there_and_back_is_told_each_time(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentor)
    first, second = _soon(30), _soon(40)
    session = _plan(api, mentorship.pk, first).json()
    url = f"{URL}{mentorship.pk}/sessions/{session['id']}/"
    for when in (second, first, second):
        assert api.patch(url, {"starts_at": when.isoformat()}).status_code == 200
    told = Notification.objects.filter(kind=NotificationKind.SESSION_MOVED, user=mentee)
    assert told.count() == 3


def test_another_pairs_session_cannot_be_moved(api, pair, stranger):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee)
    session = _plan(api, mentorship.pk, _soon(30)).json()
    api.force_authenticate(stranger)
    response = api.patch(
        f"{URL}{mentorship.pk}/sessions/{session['id']}/", {"starts_at": _soon(40).isoformat()}
    )
    assert response.status_code == 404
    assert not Notification.objects.filter(kind=NotificationKind.SESSION_MOVED).exists()


# --- The pair's page -----------------------------------------------------------------------


def test_the_page_plans_with_a_call_link_and_moves_in_the_readers_zone(client, pair):
    mentee, mentor, mentorship = pair
    client.force_login(mentee)
    page = reverse("mentorship:detail", args=[mentorship.pk])
    local = _soon(48)
    response = client.post(
        reverse("mentorship:session-create", args=[mentorship.pk]),
        {
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "format": "video",
            "call_url": CALL,
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.call_url == CALL
    assert session.starts_at == local

    client.force_login(mentor)
    html = client.get(page).content.decode()
    assert f'href="{CALL}"' in html
    assert 'data-testid="session-move"' in html
    # The mentor types the new time as they read it: Vladivostok's.
    new_local = (local + dt.timedelta(hours=3)).astimezone(dt.timezone(dt.timedelta(hours=10)))
    response = client.post(
        reverse("mentorship:session-move", args=[mentorship.pk, session.pk]),
        {"starts_at": new_local.strftime("%Y-%m-%dT%H:%M"), "call_url": CALL},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == local + dt.timedelta(hours=3)
    [told] = Notification.objects.filter(kind=NotificationKind.SESSION_MOVED)
    assert told.user == mentee
    assert reminders.local_time(session.starts_at, "Europe/Moscow") in told.title


def test_the_page_refuses_an_http_call_link_next_to_its_field(client, pair):
    mentee, _mentor, mentorship = pair
    client.force_login(mentee)
    response = client.post(
        reverse("mentorship:session-create", args=[mentorship.pk]),
        {
            "starts_at": _soon(48).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "format": "video",
            "call_url": "http://meet.example.org/x",
        },
    )
    assert response.status_code == 400
    assert "https://" in response.content.decode()
    assert not Session.objects.exists()
