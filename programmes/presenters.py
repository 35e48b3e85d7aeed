"""How the programme pages show things: a draft pair's explanation and blockers, the report's
numbers as labelled rows and their SVG charts."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import explain
from mentorship.models import ACTIVE_PHASES, Phase, SupportMet
from programmes import charts
from programmes.models import DraftPair, MatchingRun

# What the report's evaluation table shows, in order: (key, label).
EVALUATION_ROWS = (
    ("count", gettext_lazy("Ответов")),
    ("goal_progress", gettext_lazy("Продвижение к цели, 0–10")),
    ("confidence_before", gettext_lazy("Уверенность до, 1–10")),
    ("confidence_after", gettext_lazy("Уверенность после, 1–10")),
    ("productivity", gettext_lazy("Продуктивность, 1–5")),
    ("interview_invitations", gettext_lazy("Приглашений на собеседования, в среднем")),
    ("would_recommend", gettext_lazy("Готовность рекомендовать, 0–10")),
)


def explain_pair(pair: DraftPair, *, names: Mapping[str, str] | None = None) -> list[dict]:
    """A draft pair's explanation, as the mentee would read it; `names`: the skill
    names of the whole list (explain.skill_names_for), asked once."""
    if not pair.factors:
        return []
    return explain.render(
        pair.factors,
        reader_tz=pair.mentee.timezone,
        other_tz=pair.mentor.timezone,
        other_role="mentor",
        names=names,
    )


def pair_blockers(pair: DraftPair) -> list[str]:
    """What keeps the scorer from proposing a pair the coordinator added or forced
    (no shared language, no common hours and no chat, …), in sentences; [] if nothing."""
    return explain.blockers_text(tuple((pair.factors or {}).get("blockers", ())))


def run_seconds(run: MatchingRun | None) -> float | None:
    """How long a finished run took, from the click to its draft (queue included)."""
    if run is None or run.finished_at is None:
        return None
    return max((run.finished_at - run.created_at).total_seconds(), 0.0)


def _phase_label(phase: str) -> str:
    return capfirst(Phase(phase).label)


def report_page(data: dict[str, Any]) -> dict[str, Any]:
    """The report's numbers as the page shows them: labelled rows and their SVG charts."""
    phases = [(_phase_label(phase), count) for phase, count in data["phases"].items()]
    return {
        "mentorships": sum(count for _label, count in phases),
        "phases": phases,
        "phases_chart": charts.bar_chart(phases, title=_("Пары по этапам")),
        **_weeks(data["sessions_per_week"]),
        **_checklist(data["checklist"]["by_phase"]),
        **_evaluations(data["evaluations"]),
        "stalled": [
            {**row, "phase_label": _phase_label(row["phase"])} for row in data["stalled_pairs"]
        ],
        **_supply(data["supply_demand"]),
    }


def _weeks(sessions_per_week: list[dict[str, Any]]) -> dict[str, Any]:
    weeks = [
        {
            "week": row["week"],
            "label": date_format(dt.date.fromisoformat(row["week"]), "j.m"),
            "held": row["held"],
        }
        for row in sessions_per_week
    ]
    chart = charts.column_chart(
        [(week["label"], week["held"]) for week in weeks],
        title=_("Состоявшиеся встречи по неделям"),
    )
    return {"weeks": weeks, "weeks_chart": chart}


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def _checklist(by_phase: dict[str, dict[str, int]]) -> dict[str, Any]:
    checklist = [
        {
            "label": _phase_label(phase),
            "done": by_phase[phase]["done"],
            "total": by_phase[phase]["total"],
            "percent": _percent(by_phase[phase]["done"], by_phase[phase]["total"]),
        }
        for phase in ACTIVE_PHASES
    ]
    chart = charts.bar_chart(
        [(row["label"], row["percent"]) for row in checklist],
        title=_("Выполнение шагов по этапам, %"),
        unit="%",
        top=100,
    )
    return {"checklist": checklist, "checklist_chart": chart}


def _evaluations(evaluations: dict[str, Any]) -> dict[str, Any]:
    mentee, mentor = evaluations["mentee"], evaluations["mentor"]
    nps = evaluations["would_recommend_nps"]
    return {
        "evaluation_rows": [
            {"label": label, "mentee": mentee[key], "mentor": mentor[key]}
            for key, label in EVALUATION_ROWS
        ],
        "support_rows": [
            {
                "label": label,
                "mentee": mentee["support_met"].get(value, 0),
                "mentor": mentor["support_met"].get(value, 0),
            }
            for value, label in SupportMet.choices
        ],
        "nps": nps,
        "nps_mentees": evaluations["would_recommend_nps_mentees"],
        "nps_chart": charts.nps_scale(
            nps, title=_("Индекс готовности рекомендовать (NPS), от −100 до 100")
        ),
    }


def _supply(supply: list[dict[str, Any]]) -> dict[str, Any]:
    chart = charts.grouped_bar_chart(
        [
            charts.Group(row["name"], (row["mentees"], row["places"]), row["shortage"] > 0)
            for row in supply
        ],
        series=[_("Подопечные"), _("Места у наставников")],
        title=_("Спрос и предложение по направлениям"),
    )
    return {"supply": supply, "supply_chart": chart}
