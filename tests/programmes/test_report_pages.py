"""The programme's report page and its CSV, and the programme pairs in the mentor's inbox."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import MentorProfile
from matching.models import Match
from mentorship import matches as matching
from mentorship.models import Mentorship, Phase
from mentorship.services import mentorship_complete
from programmes import report_sheets, reports, services, spreadsheet
from programmes.pages import detail as programme_page
from tests.factories import EvaluationFactory, SessionFactory
from tests.programmes.test_pages import _url

pytestmark = pytest.mark.django_db


# --- The dashboard and the CSV ---------------------------------------------------------------


def _accepted(programme, count: int) -> list[Mentorship]:
    mentorships = []
    matches = Match.objects.filter(programme=programme).select_related("mentee", "mentor")
    for match in matches.order_by("pk")[:count]:
        matching.match_accept(user=match.mentee.user, match_id=match.pk)
        mentorships.append(
            matching.match_accept(user=match.mentor.user, match_id=match.pk).mentorship
        )
    return mentorships


def _complete(mentorship: Mentorship) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.CLOSING)
    assert mentorship_complete(mentorship_id=mentorship.pk)


@pytest.fixture
def outcomes(coordinator, programme, draft):
    """Three published pairs became mentorships and completed, each evaluated by its
    mentee (enough answers for averages); one held a session."""
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=draft.pk)
    mentorships = _accepted(programme, 3)
    SessionFactory(mentorship=mentorships[0])
    for mentorship in mentorships:
        _complete(mentorship)
        EvaluationFactory(mentorship=mentorship, would_recommend=10)
    return mentorships


def test_the_report_shows_charts_with_text_alternatives(client, coordinator, programme, outcomes):
    # Five mentees want analytics; two mentors offer four places: a shortage.
    client.force_login(coordinator)
    response = client.get(_url("report", programme.pk))
    html = response.content.decode()
    assert html.count('<svg class="chart') == 5
    assert html.count('role="img"') == 5
    assert 'aria-label="Пары по этапам"' in html
    assert "<table" in html
    assert 'data-testid="shortage"' in html
    assert "is-highlighted" in html
    assert 'data-testid="nps-value">+100<' in html
    assert "Скачать CSV по парам" in html
    # Three mentees answered; the mentors' side has no answers and shows none.
    assert "Пока недостаточно ответов, чтобы показать средние." in html
    assert 'data-testid="nps-not-enough"' not in html
    # The outcomes section once, in the page's main part; the title is plain text.
    assert html.count('data-testid="outcomes"') == 1
    assert html.index('data-testid="outcomes"') > html.index('<main id="main">')
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<" not in title, title[:200]


def test_the_report_shows_no_averages_until_a_side_has_three_answers(
    client, coordinator, programme, draft
):
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=draft.pk)
    completed, closing = _accepted(programme, 2)
    _complete(completed)
    EvaluationFactory(mentorship=completed, goal_progress=2, would_recommend=0)
    # In closing the pair's other side cannot read this one yet: neither may the coordinator.
    Mentorship.objects.filter(pk=closing.pk).update(phase=Phase.CLOSING)
    EvaluationFactory(mentorship=closing, side="mentor", would_recommend=3)

    data = reports.programme_report(programme)["evaluations"]
    assert data["mentee"]["count"] == 1
    assert data["mentor"]["count"] == 0
    assert data["mentee"]["goal_progress"] is None
    assert data["mentee"]["would_recommend"] is None
    assert data["mentee"]["support_met"] == {}
    assert data["would_recommend_nps"] is None
    assert data["would_recommend_nps_mentees"] is None

    client.force_login(coordinator)
    html = client.get(_url("report", programme.pk)).content.decode()
    assert "Пока недостаточно ответов, чтобы показать средние." in html
    assert "пока мало ответов" in html
    assert 'data-testid="nps-not-enough"' in html
    assert 'data-testid="nps-value"' not in html


def test_the_report_counts_free_places_of_accepting_mentors(client, coordinator, programme, draft):
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=draft.pk)
    [mentorship] = _accepted(programme, 1)  # takes one of its mentor's two places
    others = MentorProfile.objects.filter(pk__in=draft.pairs.values("mentor_id")).exclude(
        pk=mentorship.mentor_id
    )
    others.update(accepting_mentees=False)
    [analytics] = reports.programme_report(programme)["supply_demand"]
    assert (analytics["places"], analytics["capacity"], analytics["shortage"]) == (1, 4, 4)
    client.force_login(coordinator)
    html = client.get(_url("report", programme.pk)).content.decode()
    assert "свободных мест у наставников: 1 из 4" in html


def test_the_report_escapes_what_people_typed(client, coordinator, programme, cohort):
    mentees, _ = cohort
    user = mentees[0].user
    user.full_name = "<b>Жирный</b>"
    user.save()
    client.force_login(coordinator)
    html = client.get(_url("report", programme.pk)).content.decode()
    assert "<b>Жирный</b>" not in html
    assert "&lt;b&gt;Жирный&lt;/b&gt;" in html


def _csv_rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # a BOM: Excel on Windows reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_speaks_the_readers_language_with_dates_as_dates(
    client, coordinator, programme, outcomes
):
    client.force_login(coordinator)
    response = client.get(_url("report-csv", programme.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="programme-{programme.pk}.csv"'
    rows = _csv_rows(response)
    assert rows[0][:6] == ["Пара, №", "Подопечный", "Наставник", "Этап", "Начало", "Окончание"]
    assert len(rows) == 1 + len(outcomes)
    # Whether each side answered, never what: no evaluation column holds a score.
    evaluated = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert {
        (r["Оценка подопечного заполнена"], r["Оценка наставника заполнена"]) for r in evaluated
    } == {("да", "нет")}
    assert {r["Этап"] for r in evaluated} == {"Завершено"}
    for row in evaluated:  # a day, not 2026-12-03T22:41:07.123456+00:00
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["Начало"]), row["Начало"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["Окончание"]), row["Окончание"]


def test_csv_dates_are_the_readers_days(client, coordinator, programme, outcomes):
    # 22:30 UTC is already the next day in Vladivostok.
    late = dt.datetime(2026, 3, 2, 22, 30, tzinfo=dt.UTC)
    Mentorship.objects.filter(pk=outcomes[0].pk).update(started_at=late)
    coordinator.timezone = "Asia/Vladivostok"
    coordinator.save()
    client.force_login(coordinator)
    rows = _csv_rows(client.get(_url("report-csv", programme.pk)))
    started = {row[0]: row[4] for row in rows[1:]}
    assert started[str(outcomes[0].pk)] == "2026-03-03"


def test_csv_in_english_has_english_headers_values_and_commas(
    client, coordinator, programme, outcomes
):
    client.force_login(coordinator)
    response = client.get(_url("report-csv", programme.pk), HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Pair no.", "Mentee", "Mentor", "Phase"]
    assert {row[-2] for row in rows[1:]} == {"yes"}


def test_xlsx_holds_the_same_table_with_dates_as_dates(client, coordinator, programme, outcomes):
    client.force_login(coordinator)
    response = client.get(_url("report-xlsx", programme.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheet.XLSX_TYPE
    assert (
        response["Content-Disposition"] == f'attachment; filename="programme-{programme.pk}.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Пары", "Итоги"]  # the outcome funnel has its own sheet
    funnel = list(book["Итоги"].iter_rows(values_only=True))
    assert funnel[0][:4] == ("Группа", "Область", "Месяцев после завершения", "Ответов")
    assert len(funnel) == 1 + 2 * 3  # matched and comparison, 1/3/6 months, no areas yet
    rows = list(book["Пары"].iter_rows(values_only=True))
    csv_rows = _csv_rows(client.get(_url("report-csv", programme.pk)))
    assert [str(title) for title in rows[0]] == csv_rows[0]
    assert len(rows) == len(csv_rows)
    started = rows[1][4]
    assert isinstance(started, dt.datetime)
    assert (started.hour, started.minute) == (0, 0)
    assert book["Пары"].cell(2, 5).number_format == "DD.MM.YYYY"
    assert rows[1][3] == "Завершено"


def test_the_report_files_defuse_formulas_in_names(client, coordinator, programme, outcomes):
    person = outcomes[0].mentee.user
    person.full_name = '=HYPERLINK("http://evil.example","x")'
    person.save()
    client.force_login(coordinator)
    rows = _csv_rows(client.get(_url("report-csv", programme.pk)))
    names = [dict(zip(rows[0], row, strict=True))["Подопечный"] for row in rows[1:]]
    assert "'" + person.full_name in names
    assert person.full_name not in names
    book = openpyxl.load_workbook(io.BytesIO(client.get(_url("report-xlsx", programme.pk)).content))
    cells = [row[1] for row in book["Пары"].iter_rows(min_row=2, values_only=True)]
    assert "'" + person.full_name in cells
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet.safe(dangerous) == "'" + dangerous
    assert spreadsheet.safe("Анна") == "Анна"


def test_a_new_section_of_the_report_appears_in_every_file(
    client, coordinator, programme, outcomes, monkeypatch
):
    def funnel(programme, zone):
        columns = (spreadsheet.Column("step", "Шаг"), spreadsheet.Column("people", "Людей"))
        return spreadsheet.Section("Воронка", columns, [{"step": "ответили", "people": 3}])

    monkeypatch.setattr(report_sheets, "SECTIONS", (*report_sheets.SECTIONS, funnel))
    client.force_login(coordinator)
    rows = _csv_rows(client.get(_url("report-csv", programme.pk)))
    assert rows[-3:] == [["Воронка"], ["Шаг", "Людей"], ["ответили", "3"]]
    book = openpyxl.load_workbook(io.BytesIO(client.get(_url("report-xlsx", programme.pk)).content))
    assert book.sheetnames == ["Пары", "Воронка", "Итоги"]


def test_long_lists_are_shown_a_page_at_a_time(client, coordinator, programme, draft, monkeypatch):
    monkeypatch.setattr(programme_page, "PER_PAGE", 2)
    client.force_login(coordinator)
    html = client.get(_url("detail", programme.pk)).content.decode()
    assert html.count('data-testid="cohort-row"') == 2
    assert html.count('data-testid="draft-pair"') == 2
    assert 'href="?cohort=2#cohort"' in html
    assert 'href="?page=2#draft"' in html
    html = client.get(_url("detail", programme.pk) + "?cohort=4&page=2").content.decode()
    assert html.count('data-testid="cohort-row"') == 1  # seven members: 2 + 2 + 2 + 1
    assert html.count('data-testid="draft-pair"') == 2
    assert 'href="?cohort=3&amp;page=2#cohort"' in html
    assert "Страница 2 из 2" in html


def test_the_pages_render_in_english_too(client, coordinator, programme, outcomes):
    client.force_login(coordinator)
    for url in (_url("list"), _url("detail", programme.pk), _url("report", programme.pk)):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode()


def test_a_mentor_sees_the_programmes_pair_in_the_inbox_and_may_say_yes_first(
    client, coordinator, programme, draft
):
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=draft.pk)
    match = Match.objects.filter(programme=programme).select_related("mentor__user").first()
    client.force_login(match.mentor.user)
    inbox = client.get(reverse("matching:inbox"))
    assert inbox.status_code == 200
    proposed = [m.pk for m in inbox.context["proposed"]]
    assert match.pk in proposed
    assert programme.name in inbox.content.decode()
    client.post(reverse("matching:accept", args=[match.pk]), {"next": "/matches/inbox/"})
    match.refresh_from_db()
    assert (match.mentor_accepted, match.status) == (True, "suggested")
    assert "ждём ответа подопечного" in client.get(reverse("matching:inbox")).content.decode()
    match = matching.match_accept(user=match.mentee.user, match_id=match.pk)
    assert match.mentorship.programme_id == programme.pk


def test_the_inbox_of_someone_without_a_mentor_profile_invites_them_to_become_one(client, member):
    client.force_login(member)
    response = client.get(reverse("matching:inbox"))
    assert response.status_code == 200
    assert "?role=mentor" in response.content.decode()
