"""Matching pages: a mentee's suggestions, a mentor's inbox. Thin over matching.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import MenteeProfile, MentorProfile
from matching import explain, selectors, services
from matching.models import Match, MatchOrigin, MatchStatus
from mentorship.errors import ServiceError


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


def _act(request: HttpRequest, service, success: str, **kwargs) -> HttpResponse:
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
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, services.match_accept, _("Запрос отправлен наставнику."), match_id=pk)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, services.match_decline, _("Отклонено."), match_id=pk)


@login_required
@require_POST
def request_mentor(request: HttpRequest, id: int) -> HttpResponse:
    get_object_or_404(MentorProfile, user_id=id, user__is_active=True)
    return _act(request, services.match_request, _("Запрос отправлен наставнику."), mentor_id=id)
