"""A person's calendar subscription: every session of every pair, at a secret address."""

import datetime as dt

import pytest
from icalendar import Calendar

from mentorship import calendar
from mentorship import matches as matching
from mentorship.models import Session
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor_with_two_pairs():
    mentor = MentorFactory(capacity=3)
    pairs = []
    for _ in range(2):
        mentee = MenteeFactory()
        match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
        pairs.append(matching.match_accept(user=mentor.user, match_id=match.pk).mentorship)
    for index, pair in enumerate(pairs):
        Session.objects.create(
            mentorship=pair,
            starts_at=dt.datetime(2026, 12, 1 + index, 16, 0, tzinfo=dt.UTC),
            duration_minutes=90,
            format="video",
        )
    return mentor, pairs


def test_the_subscription_holds_every_session_of_every_pair_in_utc(client, mentor_with_two_pairs):
    mentor, pairs = mentor_with_two_pairs
    client.force_login(mentor.user)
    url = client.get("/dashboard/").context["calendar_url"]
    client.logout()
    response = client.get(url)  # a calendar application: no session, no token header
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    starts = sorted(event.decoded("dtstart") for event in events)
    assert starts == [
        dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 2, 16, 0, tzinfo=dt.UTC),
    ]
    names = {str(event["summary"]) for event in events}
    assert names == {f"Встреча: {pair.mentee.user.full_name}" for pair in pairs}


def test_a_wrong_or_replaced_address_is_a_404_and_signing_in_changes_nothing(
    client, mentor_with_two_pairs
):
    mentor, _ = mentor_with_two_pairs
    token = calendar.subscription_token(mentor.user)
    url = f"/calendar/{mentor.pk}/{token}.ics"
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200  # some calendar applications ask first
    assert client.get(f"/calendar/{mentor.pk}/{'0' * 32}.ics").status_code == 404
    other = MenteeFactory().user
    assert client.get(f"/calendar/{other.pk}/{token}.ics").status_code == 404
    assert client.get(f"/calendar/{other.pk}/.ics").status_code == 404  # no key yet
    # A sign-in (which may re-hash the password) leaves the address alone.
    mentor.user.set_password("a-new-password-2026")
    mentor.user.save()
    assert client.get(url).status_code == 200
    client.force_login(mentor.user)
    assert client.post("/calendar/new-address/").status_code == 302
    assert client.get(url).status_code == 404
    new_url = client.get("/dashboard/").context["calendar_url"]
    assert new_url != url
    assert client.get(new_url).status_code == 200
