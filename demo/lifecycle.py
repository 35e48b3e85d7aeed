"""Lives the demo stories (demo/data/stories/) through the services.

Every step goes through the services, as the people would have clicked it, and
sessions are created at their past times (the services accept a session up to
90 days back). The services stamp everything else with the real now; a story
spans weeks, so afterwards only the timestamps people read (when the pair
started, when each phase began, when each message was written and read, when
they were told) are moved back to the story's days. No phase, status or place
is written here. The one rule that reads those stamps, a closing phase that
completes by itself after 14 days, is kept clear of: the closing pair's phase
began three days ago.

A story is skipped when its mentee already has a mentorship or the pair has
already been answered, so seeding twice adds nothing.
"""

import datetime as dt
import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import ServiceError
from core.models import Notification
from demo.data.shapes import MENTEE, MENTOR, DemoSession, DemoTask, Story
from demo.data.stories import stories
from demo.quiet import seeding_quietly
from matching.models import Match, unanswered
from mentorship.checklist import BY_KEY
from mentorship.evaluations import evaluation_submit
from mentorship.matches import match_accept, match_request
from mentorship.models import (
    Evaluation,
    GoalStatus,
    Mentorship,
    Message,
    Phase,
    SessionFormat,
    SessionStatus,
    TaskStatus,
    ThreadRead,
)
from mentorship.services import checklist_item_set, mentorship_advance, message_send
from mentorship.work import (
    goal_create,
    goal_update,
    session_create,
    session_update,
    task_create,
    task_update,
)

logger = logging.getLogger(__name__)


def demo_lifecycle_seed() -> dict[str, int]:
    """Lives the demo stories; returns what was created, and how many were skipped.

    All in one transaction, inside which the services' after-commit work waits:
    the track records are refreshed and the notification e-mails sent when it
    commits — still inside `seeding_quietly`, so in the zero-configuration demo,
    where tasks run in-process, the letters to the demo's made-up addresses go to
    memory instead of filling the console. (With Redis the letters are queued
    for a worker like any others.) Called inside an outer transaction, the
    after-commit work waits for that one instead.
    """
    counts: Counter[str] = Counter()
    with seeding_quietly(), transaction.atomic():
        for story in stories(timezone.now()):
            try:
                with transaction.atomic():
                    lived = _live(story)
            except ServiceError as error:
                logger.warning("Demo story %s ↔ %s skipped: %s", story.mentee, story.mentor, error)
                lived = None
            counts.update(lived or {"skipped": 1})
    return {
        name: counts[name]
        for name in ("mentorships", "sessions", "goals", "tasks", "messages", "evaluations")
    } | {"skipped": counts["skipped"]}


def _already_there(mentee: User, mentor: User) -> bool:
    """The mentee has a mentorship, or this pair was already answered (a second seeding,
    or someone trying the demo got there first)."""
    answered = Match.objects.filter(mentee_id=mentee.pk, mentor_id=mentor.pk).exclude(unanswered())
    return Mentorship.objects.filter(mentee_id=mentee.pk).exists() or answered.exists()


def _live(story: Story) -> Counter[str] | None:
    """The story through the services, in the order the pair would have lived it;
    None when it is already there."""
    mentee = User.objects.filter(email=story.mentee, is_active=True).first()
    mentor = User.objects.filter(email=story.mentor, is_active=True).first()
    if mentee is None or mentor is None or _already_there(mentee, mentor):
        return None
    pair = {MENTEE: mentee, MENTOR: mentor}
    match = match_request(user=mentee, mentor_id=mentor.pk)
    match = match_accept(user=mentor, match_id=match.pk)
    mentorship_id = match.mentorship_id
    _tick(story, mentor, mentorship_id, Phase.INITIAL)
    goals = [
        goal_create(user=mentee, mentorship_id=mentorship_id, title=goal.title, due=goal.due)
        for goal in story.goals
    ]
    for session in story.sessions:
        _session(session, pair, mentorship_id)
    if Phase.MAIN in story.phases:
        mentorship_advance(user=mentor, mentorship_id=mentorship_id)
    for task in story.tasks:
        _task(task, pair, mentorship_id)
    sent = [
        (message_send(user=pair[m.side], mentorship_id=mentorship_id, body=m.body), m.at)
        for m in story.messages
    ]
    _tick(story, mentor, mentorship_id, Phase.MAIN)
    for goal, spec in zip(goals, story.goals, strict=True):
        if spec.status != GoalStatus.OPEN:
            goal_update(
                user=mentee, mentorship_id=mentorship_id, goal_id=goal.pk, status=spec.status
            )
    if Phase.CLOSING in story.phases:
        mentorship_advance(user=mentee, mentorship_id=mentorship_id)
        _tick(story, mentor, mentorship_id, Phase.CLOSING)
    for evaluation in story.evaluations:
        evaluation_submit(
            user=pair[evaluation.side], mentorship_id=mentorship_id, **evaluation.answers
        )
    _backdate(story, pair, match, sent)
    return Counter(
        mentorships=1,
        sessions=len(story.sessions),
        goals=len(story.goals),
        tasks=len(story.tasks),
        messages=len(story.messages),
        evaluations=len(story.evaluations),
    )


