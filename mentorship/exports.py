"""A person's part of their mentorships, for the personal-data export and deletion."""

from typing import Any

from django.db.models import Prefetch

from accounts.models import User
from mentorship.models import Evaluation, Mentorship, Message, Session, SessionPersonal

EVALUATION_FIELDS = (
    "goal_progress", "skills_gained", "view_changed", "interview_invitations",
    "confidence_before", "confidence_after", "successes", "productivity",
    "support_met", "would_recommend", "comment",
)  # fmt: skip


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _mentorship(user: User, mentorship: Mentorship) -> dict[str, Any]:
    sessions = list(mentorship.sessions.all())
    personal = {row.session_id: row for s in sessions for row in s.own_personal}
    own_evaluation = next(iter(mentorship.own_evaluations), None)
    return {
        "id": mentorship.pk,
        "role": "mentee" if mentorship.mentee_id == user.pk else "mentor",
        "phase": mentorship.phase,
        "started_at": _iso(mentorship.started_at),
        "ended_at": _iso(mentorship.ended_at),
        "end_reason": mentorship.end_reason,
        "sessions": [
            {
                "starts_at": _iso(s.starts_at),
                "duration_minutes": s.duration_minutes,
                "format": s.format,
                "agenda": s.agenda,
                "call_url": s.call_url,
                "status": s.status,
                "notes": s.notes,
                "private_notes": personal[s.pk].private_notes if s.pk in personal else "",
                "rating": personal[s.pk].rating if s.pk in personal else None,
            }
            for s in sessions
        ],
        "goals": [
            {"title": g.title, "due": _iso(g.due), "status": g.status}
            for g in mentorship.goals.all()
        ],
        "tasks": [
            {"title": t.title, "details": t.details, "due": _iso(t.due), "status": t.status}
            for t in mentorship.tasks.all()
        ],
        # The thread is shared; a person's export holds what they wrote.
        "messages_written": [
            {"body": m.body, "created_at": _iso(m.created_at)} for m in mentorship.own_messages
        ],
        "evaluation": None
        if own_evaluation is None
        else {field: getattr(own_evaluation, field) for field in EVALUATION_FIELDS},
    }


def _with_their_things(person: User):
    """The person's pairs with what the export shows of each, in a query per kind."""
    return Mentorship.objects.of(person).prefetch_related(
        Prefetch(
            "sessions",
            queryset=Session.objects.prefetch_related(
                Prefetch(
                    "personal",
                    queryset=SessionPersonal.objects.filter(user=person),
                    to_attr="own_personal",
                )
            ),
        ),
        "goals",
        "tasks",
        Prefetch(
            "messages", queryset=Message.objects.filter(author=person), to_attr="own_messages"
        ),
        Prefetch(
            "evaluations",
            queryset=Evaluation.objects.filter(author=person),
            to_attr="own_evaluations",
        ),
    )


def export_mentorships(*, person: User) -> dict[str, Any]:
    return {
        "mentorships": [_mentorship(person, m) for m in _with_their_things(person).order_by("pk")],
    }


def lock_mentorships(*, person: User) -> None:
    """Locks the person's pairs in the order every write of a pair takes them
    (mentorship.services.lock_phase), before the deletion's cascade reaches their
    sessions."""
    list(Mentorship.objects.of(person).select_for_update().order_by("pk").values_list("pk"))
