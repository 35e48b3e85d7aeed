"""The follow-up form (issue 16): from the letter's link without signing in, once; or
signed in, from the dashboard, where the latest answer can also be corrected."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, ServiceError
from core.forms import add_service_error
from mentorship import outcomes
from mentorship.follow_up_models import FollowUp
from mentorship.outcome_forms import FollowUpForm
from mentorship.pages.common import sent


def _page(request, follow_up, form, *, status: int = 200, by_link: bool = False) -> HttpResponse:
    context = {"follow_up": follow_up, "form": form, "by_link": by_link}
    return render(request, "mentorship/follow_up.html", context, status=status)


@require_http_methods(["GET", "POST"])
def follow_up_link(request: HttpRequest, token: str) -> HttpResponse:
    """The letter's link: no sign-in; a used or expired link says where to go instead."""
    try:
        follow_up = outcomes.follow_up_by_link(token=token)
    except FollowUp.DoesNotExist as error:
        raise Http404 from error
    except outcomes.LinkRefused as error:
        raise PermissionDenied(error.message) from error
    except ServiceError as error:
        return render(request, "mentorship/follow_up_closed.html", {"reason": error.message},
                      status=410)  # fmt: skip
    form = FollowUpForm.of(sent(request), follow_up)
    if request.method == "POST":
        if form.is_valid():
            try:
                outcomes.follow_up_answer_by_link(token=token, answers=form.cleaned_data)
            except InvalidInput as error:
                add_service_error(form, error)
            except ServiceError as error:
                return render(request, "mentorship/follow_up_closed.html",
                              {"reason": error.message}, status=410)  # fmt: skip
            else:
                return render(request, "mentorship/follow_up_closed.html",
                              {"thanks": True})  # fmt: skip
        return _page(request, follow_up, form, status=400, by_link=True)
    return _page(request, follow_up, form, by_link=True)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, id: int) -> HttpResponse:
    """Signed in: answer a follow-up that is due, or correct the latest answer."""
    try:
        follow_up = outcomes.follow_ups_of(user=request.user).get(pk=id)
    except FollowUp.DoesNotExist as error:
        raise Http404 from error
    form = FollowUpForm.of(sent(request), follow_up)
    if request.method == "POST":
        if form.is_valid():
            try:
                outcomes.follow_up_answer(
                    user=request.user, follow_up_id=id, answers=form.cleaned_data
                )
            except InvalidInput as error:
                add_service_error(form, error)
            except ServiceError as error:
                messages.error(request, error.message)
                return redirect("mentorship:follow-up", id=id)
            else:
                messages.success(request, _("Спасибо! Ответ сохранён."))
                return redirect("mentorship:dashboard")
        return _page(request, follow_up, form, status=400)
    return _page(request, follow_up, form)
