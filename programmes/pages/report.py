"""A programme's outcomes for its coordinator: the report page and its CSV."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from programmes import presenters, reports
from programmes.pages.common import coordinated
from programmes.pages.outcomes import outcome_context


@login_required
def report(request: HttpRequest, id: int) -> HttpResponse:
    programme = coordinated(request, id)
    data = reports.programme_report(programme)
    context = {"programme": programme, "report": data, **presenters.report_page(data)}
    context.update(outcome_context(programme))  # the outcome funnel (issue 16)
    return render(request, "programmes/report.html", context)


@login_required
def report_csv(request: HttpRequest, id: int) -> HttpResponse:
    """The report as a spreadsheet: the page-side twin of the API's report.csv."""
    programme = coordinated(request, id)
    response = HttpResponse(
        reports.programme_report_csv(programme), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}.csv"'
    return response
