"""A programme's outcomes for its coordinator: the report page and its spreadsheets."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from programmes import presenters, report_sheets, reports, spreadsheet
from programmes.pages.common import coordinated
from programmes.pages.outcomes import outcome_context


@login_required
def report(request: HttpRequest, id: int) -> HttpResponse:
    programme = coordinated(request, id)
    data = reports.programme_report(programme)
    context = {"programme": programme, "report": data, **presenters.report_page(data)}
    context.update(outcome_context(programme))  # the outcome funnel (issue 16)
    return render(request, "programmes/report.html", context)


def _download(request: HttpRequest, id: int, extension: str) -> HttpResponse:
    """The report as a spreadsheet in the reader's language, dates in their zone."""
    programme = coordinated(request, id)
    sections = report_sheets.report_sections(
        programme, zone=request.user.timezone, workbook=extension == "xlsx"
    )
    if extension == "xlsx":
        response = HttpResponse(spreadsheet.xlsx(sections), content_type=spreadsheet.XLSX_TYPE)
    else:
        response = HttpResponse(spreadsheet.human_csv(sections), content_type=spreadsheet.CSV_TYPE)
    filename = f"programme-{programme.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_csv(request: HttpRequest, id: int) -> HttpResponse:
    return _download(request, id, "csv")


@login_required
def report_xlsx(request: HttpRequest, id: int) -> HttpResponse:
    return _download(request, id, "xlsx")
