"""The person's dashboard: their pairs, the next session, requests, notifications."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.dashboard import DASHBOARD
from matching import selectors as matching
from mentorship import calendar, outcome_timeline, selectors, services
from mentorship.models import ACTIVE_PHASES, Mentorship, Side
from mentorship.reminders import local_time

FINISHED_SHOWN = 10
NOTIFICATIONS_SHOWN = 5


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    roles = user.roles
    mine = selectors.dashboard_mentorships_of(user=user, finished=FINISHED_SHOWN)
    active = [m for m in mine if m.phase in ACTIVE_PHASES]
    for mentorship in active:
        mentorship.side = services.side_of(user=user, mentorship=mentorship)
    finished = [m for m in mine if m.phase not in ACTIVE_PHASES][:FINISHED_SHOWN]
    for mentorship in active + finished:
        mentorship.other_name = _other_name(user, mentorship)
    next_session = selectors.next_session_of(mentorships=active, now=now) if active else None
    if next_session is not None:
        next_session.when = local_time(next_session.starts_at, user.timezone)
        next_session.other_name = next_session.mentorship.other_name
    incoming, outgoing = matching.open_requests_of(user=user) if roles else ([], [])
    notifications, unread = selectors.latest_unread_notifications_of(
        user=user, shown=NOTIFICATIONS_SHOWN
    )
    context = {
        "roles": roles,
        # What the floors above add: a coordinator's programmes (core.dashboard).
        "panels": DASHBOARD.for_user(user),
        "active": active,
        "finished": finished,
        "next_session": next_session,
        "incoming": incoming,
        "outgoing": outgoing,
        "notifications": notifications,
        # The navigation's badge (core.context_processors), counted by the list's query.
        "unread_notifications": unread,
        "calendar_url": request.build_absolute_uri(
            reverse(
                "mentorship:calendar-subscription",
                args=[user.pk, calendar.subscription_token(user)],
            )
        ),
    }
    if "mentee" in roles:  # the way to the switch and the follow-ups (issue 16)
        context["timeline"] = outcome_timeline.mentee_timeline(user=user, now=now, mentorships=mine)
    return render(request, "mentorship/dashboard.html", context)


def _other_name(user: User, mentorship: Mentorship) -> str:
    """pages.common.other_name from the names the dashboard's query read with the pair."""
    as_mentee = services.side_of(user=user, mentorship=mentorship) == Side.MENTEE
    name = mentorship.mentor_name if as_mentee else mentorship.mentee_name
    return name or _("удалённый пользователь")
