"""What the pair does together: sessions, goals and tasks (homework).

Every write goes through `mentorship_of` (the access rule) and checks the
phase here, not in a template: no sessions once a mentorship is completed or
ended; goals are set in the initial phase and adjusted in the main one.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import InvalidInput, ServiceError
from mentorship.models import (
    Goal,
    GoalStatus,
    Mentorship,
    Phase,
    Session,
    SessionFormat,
    SessionPersonal,
    SessionStatus,
    Side,
    Task,
    TaskStatus,
)
from mentorship.moves import session_moved_tell
from mentorship.services import (
    check_active,
    lock_phase,
    mentorship_of,
    refresh_track_record,
    side_of,
)

# How far from now a session may be put: a past one can be recorded after the fact.
SESSION_PAST_LIMIT = dt.timedelta(days=90)
SESSION_FUTURE_LIMIT = dt.timedelta(days=366)
# A due date of a goal or task: from a year before the mentorship began (a
# goal or task written down after the fact, as the demo's stories are) to five
# years ahead; 0001-01-01 and 9999-12-31 are typing slips or probes, not plans.
DUE_BEFORE_START = dt.timedelta(days=365)
DUE_AHEAD = dt.timedelta(days=5 * 365 + 1)
GOAL_PHASES = (Phase.INITIAL, Phase.MAIN)
CALL_URL_MAX_LENGTH = 500
UNSET: Any = object()


# --- Sessions ------------------------------------------------------------------------------


def session_create(
    *,
    user: User,
    mentorship_id: int,
    starts_at: dt.datetime,
    duration_minutes: int,
    format: str,
    agenda: str = "",
    call_url: str = "",
) -> Session:
    """Either side plans a session; not once the mentorship is completed or ended."""
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    _check_session_fields(starts_at=starts_at, duration_minutes=duration_minutes, format=format)
    call_url = call_url_clean(call_url)
    with transaction.atomic():
        lock_phase(mentorship)  # an end at this moment waits for this insert, then ends
        if not mentorship.is_active:
            raise ServiceError(
                _("Наставничество завершено — новые встречи назначить нельзя."), code="not_active"
            )
        return Session.objects.create(
            mentorship=mentorship,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            format=format,
            agenda=agenda.strip(),
            call_url=call_url,
            created_by=user,
        )


def call_url_clean(value: str) -> str:
    """A call's address as stored: empty, or a well-formed https:// link.

    Plain http (or javascript:, or anything else) would be a link shown to the
    other side and put in their calendar: only https is taken.
    """
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError:
        raise InvalidInput(
            _("Ссылка на звонок должна быть адресом, который начинается с https://."),
            field="call_url",
        ) from None
    if len(value) > CALL_URL_MAX_LENGTH:
        raise InvalidInput(
            _("Ссылка на звонок слишком длинная (не больше 500 символов)."), field="call_url"
        )
    return value


def _check_session_fields(*, starts_at: dt.datetime, duration_minutes: int, format: str) -> None:
    if timezone.is_naive(starts_at):
        raise InvalidInput(
            _("Укажите время со смещением часового пояса, например 2026-12-01T19:00:00+03:00."),
            field="starts_at",
        )
    now = timezone.now()
    if starts_at < now - SESSION_PAST_LIMIT:
        raise InvalidInput(_("Встреча не может быть раньше, чем 90 дней назад."), field="starts_at")
    if starts_at > now + SESSION_FUTURE_LIMIT:
        raise InvalidInput(
            _("Встречу можно назначить не дальше чем на год вперёд."), field="starts_at"
        )
    if not 15 <= duration_minutes <= 480:
        raise InvalidInput(_("Длительность — от 15 минут до 8 часов."), field="duration_minutes")
    if format not in SessionFormat.values:
        raise InvalidInput(_("Выберите формат из списка."), field="format")


def session_update(
    *,
    user: User,
    mentorship_id: int,
    session_id: int,
    status: str | None = None,
    notes: str | None = None,
    private_notes: str | None = None,
    rating: int | None = None,
    starts_at: dt.datetime | None = None,
    duration_minutes: int | None = None,
    format: str | None = None,
    agenda: str | None = None,
    call_url: str | None = None,
) -> Session:
    """Changes a session: the shared fields and one's rating while the mentorship
    runs, one's own private notes at any time.

    A session is marked held only once it has begun; a rating needs a held session.
    A planned session moved to another time is told to the other side (after
    commit), and the reminder comes again for the new time (its key has the time).
    """
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    if call_url is not None:
        call_url = call_url_clean(call_url)
    with transaction.atomic():
        lock_phase(mentorship)
        session = (
            Session.objects.select_for_update().filter(mentorship=mentorship, pk=session_id).first()
        )
        if session is None:
            raise Session.DoesNotExist
        shared = {
            "status": status,
            "notes": notes,
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "format": format,
            "agenda": agenda,
            "call_url": call_url,
        }
        changes = {field: value for field, value in shared.items() if value is not None}
        moved_from = session.starts_at
        if changes:
            check_active(mentorship)
            _apply_shared(session, changes)
        if session.starts_at != moved_from and session.status == SessionStatus.PLANNED:
            session_moved_tell(session=session, mover=user)
        if rating is not None:
            # A rating given after the end would move the mentor's published
            # rating on its own, and so be readable: ratings close with the pair.
            check_active(mentorship)
        if private_notes is not None or rating is not None:
            _apply_personal(session, user, private_notes=private_notes, rating=rating)
    if rating is not None and side_of(user=user, mentorship=mentorship) == Side.MENTEE:
        refresh_track_record(mentorship.mentor_id)
    return session


def _apply_shared(session: Session, changes: dict[str, Any]) -> None:
    if {"starts_at", "duration_minutes", "format"} & changes.keys():
        _check_session_fields(
            starts_at=changes.get("starts_at", session.starts_at),
            duration_minutes=changes.get("duration_minutes", session.duration_minutes),
            format=changes.get("format", session.format),
        )
    status = changes.get("status", session.status)
    if status not in SessionStatus.values:
        raise InvalidInput(_("Неизвестный статус встречи."), field="status")
    # Held means it has begun — also when a held session is moved in time.
    if (
        status == SessionStatus.HELD
        and changes.get("starts_at", session.starts_at) > timezone.now()
    ):
        raise ServiceError(
            _("Встреча ещё не началась — отметить её состоявшейся можно после начала."),
            code="session_in_future",
        )
    if session.status == SessionStatus.HELD and status != SessionStatus.HELD:
        # Ratings are of a session that took place: one that did not loses them.
        SessionPersonal.objects.filter(session=session).update(rating=None)
    for field, value in changes.items():
        setattr(session, field, value.strip() if isinstance(value, str) else value)
    session.updated_at = timezone.now()
    session.save()


def _apply_personal(
    session: Session, user: User, *, private_notes: str | None, rating: int | None
) -> None:
    if rating is not None:
        if not 1 <= rating <= 5:
            raise InvalidInput(_("Оценка — от 1 до 5."), field="rating")
        if session.status != SessionStatus.HELD:
            raise ServiceError(
                _("Оценить можно только состоявшуюся встречу."), code="session_not_held"
            )
    personal, _created = SessionPersonal.objects.get_or_create(session=session, user=user)
    if private_notes is not None:
        personal.private_notes = private_notes.strip()
    if rating is not None:
        personal.rating = rating
    personal.save()


def personal_of(*, user: User, sessions: Iterable[Session]) -> dict[int, SessionPersonal]:
    """The person's own notes and ratings for these sessions, by session id."""
    rows = SessionPersonal.objects.filter(user=user, session__in=list(sessions))
    return {row.session_id: row for row in rows}


