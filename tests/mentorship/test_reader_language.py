"""Each person is told in their own language and date format, whoever's request caused it."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts import services as accounts
from accounts.models import User
from core import notifications
from core.models import Notification, NotificationKind
from mentorship import matches as matching
from mentorship import reminders
from mentorship.models import Session
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def _told(user: User, kind: str) -> Notification:
    return Notification.objects.get(user=user, kind=kind)


def _emailed(notification: Notification) -> mail.EmailMessage:
    notifications.notification_email_send(notification_id=notification.pk, run_id="run")
    return mail.outbox[-1]


def test_a_russian_request_reaches_an_english_mentor_in_english_and_back():
    olga = MenteeFactory(user__full_name="Ольга Смирнова", user__language="ru")
    anna = MentorFactory(user__full_name="Anna Schmidt", user__language="en")
    with translation.override("ru"):  # Olga's request, on her Russian page
        match = matching.match_request(user=olga.user, mentor_id=anna.pk, now=NOW)
    told = _told(anna.user, NotificationKind.NEW_REQUEST)
    assert told.title == "New request: Ольга Смирнова"
    assert _emailed(told).subject == "New request: Ольга Смирнова"

    with translation.override("en"):  # Anna accepts on her English page
        matching.match_accept(user=anna.user, match_id=match.pk)
    assert _told(olga.user, NotificationKind.MATCH_ACCEPTED).title == (
        "Пара состоялась: вы и Anna Schmidt"
    )
    assert _told(anna.user, NotificationKind.MATCH_ACCEPTED).title == (
        "It's a match: you and Ольга Смирнова"
    )


def test_a_session_reminder_gives_the_date_in_each_readers_format():
    olga = MenteeFactory(user__timezone="Europe/Moscow", user__language="ru")
    anna = MentorFactory(user__timezone="Europe/Berlin", user__language="en")
    match = matching.match_request(user=olga.user, mentor_id=anna.pk, now=NOW)
    mentorship = matching.match_accept(user=anna.user, match_id=match.pk).mentorship
    starts_at = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
    Session.objects.create(
        mentorship=mentorship, starts_at=starts_at, duration_minutes=60, format="video"
    )
    with translation.override("en"):  # whatever language the worker runs in
        assert reminders.sessions_remind_tomorrow(now=starts_at - dt.timedelta(hours=20)) == 2
    russian = _told(olga.user, NotificationKind.SESSION_TOMORROW)
    english = _told(anna.user, NotificationKind.SESSION_TOMORROW)
    assert russian.title.endswith(", 5 декабря 2026, 11:00 (Москва, UTC+3)")
    assert english.title.endswith(", 5 December 2026, 09:00 (Berlin, UTC+1)")
    assert _emailed(english).subject == english.title


def test_a_session_time_names_the_place_and_the_offset_of_that_moment():
    moment = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
    with translation.override("ru"):
        assert reminders.local_time(moment, "Europe/Moscow") == (
            "5 декабря 2026, 11:00 (Москва, UTC+3)"
        )
        summer = reminders.local_time(dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC), "Europe/Berlin")
        assert summer == "1 июля 2026, 10:00 (Берлин, UTC+2)"
    with translation.override("en"):
        assert reminders.local_time(moment, "Europe/Moscow") == (
            "5 December 2026, 11:00 (Moscow, UTC+3)"
        )


def test_a_person_who_signs_up_in_english_gets_english_letters(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = {
        "full_name": "Anna Schmidt", "email": "anna@example.org",
        "password": "Zelenaya-Lampa-42", "timezone": "Europe/Berlin", "consent": "on",
    }  # fmt: skip
    assert client.post(reverse("accounts:signup"), form).status_code == 302
    user = User.objects.get(email="anna@example.org")
    assert user.language == "en"
    accounts.welcome_email_send(user_id=user.pk)
    [welcome] = [m for m in mail.outbox if "anna@example.org" in m.to and "elcome" in m.subject]
    assert "Добро" not in welcome.body
