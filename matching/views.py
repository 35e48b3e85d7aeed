"""Matching pages: a mentee's suggestions, a mentor's inbox, a catalogue mentor's card.

Thin over matching.services; accepting and requesting (which may start a
mentorship) are one floor up, in mentorship/match_views.py, under the same URLs.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as accounts
from core.errors import ServiceError
from core.links import back_to_next
from matching import diagnosis, explain, selectors, services
from matching.models import NOTE_MAX_LENGTH, Match, MatchStatus
from matching.suggestions import suggestions_refresh_request

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
    mentee = accounts.mentee_profile_of(user=user)
    if mentee is None:
        return render(request, "matching/no_mentee_profile.html")
    mine = selectors.suggestions_of(user=user)
    suggested = list(mine["suggested"])
    why = None
    if not suggested:
        why = diagnosis.suggestions_diagnose(mentee=mentee)
        if why.possible:
            # Mentors pass every filter yet none is suggested: the refresh has not
            # run since they became possible. One is queued (or already pending),
            # and in the in-process demo it has even run by now.
            suggestions_refresh_request(user=user)
            suggested = list(selectors.suggestions_of(user=user)["suggested"])
    context = {
        "suggested": _with_explanations(suggested, user.pk),
        "diagnosis": why,
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
    return back_to_next(request, "matching:suggestions")


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return match_act(request, services.match_decline, _("Отклонено."), match_id=pk)


def mentor_card(request: HttpRequest, id: int) -> HttpResponse:
    """A catalogue mentor's card; a signed-in mentee also sees how well they fit."""
    mentor = accounts.public_mentor(mentor_id=id)
    if mentor is None:
        raise Http404
    context: dict[str, Any] = {"mentor": mentor, "note_max_length": NOTE_MAX_LENGTH}
    mentee = None
    if request.user.is_authenticated and request.user.pk != mentor.pk:
        mentee = accounts.mentee_profile_of(user=request.user)
    if mentee is not None:
        existing = selectors.match_between(mentee_id=mentee.pk, mentor_id=mentor.pk)
        context.update(
            fit=services.mentor_fit(mentee=mentee, mentor=mentor),
            existing_match=existing,
            pair=selectors.pair_state(existing),
        )
    return render(request, "accounts/mentor_card.html", context)
