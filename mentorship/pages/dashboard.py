"""The person's dashboard: their pairs, the next session, requests, notifications."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.dashboard import DASHBOARD
from matching import selectors as matching
from mentorship import calendar, outcome_timeline, selectors, services
from mentorship.pages.common import other_name
from mentorship.reminders import local_time

FINISHED_SHOWN = 10
NOTIFICATIONS_SHOWN = 5


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = selectors.own_mentorships_of(user=user)
    active = list(mine.active())
    for mentorship in active:
        mentorship.side = services.side_of(user=user, mentorship=mentorship)
        mentorship.other_name = other_name(user, mentorship)
    finished = list(mine.exclude(pk__in=[m.pk for m in active])[:FINISHED_SHOWN])
    for mentorship in finished:
        mentorship.other_name = other_name(user, mentorship)
    next_session = selectors.next_session_of(mentorships=active, now=timezone.now())
    if next_session is not None:
        next_session.when = local_time(next_session.starts_at, user.timezone)
        next_session.other_name = other_name(user, next_session.mentorship)
    context = {
        "roles": user.roles,
        # What the floors above add: a coordinator's programmes (core.dashboard).
        "panels": DASHBOARD.for_user(user),
        "active": active,
        "finished": finished,
        "next_session": next_session,
        "incoming": matching.requests_to(user=user),
        "outgoing": matching.requests_from(user=user),
        "notifications": selectors.unread_notifications_of(user=user)[:NOTIFICATIONS_SHOWN],
        "calendar_url": request.build_absolute_uri(
            reverse(
                "mentorship:calendar-subscription",
                args=[user.pk, calendar.subscription_token(user)],
            )
        ),
    }
    if "mentee" in context["roles"]:  # the way to the switch and the follow-ups (issue 16)
        context["timeline"] = outcome_timeline.mentee_timeline(user=user, now=timezone.now())
    return render(request, "mentorship/dashboard.html", context)
