"""A programme's outcomes, for its coordinator: the dashboard, the API report and the CSV."""

import csv
import datetime as dt
import io
from typing import Any

from django.db.models import Avg, Count, F, Max, Q, Sum
from django.db.models.functions import Greatest, TruncWeek
from django.utils import timezone

from accounts.models import GoalArea, MenteeProfile, MentorProfile
from matching.models import Match, MatchStatus
from mentorship.models import (
    ACTIVE_PHASES,
    ChecklistItem,
    Evaluation,
    Mentorship,
    Phase,
    Session,
    SessionStatus,
)
from programmes.models import Member, Programme, Role

# A running pair with no session for this long is stalled.
STALLED_AFTER = dt.timedelta(days=21)
# A side's evaluation averages appear from this many answers: fewer would let the
# coordinator read one person's answers.
MIN_ANSWERS = 3


def nps(scores: list[int]) -> float | None:
    """Net promoter score of 0–10 answers: % of 9–10 minus % of 0–6; None without answers."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return round(100 * (promoters - detractors) / len(scores), 1)


def _counts(rows, field: str) -> dict[str, int]:
    return dict(rows.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def _phase_counts(mentorships) -> dict[str, int]:
    counts = _counts(mentorships, "phase")
    return {phase: counts.get(phase, 0) for phase in Phase.values}


def _sessions_per_week(mentorships) -> list[dict[str, Any]]:
    weeks = (
        Session.objects.filter(mentorship__in=mentorships, status=SessionStatus.HELD)
        .annotate(week=TruncWeek("starts_at"))
        .values("week")
        .annotate(held=Count("pk"))
        .order_by("week")
    )
    return [{"week": row["week"].date().isoformat(), "held": row["held"]} for row in weeks]


def _checklist_progress(mentorships) -> dict[str, Any]:
    items = ChecklistItem.objects.filter(mentorship__in=mentorships)
    by_phase = {
        row["phase"]: {"done": row["done"], "total": row["total"]}
        for row in items.values("phase").annotate(
            done=Count("pk", filter=Q(done=True)), total=Count("pk")
        )
    }
    done = sum(p["done"] for p in by_phase.values())
    total = sum(p["total"] for p in by_phase.values())
    return {
        "percent": round(100 * done / total) if total else None,
        "by_phase": {phase: by_phase.get(phase, {"done": 0, "total": 0}) for phase in
                     (Phase.INITIAL, Phase.MAIN, Phase.CLOSING)},
    }  # fmt: skip


def _evaluations(mentorships) -> dict[str, Any]:
    """Averages and NPS of each side's closing evaluations, never one person's answers.

    Only completed mentorships count: in closing, the other side of the pair cannot
    read an evaluation yet, so neither may the coordinator. A side's averages, its
    answers to "support met" and the NPS appear once it has MIN_ANSWERS
    evaluations; below that the count alone is shown.
    """
    evaluations = Evaluation.objects.filter(
        mentorship__in=mentorships.filter(phase=Phase.COMPLETED)
    )
    result: dict[str, Any] = {"min_answers": MIN_ANSWERS}
    recommend: dict[str, list[int]] = {}
    for side in ("mentee", "mentor"):
        rows = evaluations.filter(side=side)
        count = rows.count()
        enough = count >= MIN_ANSWERS
        averages = rows.aggregate(
            goal_progress=Avg("goal_progress"),
            productivity=Avg("productivity"),
            confidence_before=Avg("confidence_before"),
            confidence_after=Avg("confidence_after"),
            interview_invitations=Avg("interview_invitations"),
            would_recommend=Avg("would_recommend"),
        )
        result[side] = {
            "count": count,
            "enough": enough,
            **{k: round(v, 2) if enough and v is not None else None for k, v in averages.items()},
            "support_met": _counts(rows, "support_met") if enough else {},
        }
        if enough:
            recommend[side] = list(rows.values_list("would_recommend", flat=True))
    # Over the sides that have enough answers only: a side with one answer must not
    # be readable as the difference between this and the mentees' NPS.
    result["would_recommend_nps"] = nps([s for scores in recommend.values() for s in scores])
    result["would_recommend_nps_mentees"] = nps(recommend.get("mentee", []))
    return result


def _supply_and_demand(programme: Programme) -> list[dict[str, Any]]:
    """Mentees wanting each goal area against the free places of mentors in it.

    Free places are those of mentors accepting mentees, less the mentees they
    already have; `capacity` is all the places, taken or not.
    """
    mentee_ids = Member.objects.filter(programme=programme, role=Role.MENTEE).values("user_id")
    mentor_ids = Member.objects.filter(programme=programme, role=Role.MENTOR).values("user_id")
    demand = dict(
        MenteeProfile.objects.filter(pk__in=mentee_ids)
        .values_list("goal_area__code")
        .annotate(n=Count("pk"))
        .values_list("goal_area__code", "n")
    )
    rows = []
    for area in GoalArea.objects.all():
        mentors = MentorProfile.objects.filter(pk__in=mentor_ids, goal_areas=area)
        totals = mentors.aggregate(
            total=Sum("capacity"),
            free=Sum(
                Greatest(F("capacity") - F("active_mentees"), 0),
                filter=Q(accepting_mentees=True),
            ),
        )
        capacity, places = totals["total"] or 0, totals["free"] or 0
        wanted = demand.get(area.code, 0)
        if not wanted and not capacity:
            continue
        rows.append(
            {
                "goal_area": area.code,
                "name": str(area),
                "mentees": wanted,
                "mentors": mentors.count(),
                "places": places,
                "capacity": capacity,
                "shortage": max(wanted - places, 0),
            }
        )
    return rows


def _unmatched_mentees(programme: Programme, mentorships) -> list[dict[str, Any]]:
    """Cohort mentees with no mentorship in the programme and no pair waiting for answers."""
    paired = set(mentorships.values_list("mentee_id", flat=True))
    waiting = set(
        Match.objects.filter(programme=programme, status=MatchStatus.SUGGESTED).values_list(
            "mentee_id", flat=True
        )
    )
    members = Member.objects.filter(programme=programme, role=Role.MENTEE).select_related("user")
    return [
        {"id": m.user_id, "full_name": m.user.full_name}
        for m in members
        if m.user_id not in paired and m.user_id not in waiting
    ]


def _stalled_pairs(mentorships, now: dt.datetime) -> list[dict[str, Any]]:
    running = (
        mentorships.filter(phase__in=ACTIVE_PHASES)
        .annotate(
            last_session=Max(
                "sessions__starts_at",
                filter=~Q(sessions__status=SessionStatus.CANCELLED)
                & Q(sessions__starts_at__lte=now),
            )
        )
        .select_related("mentee__user", "mentor__user")
    )
    stalled = []
    for pair in running:
        since = pair.last_session or pair.started_at
        if since <= now - STALLED_AFTER:
            stalled.append(
                {
                    "mentorship": pair.pk,
                    "mentee": pair.mentee.user.full_name if pair.mentee else "",
                    "mentor": pair.mentor.user.full_name if pair.mentor else "",
                    "phase": pair.phase,
                    "last_session": pair.last_session.isoformat() if pair.last_session else None,
                    "days_quiet": (now - since).days,
                }
            )
    return stalled


def programme_report(programme: Programme, *, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    mentorships = Mentorship.objects.filter(programme=programme)
    members = Member.objects.filter(programme=programme)
    return {
        "programme": programme.pk,
        "cohort": {
            "mentees": members.filter(role=Role.MENTEE).count(),
            "mentors": members.filter(role=Role.MENTOR).count(),
        },
        "phases": _phase_counts(mentorships),
        "sessions_held": Session.objects.filter(
            mentorship__in=mentorships, status=SessionStatus.HELD
        ).count(),
        "sessions_per_week": _sessions_per_week(mentorships),
        "checklist": _checklist_progress(mentorships),
        "evaluations": _evaluations(mentorships),
        "supply_demand": _supply_and_demand(programme),
        "unmatched_mentees": _unmatched_mentees(programme, mentorships),
        "stalled_pairs": _stalled_pairs(mentorships, now),
    }


CSV_COLUMNS = [
    "mentorship", "mentee", "mentor", "phase", "started_at", "ended_at", "sessions_held",
    "last_session", "checklist_done", "checklist_total", "mentee_evaluated", "mentor_evaluated",
]  # fmt: skip


def programme_report_csv(programme: Programme) -> str:
    """One row per mentorship of the programme, for a spreadsheet.

    Whether each side has evaluated, not what it answered: a pair's answers are
    the pair's (the report shows averages only).
    """
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for m in mentorships:
        writer.writerow(
            [
                m.pk,
                _safe(m.mentee.user.full_name if m.mentee else ""),
                _safe(m.mentor.user.full_name if m.mentor else ""),
                m.phase,
                m.started_at.isoformat(),
                m.ended_at.isoformat() if m.ended_at else "",
                m.held,
                m.last.isoformat() if m.last else "",
                m.done,
                m.total,
                "yes" if (m.pk, "mentee") in evaluated else "no",
                "yes" if (m.pk, "mentor") in evaluated else "no",
            ]
        )
    return out.getvalue()


def _safe(text: str) -> str:
    """Defuses spreadsheet formulas in names people typed (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
