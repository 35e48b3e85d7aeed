"""The outcome pages of a programme (issue 16): the funnel on the report, and what
predicts a switch (a programme's for its coordinator, the whole site's for staff)."""

from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from programmes import outcome_services, predictors
from programmes.models import Programme
from programmes.outcome_api import csv_response
from programmes.outcome_presenters import outcome_page
from programmes.outcomes import programme_outcomes
from programmes.pages.common import coordinated


def outcome_context(programme: Programme) -> dict[str, Any]:
    """What the report page needs for its funnel section."""
    data = programme_outcomes(programme)
    return {"outcomes": data, **outcome_page(data)}


def _rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    suggested = result.get("suggested_weights", {})
    current = result.get("current_weights", {})
    return [
        {**a, "current": current.get(a["factor"]), "suggested": suggested.get(a["factor"])}
        for a in result["associations"]
    ]


@login_required
@require_http_methods(["GET", "POST"])
def programme_predictors(request: HttpRequest, id: int) -> HttpResponse:
    programme = coordinated(request, id)
    if request.method == "POST":
        try:
            outcome_services.suggested_weights_apply(user=request.user, programme_id=id)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Предложенные веса сохранены: они будут в следующем расчёте.")
            )
        return redirect("programmes:predictors", id=id)
    result = predictors.predictors(programme)
    context = {"programme": programme, "result": result, "rows": _rows(result)}
    return render(request, "programmes/predictors.html", context)


@staff_member_required
def site_predictors(request: HttpRequest) -> HttpResponse:
    result = predictors.predictors(None)
    context = {"programme": None, "result": result, "rows": _rows(result)}
    return render(request, "programmes/predictors.html", context)


@login_required
def outcomes_csv(request: HttpRequest, id: int) -> HttpResponse:
    """The funnel as a spreadsheet: the page-side twin of the API's outcomes.csv."""
    return csv_response(coordinated(request, id))