# --- Goals ---------------------------------------------------------------------------------


def _check_due(due: dt.date | None, mentorship: Mentorship) -> None:
    if due is None or due is UNSET:
        return
    first = mentorship.started_at.date() - DUE_BEFORE_START
    last = timezone.now().date() + DUE_AHEAD
    if not first <= due <= last:
        raise InvalidInput(
            _("Срок должен быть между %(first)s и %(last)s.")
            % {"first": first.isoformat(), "last": last.isoformat()},
            field="due",
        )


@dataclass(frozen=True)
class _ItemWords:
    """What a goal or a task is called when its input is refused."""

    statuses: type[models.TextChoices]
    no_title: Promise
    unknown_status: Promise


GOAL_WORDS = _ItemWords(
    GoalStatus, gettext_lazy("Сформулируйте цель."), gettext_lazy("Неизвестный статус цели.")
)
TASK_WORDS = _ItemWords(
    TaskStatus, gettext_lazy("Опишите задание."), gettext_lazy("Неизвестный статус задания.")
)


def _check_item_change(
    mentorship: Mentorship, *, title: str | None, status: str | None, due: Any, kind: _ItemWords
) -> None:
    """The one input rule of a goal or a task being changed: a title that says
    something, a status that exists, a due date in the window."""
    if title is not None and not title.strip():
        raise InvalidInput(str(kind.no_title), field="title")
    if status is not None and status not in kind.statuses.values:
        raise InvalidInput(str(kind.unknown_status), field="status")
    _check_due(due, mentorship)


