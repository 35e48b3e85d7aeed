"""The pair's sessions as an iCalendar feed (RFC 5545), built with the icalendar library."""

import datetime as dt
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from accounts.models import User
from core.notifications import absolute_url
from mentorship.models import Mentorship, Session, SessionStatus

_STATUS = {
    SessionStatus.PLANNED: "CONFIRMED",
    SessionStatus.HELD: "CONFIRMED",
    SessionStatus.CANCELLED: "CANCELLED",
}
# The calendar application reminds this long before a session.
REMIND_BEFORE = dt.timedelta(minutes=30)


def uid_host() -> str:
    """The site's host name, from SITE_URL: UIDs stay the same wherever the feed is
    fetched from, and name no port ("session-7@mentor.example.org")."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Nastavnik//mentorship sessions//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(session: Session, other_name: str, stamp: dt.datetime) -> Event:
    """One session: UTC times, the call link or the pair's page (URL), a reminder (VALARM)."""
    summary = _("Встреча: %(name)s") % {"name": other_name}
    event = Event()
    event.add("uid", f"session-{session.pk}@{uid_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(dt.UTC))
    event.add("dtend", session.ends_at.astimezone(dt.UTC))
    event.add("summary", summary)
    page = absolute_url(reverse("mentorship:detail", args=[session.mentorship_id]))
    # One URL per event (RFC 5545): the call link when there is one (calendars show
    # it as the place to join), else the pair's page; the page is in the description.
    event.add("description", "\n\n".join(part for part in (session.agenda, page) if part))
    if session.call_url:
        event.add("url", session.call_url)
        event.add("location", session.call_url)
    else:
        event.add("url", page)
    event.add("status", _STATUS[session.status])
    event.add("last-modified", session.updated_at.astimezone(dt.UTC))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -REMIND_BEFORE)
    event.add_component(alarm)
    return event


def calendar_feed(*, mentorship: Mentorship, viewer_name: str) -> bytes:
    """Every session of the pair as a VEVENT with UTC times and a stable UID.

    UTC keeps the feed free of VTIMEZONE blocks: each calendar application
    shows the event in its owner's own zone.
    """
    calendar = _calendar(_("Наставничество: %(name)s") % {"name": viewer_name})
    stamp = timezone.now().astimezone(dt.UTC)
    for session in mentorship.sessions.order_by("starts_at", "pk"):
        calendar.add_component(_event(session, viewer_name, stamp))
    return calendar.to_ical()


def person_feed(*, user: User) -> bytes:
    """All sessions of all of a person's mentorships: what a calendar subscribes to."""
    calendar = _calendar(_("Встречи наставничества"))
    stamp = timezone.now().astimezone(dt.UTC)
    sessions = (
        Session.objects.filter(mentorship__in=Mentorship.objects.of(user))
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        pair = session.mentorship
        other = pair.mentor if pair.mentee_id == user.pk else pair.mentee
        calendar.add_component(_event(session, other.user.full_name if other else "—", stamp))
    return calendar.to_ical()


def subscription_token(user: User) -> str:
    """The secret of a person's feed address (128 random bits), made on first use."""
    if not user.calendar_key:
        key = secrets.token_hex(16)
        # Two first uses at once: the first write wins and both read it back.
        User.objects.filter(pk=user.pk, calendar_key="").update(calendar_key=key)
        user.calendar_key = User.objects.values_list("calendar_key", flat=True).get(pk=user.pk)
    return user.calendar_key


def subscription_renew(*, user: User) -> str:
    """A new feed address; calendars subscribed to the old one stop receiving."""
    user.calendar_key = secrets.token_hex(16)
    User.objects.filter(pk=user.pk).update(calendar_key=user.calendar_key)
    return user.calendar_key


def subscriber(*, user_id: int, token: str) -> User | None:
    """The person whose feed address this is, or None."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(calendar_key="").first()
    if user is None or not constant_time_compare(token, user.calendar_key):
        return None
    return user
