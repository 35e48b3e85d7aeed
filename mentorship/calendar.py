"""The pair's sessions as an iCalendar feed (RFC 5545), built with the icalendar library."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from mentorship.models import Mentorship, SessionStatus

_STATUS = {
    SessionStatus.PLANNED: "CONFIRMED",
    SessionStatus.HELD: "CONFIRMED",
    SessionStatus.CANCELLED: "CANCELLED",
}


def calendar_feed(*, mentorship: Mentorship, viewer_name: str) -> bytes:
    """Every session of the pair as a VEVENT with UTC times and a stable UID.

    UTC keeps the feed free of VTIMEZONE blocks: each calendar application
    shows the event in its owner's own zone.
    """
    host = settings.SITE_URL.split("://")[-1].strip("/") or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//Nastavnik//mentorship sessions//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Наставничество: %(name)s") % {"name": viewer_name})
    stamp = timezone.now().astimezone(dt.UTC)
    for session in mentorship.sessions.order_by("starts_at", "pk"):
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", session.ends_at.astimezone(dt.UTC))
        event.add("summary", _("Встреча: %(name)s") % {"name": viewer_name})
        event.add("description", session.agenda)
        event.add("status", _STATUS[session.status])
        event.add("last-modified", session.updated_at.astimezone(dt.UTC))
        calendar.add_component(event)
    return calendar.to_ical()