def _tick(story: Story, user: User, mentorship_id: int, phase: str) -> None:
    for key in story.checklist:
        if BY_KEY[key].phase == phase:
            checklist_item_set(user=user, mentorship_id=mentorship_id, key=key, done=True)


def _session(spec: DemoSession, pair: dict[str, User], mentorship_id: int) -> None:
    session = session_create(
        user=pair[MENTOR],
        mentorship_id=mentorship_id,
        starts_at=spec.starts_at,
        duration_minutes=60,
        format=SessionFormat.VIDEO,
        agenda=spec.agenda,
    )
    ids = {"mentorship_id": mentorship_id, "session_id": session.pk}
    if spec.held:
        session_update(user=pair[MENTOR], status=SessionStatus.HELD, notes=spec.notes, **ids)
    if spec.rating is not None:
        session_update(user=pair[MENTEE], rating=spec.rating, **ids)
    for side, note in spec.private.items():
        session_update(user=pair[side], private_notes=note, **ids)


def _task(spec: DemoTask, pair: dict[str, User], mentorship_id: int) -> None:
    task = task_create(
        user=pair[MENTOR],
        mentorship_id=mentorship_id,
        title=spec.title,
        details=spec.details,
        due=spec.due,
    )
    if spec.status != TaskStatus.OPEN:
        task_update(
            user=pair[MENTEE], mentorship_id=mentorship_id, task_id=task.pk, status=spec.status
        )


# --- The story's own days -------------------------------------------------------------------

# Notifications of the story's past were read soon after they came.
READ_AFTER = dt.timedelta(minutes=40)


def _backdate(
    story: Story, pair: dict[str, User], match: Match, sent: list[tuple[Message, dt.datetime]]
) -> None:
    """Moves the timestamps the services wrote with the real now back to the story's days
    (see the module docstring): nothing but timestamps changes here."""
    mentorship_id = match.mentorship_id
    Mentorship.objects.filter(pk=mentorship_id).update(
        started_at=story.started_at,
        phase_started_at=max(story.phases.values(), default=story.started_at),
        ended_at=story.phases.get(Phase.COMPLETED),
    )
    Match.objects.filter(pk=match.pk).update(
        requested_at=story.requested_at, decided_at=story.started_at
    )
    for message, when in sent:
        Message.objects.filter(pk=message.pk).update(created_at=when)
    last = {
        side: max((w for m, w in sent if m.author_id == user.pk), default=story.started_at)
        for side, user in pair.items()
    }
    read = {MENTOR: max(last.values())}
    read[MENTEE] = last[MENTEE] if story.mentee_unread else read[MENTOR]
    for side, user in pair.items():
        ThreadRead.objects.filter(mentorship_id=mentorship_id, user=user).update(read_at=read[side])
    for evaluation in story.evaluations:
        Evaluation.objects.filter(mentorship_id=mentorship_id, side=evaluation.side).update(
            created_at=evaluation.at
        )
    told = {f"new_request:{match.pk}": story.requested_at}
    told |= {f"match_accepted:{match.pk}:{user.pk}": story.started_at for user in pair.values()}
    told |= {
        f"phase:{mentorship_id}:{phase}:{user.pk}": when
        for phase, when in story.phases.items()
        for user in pair.values()
    }
    for key, when in told.items():
        Notification.objects.filter(key=key).update(created_at=when, read_at=when + READ_AFTER)
