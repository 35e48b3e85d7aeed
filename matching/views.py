"""Matching pages: a mentee's suggestions, a mentor's inbox. Thin over matching.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as accounts
from matching import explain, selectors, services
from matching.models import Match, MatchStatus
from mentorship.errors import ServiceError
from mentorship.links import back_to_next

CLOSED_SHOWN = 10


def _with_explanations(matches, reader_id: int) -> list[Match]:
    """Attaches each match's sentences, written for the reader's side (the skill
    names of all of them asked once)."""
    matches = list(matches)
    names = explain.skill_names_for(matches)
    for match in matches:
        match.explanation = explain.render_for(match, reader_id, names)
    return matches


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    user = request.user
    if accounts.mentee_profile_of(user=user) is None:
        return render(request, "matching/no_mentee_profile.html")
    mine = selectors.suggestions_of(user=user)
    context = {
        "suggested": _with_explanations(mine["suggested"], user.pk),
        "requests": _with_explanations(mine["requests"], user.pk),
        "accepted": mine["accepted"],
        "closed": mine["closed"][:CLOSED_SHOWN],
    }
    return render(request, "matching/suggestions.html", context)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    mentor = accounts.mentor_profile_of(user=user)
    if mentor is None:
        return render(request, "matching/no_mentor_profile.html")
    mine = selectors.inbox_of(user=user)
    context = {
        "mentor": mentor,
        "requests": _with_explanations(mine["requests"], user.pk),
        "proposed": _with_explanations(mine["proposed"], user.pk),
        "accepted": mine["accepted"],
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
    return back_to_next(request, "matching:suggestions")


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
    if not accounts.is_mentor(user_id=id):
        raise Http404
    return _act(request, services.match_request, _("Запрос отправлен наставнику."), mentor_id=id)
