"""The match answers that may start a mentorship: thin pages over mentorship.matches.

They keep the URLs and names of the matching pages (`matching:accept`, `matching:request`,
`matching:withdraw`); the project's urls put them under the `matching` namespace.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as accounts
from matching.views import match_act
from mentorship import matches


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return match_act(request, matches.match_accept, _("Запрос отправлен наставнику."), match_id=pk)


@login_required
@require_POST
def request_mentor(request: HttpRequest, id: int) -> HttpResponse:
    if not accounts.is_mentor(user_id=id):
        raise Http404
    return match_act(
        request,
        matches.match_request,
        _("Запрос отправлен наставнику."),
        mentor_id=id,
        note=request.POST.get("note", ""),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return match_act(request, matches.match_withdraw, _("Запрос отозван."), match_id=pk)


urlpatterns = [
    path("<int:pk>/accept/", accept, name="accept"),
    path("request/<int:id>/", request_mentor, name="request"),
    path("<int:pk>/withdraw/", withdraw, name="withdraw"),
]
