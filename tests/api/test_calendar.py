"""The pair's sessions as an iCalendar feed: UTC instants, whatever offset they were given in."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from mentorship import matches as matching
from tests.factories import MenteeFactory, MentorFactory

URL = "/api/v1/mentorships/"


@pytest.fixture
def pair(db):
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee, mentor, match.mentorship


def _on(days: int, hour: int, offset_hours: int) -> dt.datetime:
    day = (timezone.now() + dt.timedelta(days=days)).date()
    return dt.datetime.combine(
        day, dt.time(hour), tzinfo=dt.timezone(dt.timedelta(hours=offset_hours))
    )


def _events(response) -> list:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    # By start: UIDs sort as text ("session-10" before "session-9").
    return sorted(
        Calendar.from_ical(response.content).walk("VEVENT"), key=lambda e: e.decoded("DTSTART")
    )


@pytest.mark.django_db
def test_the_feed_holds_each_session_at_its_utc_instant(api, pair):
    mentee, mentor, mentorship = pair
    moscow_evening = _on(5, 19, 3)  # 16:00 UTC
    vladivostok_morning = _on(6, 10, 10)  # 00:00 UTC the same day
    api.force_authenticate(mentee.user)
    for starts_at, minutes in ((moscow_evening, 60), (vladivostok_morning, 90)):
        response = api.post(
            f"{URL}{mentorship.pk}/sessions/",
            {"starts_at": starts_at.isoformat(), "duration_minutes": minutes, "format": "video"},
        )
        assert response.status_code == 201, response.content

    api.force_authenticate(mentor.user)
    events = _events(api.get(f"{URL}{mentorship.pk}/calendar.ics"))
    starts = [event.decoded("DTSTART") for event in events]
    ends = [event.decoded("DTEND") for event in events]
    assert starts == [moscow_evening, vladivostok_morning]
    assert [s.utcoffset() for s in starts] == [dt.timedelta(0), dt.timedelta(0)]
    assert (starts[0].hour, starts[1].hour) == (16, 0)
    assert ends == [
        moscow_evening + dt.timedelta(minutes=60),
        vladivostok_morning + dt.timedelta(minutes=90),
    ]
    # Named after the other side, for whoever reads the feed.
    assert mentee.user.full_name in str(events[0]["SUMMARY"])
    assert len({str(event["UID"]) for event in events}) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["text/calendar", "application/json", "text/html", "*/*"])
def test_the_feed_is_served_whatever_the_client_accepts(api, pair, accept):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    events = _events(api.get(f"{URL}{mentorship.pk}/calendar.ics", HTTP_ACCEPT=accept))
    assert events == []


@pytest.mark.django_db
def test_the_feed_of_another_pair_is_not_found(api, pair, stranger):
    _, _, mentorship = pair
    assert api.get(f"{URL}{mentorship.pk}/calendar.ics").status_code == 401
    api.force_authenticate(stranger)
    response = api.get(f"{URL}{mentorship.pk}/calendar.ics", HTTP_ACCEPT="text/calendar")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert api.get(f"{URL}999999999/calendar.ics").status_code == 404


@pytest.mark.django_db
def test_each_event_is_named_after_the_site_links_the_pair_and_reminds(api, pair, settings):
    settings.SITE_URL = "https://mentor.example.org:8443/"
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    body = {"starts_at": _on(5, 19, 3).isoformat(), "duration_minutes": 60, "format": "video"}
    session = api.post(f"{URL}{mentorship.pk}/sessions/", body).json()

    (event,) = _events(api.get(f"{URL}{mentorship.pk}/calendar.ics"))

    # The site's host, not the address the feed was fetched from (nor a port).
    assert str(event["UID"]) == f"session-{session['id']}@mentor.example.org"
    assert str(event["URL"]) == f"https://mentor.example.org:8443/mentorships/{mentorship.pk}/"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -dt.timedelta(minutes=30)
    assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
