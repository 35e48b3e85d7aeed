"""A programme's outcomes (issue 16): the funnel after the mentorships, and its comparison.

Per cohort (the programme) and per goal area, at 1, 3 and 6 months: of the
mentees who answered that follow-up, how many had at least one interview (since
the mentorship, summed over their answers so far), at least one offer, and now
work in the field they aimed at; with the median months to a first offer. The
same funnel for cohort mentees who joined but were never matched (their
follow-ups are scheduled from the programme's end) is a comparison, not proof:
those people differ in more than the mentorship.

No figure appears below MIN_ANSWERS answers (None), and when only one goal area
of a row would be hidden, the smallest shown one is hidden with it, so that no
area's figures can be worked out as the total less the others.
"""

import csv
import datetime as dt
import io
import statistics
from collections import defaultdict
from typing import Any

from django.utils import timezone

from accounts.models import GoalArea, MenteeProfile
from mentorship.follow_up_models import FOLLOW_UP_MONTHS, FollowUp, InTargetField
from mentorship.models import Mentorship
from mentorship.outcomes import add_months
from programmes.models import Member, Programme, Role

MIN_ANSWERS = 5
GROUPS = ("matched", "comparison")
STAGES = ("answers", "interviewed", "offered", "working")


# --- The comparison group's follow-ups ------------------------------------------------


def comparison_follow_ups_schedule(*, now: dt.datetime | None = None) -> int:
    """Beat: follow-ups for the mentees of ended programmes who were never matched.

    Due 1, 3 and 6 months after the programme's last day; written once (people
    already asked are skipped, and the database's unique constraint holds against
    two runs at once), so the daily run may repeat itself.
    """
    now = now or timezone.now()
    # Programmes that ended within the last 200 days: their six-month follow-up is still ahead.
    today = now.date()
    ended = Programme.objects.filter(ends_on__lt=today, ends_on__gte=today - dt.timedelta(days=200))
    rows = []
    for programme in ended:
        matched = Mentorship.objects.filter(programme=programme).values("mentee_id")
        asked = FollowUp.objects.filter(programme=programme, mentorship=None).values("mentee_id")
        never = (
            Member.objects.filter(programme=programme, role=Role.MENTEE)
            .exclude(user_id__in=matched)
            .exclude(user_id__in=asked)
        )
        end = dt.datetime.combine(programme.ends_on, dt.time(9), tzinfo=dt.UTC)
        for user_id in never.values_list("user_id", flat=True):
            rows += [
                FollowUp(
                    mentee_id=user_id,
                    programme=programme,
                    months=months,
                    due_at=add_months(end, months),
                )
                for months in FOLLOW_UP_MONTHS
            ]
    return len(FollowUp.objects.bulk_create(rows, ignore_conflicts=True))


# --- The funnel ------------------------------------------------------------------------


def _person_answers(programme: Programme) -> dict[tuple, list[dict]]:
    """Answered follow-ups of the programme, by (group, person), earliest first."""
    rows = (
        FollowUp.objects.filter(programme=programme)
        .answered()
        .order_by("mentee_id", "months", "pk")
        .values(
            "mentee_id", "mentorship_id", "months", "interviews", "offers",
            "in_target_field", "months_to_first_offer",
        )
    )  # fmt: skip
    people: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        group = "comparison" if row["mentorship_id"] is None else "matched"
        people[(group, row["mentee_id"], row["mentorship_id"])].append(row)
    return people


def funnel_counts(people: dict[tuple, list[dict]], areas: dict[int, str]) -> dict:
    """{group: {area or "": {months: {stage: count}}}} and the offer months per group."""
    counts: dict = {g: defaultdict(lambda: {m: dict.fromkeys(STAGES, 0) for m in FOLLOW_UP_MONTHS})
                    for g in GROUPS}  # fmt: skip
    first_offer: dict[str, list[int]] = {g: [] for g in GROUPS}
    for (group, mentee_id, _mentorship), answers in people.items():
        interviews = offers = 0
        offer_months = None
        for row in answers:
            interviews += row["interviews"] or 0
            offers += row["offers"] or 0
            if row["months_to_first_offer"] is not None:
                offer_months = row["months_to_first_offer"]
            stage = {
                "answers": 1,
                "interviewed": int(interviews > 0),
                "offered": int(offers > 0),
                "working": int(row["in_target_field"] == InTargetField.YES),
            }
            # The total ("") and the person's goal area (none without a mentee profile).
            for key in ("", areas.get(mentee_id) or "none"):
                cell = counts[group][key][row["months"]]
                for name, value in stage.items():
                    cell[name] += value
        if offer_months is not None:
            first_offer[group].append(offer_months)
    return {"counts": counts, "first_offer": first_offer}


