"""Periodic jobs of the lifecycle (Celery beat): session reminders, nudges, overdue closings.

Each is safe to run twice and from two workers at once: a notification's
unique key makes the second attempt a no-op.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.timezones import timezone_place, utc_offset
from core.models import NotificationKind
from core.notifications import absolute_url, in_language, notify
from mentorship.models import ACTIVE_PHASES, Mentorship, Phase, Session, SessionStatus

REMIND_AHEAD = dt.timedelta(hours=24)
# The main phase with no session for this long gets a nudge to both sides.
QUIET_AFTER = dt.timedelta(days=14)


def local_time(moment: dt.datetime, zone_name: str) -> str:
    """A moment as a person reads it in their zone, in the active language:
    «1 декабря 2026, 19:00 (Москва, UTC+3)» — the offset is the one of that moment."""
    local = moment.astimezone(ZoneInfo(zone_name))
    place = timezone_place(zone_name)
    offset = utc_offset(zone_name, moment=moment)
    where = place if place == "UTC" else f"{place}, {offset}"
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({where})"


def sessions_remind_tomorrow(*, now: dt.datetime | None = None) -> int:
    """Tells both sides of each planned session starting within 24 hours, once per time."""
    now = now or timezone.now()
    soon = Session.objects.filter(
        status=SessionStatus.PLANNED,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_AHEAD,
        # A finished pair's sessions are cancelled when it finishes; this guard also
        # covers any planned row left from before that rule.
        mentorship__phase__in=ACTIVE_PHASES,
    ).select_related("mentorship__mentee__user", "mentorship__mentor__user")
    sent = 0
    for session in soon:
        url = absolute_url(reverse("mentorship:detail", args=[session.mentorship_id]))
        for person, other in session.mentorship.people():
            with in_language(person):
                # The start time is in the key: a rescheduled session is reminded again.
                sent += bool(
                    notify(
                        user=person,
                        kind=NotificationKind.SESSION_TOMORROW,
                        key=f"session_soon:{session.pk}:{session.starts_at:%Y%m%d%H%M}:{person.pk}",
                        title=_("Скоро встреча: %(name)s, %(when)s")
                        % {
                            "name": other.full_name if other else "—",
                            "when": local_time(session.starts_at, person.timezone),
                        },
                        body=session_body(session),
                        url=url,
                        about=other,
                    )
                )
    return sent


def session_body(session: Session) -> str:
    """The agenda and, when the pair set one, the call's link to click."""
    body = session.agenda[:500]
    if session.call_url:
        body = f"{body}\n\n{_('Ссылка на звонок')}: {session.call_url}".strip()
    return body


def mentorships_nudge_quiet(*, now: dt.datetime | None = None) -> int:
    """Nudges both sides of main-phase pairs with no session for 14 days, once per quiet spell.

    A quiet spell is named by its last sign of life (the latest session, or the
    start of the main phase), so a new session ends it and a later one is new.
    """
    now = now or timezone.now()
    quiet = (
        Mentorship.objects.filter(phase=Phase.MAIN, phase_started_at__lte=now - QUIET_AFTER)
        .annotate(
            last_session=Max(
                "sessions__starts_at", filter=~Q(sessions__status=SessionStatus.CANCELLED)
            )
        )
        .filter(Q(last_session__isnull=True) | Q(last_session__lte=now - QUIET_AFTER))
        .select_related("mentee__user", "mentor__user")
    )
    sent = 0
    for pair in quiet:
        since = pair.last_session or pair.phase_started_at
        url = absolute_url(reverse("mentorship:detail", args=[pair.pk]))
        for person, other in pair.people():
            with in_language(person):
                sent += bool(
                    notify(
                        user=person,
                        kind=NotificationKind.NO_SESSION_NUDGE,
                        key=f"quiet:{pair.pk}:{since:%Y%m%d%H%M}:{person.pk}",
                        title=_("Две недели без встреч: %(name)s")
                        % {"name": other.full_name if other else "—"},
                        body=_(
                            "Назначьте следующую встречу или напишите в переписке пары — "
                            "регулярность важнее длительности."
                        ),
                        url=url,
                        about=other,
                    )
                )
    return sent
