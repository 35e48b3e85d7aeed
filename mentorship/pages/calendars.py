"""Calendars: a person's sessions at a secret subscription address, a pair's as a file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.links import back
from mentorship import calendar
from mentorship.pages.common import mentorship_of, other_name


@require_safe
def calendar_subscription(request: HttpRequest, user_id: int, token: str) -> HttpResponse:
    """All of a person's sessions at a secret address, for calendar applications that
    subscribe (they cannot sign in). A wrong address is a 404."""
    person = calendar.subscriber(user_id=user_id, token=token)
    if person is None:
        raise Http404
    with translation.override(person.language or "ru"):
        feed = calendar.person_feed(user=person)
    return HttpResponse(feed, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    calendar.subscription_renew(user=request.user)
    messages.success(
        request,
        _("Адрес подписки заменён: календари, подписанные на старый, больше не получат встреч."),
    )
    return back("mentorship:dashboard", anchor="calendar-title")


@login_required
def pair_calendar(request: HttpRequest, id: int) -> HttpResponse:
    """The pair's sessions for the person's calendar application (the page-side twin of
    GET /api/v1/mentorships/<id>/calendar.ics)."""
    mentorship = mentorship_of(request, id)
    feed = calendar.calendar_feed(
        mentorship=mentorship, viewer_name=other_name(request.user, mentorship)
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentorship-{mentorship.pk}.ics"'
    return response
