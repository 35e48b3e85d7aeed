"""What a programme's report holds as a spreadsheet (report.csv, report.xlsx, the API's CSV).

SECTIONS is the one list of tables: a new part of the report (an outcomes
funnel, say) is a function `(programme, zone) -> spreadsheet.Section` added to
it, and it appears in every format at once.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import Evaluation, Mentorship, Phase, SessionStatus
from programmes import outcomes
from programmes.models import Programme
from programmes.spreadsheet import Column, Section, safe, yes_no


def _phase(code: str) -> str:
    return capfirst(Phase(code).label)


def pairs_section(programme: Programme, zone: ZoneInfo) -> Section:
    """One row per mentorship of the programme.

    Whether each side has evaluated, not what it answered: a pair's answers are
    the pair's (the report shows averages only). Dates are days in the reader's zone.
    """

    def day(moment: dt.datetime | None) -> dt.date | None:
        return moment.astimezone(zone).date() if moment else None

    mentorships = (
        Mentorship.objects.filter(programme=programme)
        .select_related("mentee__user", "mentor__user")
        .annotate(
            held=Count("sessions", filter=Q(sessions__status=SessionStatus.HELD), distinct=True),
            last=Max("sessions__starts_at", filter=Q(sessions__status=SessionStatus.HELD)),
            done=Count("checklist", filter=Q(checklist__done=True), distinct=True),
            total=Count("checklist", distinct=True),
        )
        .order_by("pk")
    )
    evaluated = set(
        Evaluation.objects.filter(mentorship__programme=programme).values_list(
            "mentorship_id", "side"
        )
    )
    columns = (
        Column("mentorship", _("Пара, №"), width=8),
        Column("mentee", pgettext_lazy("report column", "Подопечный"), width=28),
        Column("mentor", pgettext_lazy("report column", "Наставник"), width=28),
        Column("phase", pgettext_lazy("report column", "Этап"), _phase, width=22),
        Column("started_at", _("Начало"), day, width=12),
        Column("ended_at", _("Окончание"), day, width=12),
        Column("sessions_held", _("Состоялось встреч"), width=12),
        Column("last_session", _("Последняя встреча"), day, width=14),
        Column("checklist_done", _("Шагов отмечено"), width=12),
        Column("checklist_total", _("Шагов всего"), width=12),
        Column("mentee_evaluated", _("Оценка подопечного заполнена"), yes_no, width=16),
        Column("mentor_evaluated", _("Оценка наставника заполнена"), yes_no, width=16),
    )
    rows = [
        {
            "mentorship": m.pk,
            "mentee": safe(m.mentee.user.full_name if m.mentee else ""),
            "mentor": safe(m.mentor.user.full_name if m.mentor else ""),
            "phase": m.phase,
            "started_at": m.started_at,
            "ended_at": m.ended_at,
            "sessions_held": m.held,
            "last_session": m.last,
            "checklist_done": m.done,
            "checklist_total": m.total,
            "mentee_evaluated": (m.pk, "mentee") in evaluated,
            "mentor_evaluated": (m.pk, "mentor") in evaluated,
        }
        for m in mentorships
    ]
    return Section(_("Пары"), columns, rows)


def outcomes_section(programme: Programme, zone: ZoneInfo) -> Section:
    """The outcome funnel (issue 16): matched members and the comparison group at
    1, 3 and 6 months; a figure hidden below five answers is an empty cell."""
    header, rows = outcomes.outcome_rows(programme)
    titles = {
        "group": _("Группа"),
        "goal_area": _("Область"),
        "months": _("Месяцев после завершения"),
        "answers": _("Ответов"),
        "interviewed": _("Было собеседование"),
        "offered": _("Было предложение"),
        "working": _("Работают в новой сфере"),
        "median_months_to_first_offer": _("Медиана месяцев до первого предложения"),
    }
    columns = [Column(key, titles.get(key, key), width=16) for key in header]
    return Section(_("Итоги"), columns, [dict(zip(header, row, strict=True)) for row in rows])


# The report's tables, in order. Add a part of the report here. The CSVs stay one
# table each (scripts read them); the funnel has its own CSV (outcomes.csv) and a
# sheet of its own in the workbook.
SECTIONS = (pairs_section,)


def report_sections(programme: Programme, *, zone: str, workbook: bool = False) -> list[Section]:
    builders = (*SECTIONS, outcomes_section) if workbook else SECTIONS
    return [build(programme, ZoneInfo(zone)) for build in builders]
