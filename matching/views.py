"""Matching pages: a mentee's suggestions, a mentor's inbox, a catalogue mentor's card.

Thin over matching.services; accepting and requesting (which may start a
mentorship) are one floor up, in mentorship/match_views.py, under the same URLs.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import MenteeProfile, MentorProfile
from accounts.selectors import public_mentors
from core.errors import ServiceError
from matching import explain, selectors, services
from matching.models import Match, MatchOrigin, MatchStatus


def _with_explanations(matches, reader_id: int) -> list[Match]:
    """Attaches each match's sentences, written for the reader's side."""
    matches = list(matches)
    for match in matches:
        match.explanation = explain.render_for(match, reader_id)
    return matches


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    user = request.user
    mentee = MenteeProfile.objects.filter(user=user).first()
    if mentee is None:
        return render(request, "matching/no_mentee_profile.html")
    mine = selectors.matches_of(user).filter(mentee_id=user.pk)
    context = {
        "suggested": _with_explanations(
            mine.filter(status=MatchStatus.SUGGESTED, mentee_accepted=False), user.pk
        ),
        "requests": _with_explanations(
            mine.filter(status=MatchStatus.SUGGESTED, mentee_accepted=True), user.pk
        ),
        "accepted": mine.filter(status=MatchStatus.ACCEPTED),
        "closed": mine.filter(status__in=[MatchStatus.DECLINED, MatchStatus.EXPIRED])[:10],
    }
    return render(request, "matching/suggestions.html", context)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not MentorProfile.objects.filter(user=user).exists():
        return render(request, "matching/no_mentor_profile.html")
    mine = selectors.matches_of(user).filter(mentor_id=user.pk)
    context = {
        "mentor": MentorProfile.objects.get(user=user),
        "requests": _with_explanations(
            mine.filter(status=MatchStatus.SUGGESTED, mentee_accepted=True).order_by(
                "requested_at"
            ),
            user.pk,
        ),
        # Pairs a programme's coordinator published: either side may say yes first.
        "proposed": _with_explanations(
            mine.filter(
                status=MatchStatus.SUGGESTED, origin=MatchOrigin.PROGRAMME, mentee_accepted=False
            ).select_related("programme"),
            user.pk,
        ),
        "accepted": mine.filter(status=MatchStatus.ACCEPTED),
    }
    return render(request, "matching/inbox.html", context)


def match_act(request: HttpRequest, service, success: str, **kwargs) -> HttpResponse:
    """Runs one answer to a match and goes back with what came of it (for every answer page)."""
    try:
        match = service(user=request.user, **kwargs)
    except Match.DoesNotExist as error:
        raise Http404 from error
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if match.status == MatchStatus.ACCEPTED:
            messages.success(request, _("Пара состоялась! Договоритесь о первой встрече."))
        else:
            messages.success(request, success)
    return redirect(request.POST.get("next") or "matching:suggestions")


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return match_act(request, services.match_decline, _("Отклонено."), match_id=pk)


def mentor_card(request: HttpRequest, id: int) -> HttpResponse:
    """A catalogue mentor's card; a signed-in mentee also sees how well they fit."""
    mentor = get_object_or_404(public_mentors(), user_id=id)
    context: dict[str, Any] = {"mentor": mentor}
    mentee = None
    if request.user.is_authenticated and request.user.pk != mentor.pk:
        mentee = MenteeProfile.objects.filter(user=request.user).first()
    if mentee is not None:
        context.update(
            fit=services.mentor_fit(mentee=mentee, mentor=mentor),
            existing_match=Match.objects.filter(mentee=mentee, mentor=mentor).first(),
        )
    return render(request, "accounts/mentor_card.html", context)
