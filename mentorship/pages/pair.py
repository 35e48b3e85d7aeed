"""The pair's page: phase road, checklist, sessions, goals, tasks, the thread.

Reading the page writes nothing: the thread is marked read by a POST of its
own ("mark read", sent by the page's script when the thread is on screen) or
when the person writes in it (see pair_forms).
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.timezones import timezone_label
from mentorship import evaluations, forms, selectors, services, work
from mentorship.checklist import ADVANCE_QUESTIONS, BY_KEY, NEXT_PHASE, PHASE_TITLES, phases_reached
from mentorship.models import EndReason, Mentorship, Phase, Session, SessionStatus
from mentorship.pages.common import mentorship_of, other_name, other_person
from mentorship.reminders import local_time

# The road a pair walks; "ended" leaves it and is shown apart.
PHASE_ROAD = (Phase.INITIAL, Phase.MAIN, Phase.CLOSING, Phase.COMPLETED)
# The thread's newest messages shown open near the top; the earlier ones fold away.
THREAD_SHOWN = 5
# So do the past sessions after the latest few.
PAST_SHOWN = 2


@login_required
@require_safe
def detail(request: HttpRequest, id: int) -> HttpResponse:
    return render_detail(request, mentorship_of(request, id))


def render_detail(
    request: HttpRequest,
    mentorship: Mentorship,
    *,
    bound: dict[Any, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The pair's page; `bound` holds forms sent back with their errors, by key."""
    user = request.user
    bound = bound or {}
    zone = user.timezone
    unread = selectors.unread_count(user=user, mentorship=mentorship) or 0
    thread = _thread(user, mentorship, unread)
    given = selectors.evaluation_sides_of(mentorship=mentorship)
    side = services.side_of(user=user, mentorship=mentorship)
    sessions = _sessions(user, side, mentorship, bound, timezone.now())
    context = {
        "mentorship": mentorship,
        "side": side,
        "other_name": other_name(user, mentorship),
        "other_person": other_person(user, mentorship),
        "zone": zone,
        "zone_label": timezone_label(zone),
        "road": _road(mentorship),
        "end_reason": EndReason(mentorship.end_reason).label if mentorship.end_reason else "",
        "checklist": _checklist(mentorship),
        "sessions": sessions,
        "next_phase": _next_phase(mentorship),
        "session_form": bound.get("session") or forms.SessionForm(zone=zone),
        "goals": _with_forms(
            selectors.goals_of(mentorship=mentorship), "goal", forms.GoalStatusForm, bound
        ),
        "goal_form": bound.get("goal") or forms.GoalForm(auto_id="goal-%s"),
        "goals_open": mentorship.phase in work.GOAL_PHASES,
        "tasks": _with_forms(
            selectors.tasks_of(mentorship=mentorship), "task", forms.TaskStatusForm, bound
        ),
        "task_form": bound.get("task") or forms.TaskForm(auto_id="task-%s"),
        "thread": thread,
        "thread_earlier": thread[:-THREAD_SHOWN],
        "thread_recent": thread[-THREAD_SHOWN:],
        "unread": unread,
        "last_message": thread[-1] if thread else None,
        "message_form": bound.get("message") or forms.MessageForm(auto_id="message-%s"),
        "end_form": bound.get("end") or forms.EndForm(auto_id="end-%s"),
        "evaluation_open": mentorship.phase in evaluations.EVALUATION_PHASES,
        "evaluated": side in given,
        "other_evaluated": bool(given - {side}),
    }
    return render(request, "mentorship/detail.html", context, status=status)


def _thread(user, mentorship: Mentorship, unread: int) -> list:
    """The messages, the other side's last `unread` ones marked new."""
    thread = list(selectors.thread_of(mentorship=mentorship))
    theirs = [message for message in thread if message.author_id != user.pk]
    new = {message.pk for message in theirs[len(theirs) - unread :]} if unread else set()
    for message in thread:
        message.is_new = message.pk in new
    return thread


def _road(mentorship: Mentorship) -> list[dict[str, Any]]:
    """The phases in order, each done, current or ahead (all ahead once ended early)."""
    phase = mentorship.phase
    here = PHASE_ROAD.index(phase) if phase in PHASE_ROAD else -1
    road = []
    for index, step in enumerate(PHASE_ROAD):
        state = "done" if index < here else "current" if index == here else "ahead"
        if step == Phase.COMPLETED and index == here:
            state = "done"
        road.append({"phase": step, "label": step.label, "state": state})
    return road