def _locked_item(model: type[Goal] | type[Task], mentorship: Mentorship, pk: int) -> Any:
    """The pair's goal or task, after the pair's lock (every write of a pair takes it
    first); DoesNotExist when it is not this pair's."""
    lock_phase(mentorship)
    item = model.objects.filter(mentorship=mentorship, pk=pk).first()
    if item is None:
        raise model.DoesNotExist
    return item


def _check_goal_phase(phase: str) -> None:
    if phase not in GOAL_PHASES:
        raise ServiceError(
            _("Цели ставят на начальном этапе и уточняют на основном — сейчас их менять нельзя."),
            code="goals_locked",
        )


def goal_create(*, user: User, mentorship_id: int, title: str, due: dt.date | None = None) -> Goal:
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    title = title.strip()
    if not title:
        raise InvalidInput(_("Сформулируйте цель."), field="title")
    _check_due(due, mentorship)
    with transaction.atomic():
        lock_phase(mentorship)
        _check_goal_phase(mentorship.phase)
        return Goal.objects.create(mentorship=mentorship, title=title, due=due)


def goal_update(
    *,
    user: User,
    mentorship_id: int,
    goal_id: int,
    title: str | None = None,
    due: dt.date | None = UNSET,
    status: str | None = None,
) -> Goal:
    """Title and due date in the initial and main phases; the status until closing ends."""
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    _check_item_change(mentorship, title=title, status=status, due=due, kind=GOAL_WORDS)
    with transaction.atomic():
        goal = _locked_item(Goal, mentorship, goal_id)
        if title is not None or due is not UNSET:
            _check_goal_phase(mentorship.phase)
        else:
            check_active(mentorship)
        if title is not None:
            goal.title = title.strip()
        if due is not UNSET:
            goal.due = due
        if status is not None:
            goal.status = status
        goal.updated_at = timezone.now()
        goal.save()
    return goal


# --- Tasks ---------------------------------------------------------------------------------


def task_create(
    *,
    user: User,
    mentorship_id: int,
    title: str,
    details: str = "",
    due: dt.date | None = None,
) -> Task:
    """Homework between sessions, in any running phase."""
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    title = title.strip()
    if not title:
        raise InvalidInput(_("Опишите задание."), field="title")
    _check_due(due, mentorship)
    with transaction.atomic():
        lock_phase(mentorship)
        check_active(mentorship)
        return Task.objects.create(
            mentorship=mentorship, title=title, details=details.strip(), due=due, created_by=user
        )


def task_update(
    *,
    user: User,
    mentorship_id: int,
    task_id: int,
    title: str | None = None,
    details: str | None = None,
    due: dt.date | None = UNSET,
    status: str | None = None,
) -> Task:
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    _check_item_change(mentorship, title=title, status=status, due=due, kind=TASK_WORDS)
    with transaction.atomic():
        task = _locked_item(Task, mentorship, task_id)
        check_active(mentorship)
        if title is not None:
            task.title = title.strip()
        if details is not None:
            task.details = details.strip()
        if due is not UNSET:
            task.due = due
        if status is not None:
            task.status = status
            task.done_at = timezone.now() if status == TaskStatus.DONE else None
        task.updated_at = timezone.now()
        task.save()
    return task
