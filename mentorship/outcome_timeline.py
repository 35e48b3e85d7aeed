"""The mentee's own way from sign-up to the switch, for the dashboard (issue 16).

Reads only: the person's mentorships as mentee (phases, sessions held, goals
done: the dashboard's own query brings them, selectors.dashboard_mentorships_of)
and their follow-ups (interviews, offers, and the switch itself): one query of
its own, however long the story.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User
from mentorship.follow_up_models import FollowUp, InTargetField
from mentorship.models import Mentorship, Phase


@dataclass(frozen=True)
class Event:
    when: dt.datetime
    kind: str  # signed_up, started, finished, follow_up, switched
    text: str


def _mentorship_events(user: User, mentorships: list[Mentorship]) -> list[Event]:
    events = []
    for m in mentorships:
        if m.mentee_id != user.pk:
            continue
        mentor = m.mentor_name or _("удалённый пользователь")
        events.append(
            Event(m.started_at, "started", _("Начало наставничества: %(name)s") % {"name": mentor})
        )
        if m.ended_at:
            done = _("завершено") if m.phase == Phase.COMPLETED else _("прекращено досрочно")
            sessions = _("встреч: %(n)s") % {"n": m.held}
            goals = _("целей достигнуто: %(n)s") % {"n": m.goals_done}
            events.append(Event(m.ended_at, "finished", f"{mentor}: {done} — {sessions}, {goals}"))
    return events


def _follow_up_events(follow_ups: list[FollowUp]) -> list[Event]:
    events = []
    for f in follow_ups:
        if f.answered_at is None:
            continue
        parts = []
        if f.interviews:
            parts.append(_("собеседований: %(n)s") % {"n": f.interviews})
        if f.offers:
            parts.append(_("предложений о работе: %(n)s") % {"n": f.offers})
        head = _("Через %(months)s мес.") % {"months": f.months}
        text = f"{head}: {', '.join(parts)}" if parts else head
        events.append(Event(f.due_at, "follow_up", text))
        if f.in_target_field == InTargetField.YES:
            role = f" — {f.role_now}" if f.role_now else ""
            events.append(Event(f.due_at, "switched", _("Работаю в новой сфере") + role))
    return events


def follow_ups_of(*, user: User) -> list[FollowUp]:
    """FollowUp.objects.of(user) by due date, with the fields the timeline reads: plain
    SQL, as the dashboard's other reads (mentorship.selectors), and a test holds it
    equal to the queryset."""
    return list(
        FollowUp.objects.raw(
            "SELECT id, months, due_at, answered_at, interviews, offers, in_target_field, "
            "role_now FROM mentorship_followup WHERE mentee_id = %s ORDER BY due_at, id",
            [user.pk],
        )
    )


def mentee_timeline(*, user: User, now: dt.datetime, mentorships: list[Mentorship]) -> dict:
    """{"events": [...] oldest first, "due": follow-ups to answer now}.

    `mentorships` hold every pair the person is the mentee of (others are skipped),
    with `mentor_name`, `held` and `goals_done` (selectors.dashboard_mentorships_of)."""
    follow_ups = follow_ups_of(user=user)
    events = [Event(user.date_joined, "signed_up", _("Регистрация"))]
    events += _mentorship_events(user, mentorships)
    events += _follow_up_events(follow_ups)
    events.sort(key=lambda event: event.when)
    due = [f for f in follow_ups if f.due_at <= now and f.answered_at is None]
    answered = [f for f in follow_ups if f.answered_at is not None]
    return {
        "events": events if len(events) > 1 else [],
        "due": due,
        "correctable": answered[-1] if answered else None,
    }