def _shown(cell: dict[str, int], hidden: bool) -> dict[str, Any]:
    if hidden:
        return {"answers": cell["answers"], **dict.fromkeys(STAGES[1:])}
    return dict(cell)


def _hidden_areas(by_area: dict[str, dict[int, dict]], months: int) -> set[str]:
    """Areas whose row at `months` is hidden: too few answers, plus the smallest shown
    one when a single area would otherwise be the total less the others."""
    answered = {area: cells[months]["answers"] for area, cells in by_area.items()}
    hidden = {area for area, n in answered.items() if 0 < n < MIN_ANSWERS}
    shown = sorted((n, area) for area, n in answered.items() if n >= MIN_ANSWERS)
    if len(hidden) == 1 and shown:
        hidden.add(shown[0][1])
    return hidden


def _group(cells: dict, offers: list[int], names: dict[str, str]) -> dict[str, Any]:
    empty = {m: dict.fromkeys(STAGES, 0) for m in FOLLOW_UP_MONTHS}
    total = cells.get("") or empty
    by_area = {area: value for area, value in cells.items() if area != ""}
    hidden = {m: _hidden_areas(by_area, m) for m in FOLLOW_UP_MONTHS}

    def too_few(cell: dict[str, int]) -> bool:
        return cell["answers"] < MIN_ANSWERS

    return {
        "total": {str(m): _shown(total[m], too_few(total[m])) for m in FOLLOW_UP_MONTHS},
        "goal_areas": [
            {
                "goal_area": area,
                "name": names.get(area, area),
                "months": {
                    str(m): _shown(cells[m], area in hidden[m] or too_few(cells[m]))
                    for m in FOLLOW_UP_MONTHS
                },
            }
            for area, cells in sorted(by_area.items())
        ],
        "median_months_to_first_offer": (
            statistics.median(offers) if len(offers) >= MIN_ANSWERS else None
        ),
    }


def programme_outcomes(programme: Programme) -> dict[str, Any]:
    """The funnel of both groups, as the API, the page and the CSV show it."""
    people = _person_answers(programme)
    mentee_ids = {mentee_id for _group, mentee_id, _m in people}
    area_of = dict(
        MenteeProfile.objects.filter(pk__in=mentee_ids).values_list("pk", "goal_area__code")
    )
    names = {goal_area.code: goal_area.name for goal_area in GoalArea.objects.all()}
    computed = funnel_counts(people, area_of)
    result: dict[str, Any] = {
        "programme": programme.pk,
        "min_answers": MIN_ANSWERS,
        "months": list(FOLLOW_UP_MONTHS),
    }
    for group in GROUPS:
        result[group] = _group(computed["counts"][group], computed["first_offer"][group], names)
    result["comparison"]["note"] = (
        "Comparison, not proof: members who were never matched differ in more than the mentorship."
    )
    return result


# --- The CSV section -----------------------------------------------------------------

CSV_COLUMNS = [
    "group", "goal_area", "months", "answers", "interviewed", "offered", "working",
    "median_months_to_first_offer",
]  # fmt: skip


def outcome_rows(programme: Programme) -> tuple[list[str], list[list[Any]]]:
    """The funnel as a table (header, rows): its CSV, and a sheet of the report's XLSX.

    A hidden figure is an empty cell; the comparison group is labelled as such.
    """
    data = programme_outcomes(programme)
    rows: list[list[Any]] = []
    for group in GROUPS:
        median = data[group]["median_months_to_first_offer"]
        areas = [("", data[group]["total"])] + [
            (row["goal_area"], row["months"]) for row in data[group]["goal_areas"]
        ]
        label = "matched" if group == "matched" else "comparison (not proof)"
        for area, months in areas:
            for m in FOLLOW_UP_MONTHS:
                cell = months[str(m)]
                rows.append(
                    [label, area or "all", m, *("" if cell[s] is None else cell[s] for s in STAGES),
                     "" if median is None or area else median]
                )  # fmt: skip
    return CSV_COLUMNS, rows


def outcome_csv(programme: Programme) -> str:
    """The funnel as its own CSV (the report's CSV is one row per pair)."""
    header, rows = outcome_rows(programme)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