def _checklist(mentorship: Mentorship) -> list[dict[str, Any]]:
    """The steps by phase: the current phase's and the earlier ones', or all once closed."""
    items = list(selectors.checklist_of(mentorship=mentorship))
    for item in items:
        item.step = BY_KEY.get(item.key)
    return [
        {
            "phase": phase,
            "title": PHASE_TITLES[phase],
            "current": phase == mentorship.phase,
            "items": [item for item in items if item.phase == phase and item.step],
        }
        for phase in phases_reached(mentorship.phase)
    ]


def _next_phase(mentorship: Mentorship) -> dict[str, Any] | None:
    """What «advance» asks and its button says; none in closing, which the
    evaluations end, nor once the pair is finished."""
    if mentorship.phase not in (Phase.INITIAL, Phase.MAIN):
        return None
    question, button = ADVANCE_QUESTIONS[NEXT_PHASE[mentorship.phase]]
    return {"question": question, "button": button}


def _sessions(
    user, side: str, mentorship: Mentorship, bound: dict[Any, Form], now
) -> dict[str, Any]:
    """Sessions with the person's own notes and rating: upcoming, past, and (for a
    finished pair) those its end called off.

    A finished pair meets no more: the sessions planned after its end were cancelled
    with it (mentorship.services), so nothing is shown as coming. A session is
    marked held only once it has begun (mentorship.work): before, no such button.
    """
    sessions = list(selectors.sessions_of(mentorship=mentorship))
    personal = work.personal_of(user=user, sessions=sessions)
    for session in sessions:
        pk = session.pk
        mine = personal.get(pk)
        session.when = local_time(session.starts_at, user.timezone)
        session.started = session.starts_at <= now
        session.status_label = session.get_status_display()
        if session.status == SessionStatus.PLANNED and session.started:
            session.status_label = _("не отмечена")
        session.rating = mine.rating if mine else None
        session.notes_form = bound.get(("notes", pk)) or forms.SessionNotesForm(
            initial={"notes": session.notes}, auto_id=f"session{pk}-%s"
        )
        session.move_form = bound.get(("move", pk)) or forms.SessionMoveForm(
            initial={"starts_at": session.starts_at, "call_url": session.call_url},
            auto_id=f"session{pk}-move-%s",
            zone=user.timezone,
        )
        session.private_form = bound.get(("private", pk)) or forms.PrivateNotesForm(
            initial={"private_notes": mine.private_notes if mine else ""},
            auto_id=f"session{pk}-%s",
        )
        session.rating_form = bound.get(("rating", pk)) or forms.RatingForm(
            initial={"rating": session.rating}, auto_id=f"session{pk}-%s"
        )
        session.rating_form.fields["rating"].help_text = forms.RATING_HELP[side]
    called_off: list[Session] = []
    if not mentorship.is_active:
        ended = mentorship.ended_at or now
        called_off = [
            s for s in sessions if s.status == SessionStatus.CANCELLED and s.starts_at > ended
        ]
        sessions = [s for s in sessions if s not in called_off]
        upcoming: list[Session] = []
    else:
        upcoming = [session for session in sessions if session.starts_at >= now]
    past = [session for session in sessions if session not in upcoming][::-1]
    planned = [session for session in upcoming if session.status == SessionStatus.PLANNED]
    earlier = past[PAST_SHOWN:]
    return {
        "upcoming": upcoming,
        "past": past[:PAST_SHOWN],
        "past_earlier": earlier,
        # A form sent back with its errors is never folded away.
        "past_earlier_open": any(
            form.errors
            for session in earlier
            for form in (session.notes_form, session.private_form, session.rating_form)
        ),
        "called_off": called_off,
        "next": planned[0] if planned else None,
    }


def _with_forms(rows, kind: str, form_class: type[Form], bound: dict[Any, Form]) -> list:
    rows = list(rows)
    for row in rows:
        row.status_form = bound.get((kind, row.pk)) or form_class(
            initial={"status": row.status}, auto_id=f"{kind}{row.pk}-%s"
        )
    return rows
