"""The mentorship lifecycle: start, checklist, advance, complete, end; the pair's thread.

Sessions, goals and tasks live in mentorship.work; evaluations in
mentorship.evaluations; the periodic jobs in mentorship.reminders.

Concurrency policy: a phase change is one conditional UPDATE that names the
phase it leaves (`WHERE phase = <seen>`), so of two people advancing at once
one wins and the other gets a 409, never a skipped phase. Ending frees the
mentor's place in the same transaction, with a conditional UPDATE that can
never take `active_mentees` below zero, and cancels the pair's planned
sessions still ahead (a finished pair will not meet: its page, API and calendar
feeds must not say otherwise). Lock order: the mentorship row, then its
sessions, as every write of a session takes them (mentorship.work).
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MentorProfile, User
from core.errors import Forbidden, InvalidInput, ServiceError
from core.models import NotificationKind
from core.notifications import absolute_url, in_language, notify
from mentorship.checklist import BY_KEY, NEXT_PHASE, PHASE_HINTS, STEPS, phases_reached
from mentorship.models import (
    ACTIVE_PHASES,
    ChecklistItem,
    EndReason,
    Evaluation,
    Mentorship,
    Message,
    Phase,
    Session,
    SessionStatus,
    Side,
    ThreadRead,
)
from mentorship.outcomes import follow_ups_schedule
from mentorship.track_record import mentor_track_record_refresh

# The closing phase waits this long for the evaluations, then completes anyway.
CLOSING_GRACE = dt.timedelta(days=14)


def mentorship_start(
    *, mentee_id: int, mentor_id: int, programme_id: int | None = None
) -> Mentorship:
    """A new mentorship in the initial phase with its whole checklist.

    Call inside the transaction that took the mentor's place.
    """
    now = timezone.now()
    mentorship = Mentorship.objects.create(
        mentee_id=mentee_id,
        mentor_id=mentor_id,
        programme_id=programme_id,
        started_at=now,
        phase_started_at=now,
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            mentorship=mentorship,
            key=step.key,
            phase=step.phase,
            required=step.required,
            position=position,
        )
        for position, step in enumerate(STEPS)
    )
    return mentorship


def mentorship_of(*, user: User, mentorship_id: int) -> Mentorship:
    """The mentorship if this person takes part in it; DoesNotExist (→ 404) otherwise.

    The one access rule of the app: every service and view goes through it.
    The coordinator of the pair's programme sees the mentorship in the list and
    its summary (Mentorship.objects.visible_to) and gets Forbidden (→ 403) here:
    the pair's conversation, notes and evaluations stay the pair's.
    """
    mentorship = (
        Mentorship.objects.of(user)
        .select_related("mentee__user", "mentor__user")
        .filter(pk=mentorship_id)
        .first()
    )
    if mentorship is None:
        if Mentorship.objects.visible_to(user).filter(pk=mentorship_id).exists():
            # The programme's coordinator follows the pair but does not act for it.
            raise Forbidden(
                _("Координатор видит ход наставничества, но действовать за пару не может."),
                code="coordinator_read_only",
            )
        raise Mentorship.DoesNotExist
    return mentorship


def side_of(*, user: User, mentorship: Mentorship) -> str:
    return Side.MENTEE if mentorship.mentee_id == user.pk else Side.MENTOR


def lock_phase(mentorship: Mentorship) -> None:
    """Locks the mentorship's row until the transaction ends and reads its phase anew.

    Call inside `transaction.atomic()` before a write that depends on the phase:
    a phase change (a conditional UPDATE of the same row) then waits for the
    write, so nothing is added to a mentorship that has just ended.
    """
    mentorship.phase = (
        Mentorship.objects.select_for_update().values_list("phase", flat=True).get(pk=mentorship.pk)
    )


def check_active(mentorship: Mentorship) -> None:
    if not mentorship.is_active:
        raise ServiceError(
            _("Наставничество уже завершено — изменить его нельзя."), code="not_active"
        )


def checklist_item_set(*, user: User, mentorship_id: int, key: str, done: bool) -> ChecklistItem:
    """Either side ticks or unticks a step of the current or an earlier phase."""
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    if key not in BY_KEY:
        raise ChecklistItem.DoesNotExist
    with transaction.atomic():
        lock_phase(mentorship)
        check_active(mentorship)
        _check_reached(mentorship, key)
        ChecklistItem.objects.filter(mentorship=mentorship, key=key).update(
            done=done, done_at=timezone.now() if done else None
        )
    return ChecklistItem.objects.get(mentorship=mentorship, key=key)


def _check_reached(mentorship: Mentorship, key: str) -> None:
    """A step of the current or an earlier phase, never of one still ahead."""
    if BY_KEY[key].phase not in phases_reached(mentorship.phase):
        raise ServiceError(
            _("Этот шаг относится к следующему этапу — до него ещё не дошли."),
            code="future_phase",
        )


def mentorship_advance(*, user: User, mentorship_id: int) -> Mentorship:
    """Moves to the next phase once the current phase's required steps are done.

    Either side may advance: the checklist is the pair's shared agreement, and
    waiting for one particular side would stall pairs where that side is busy.
    The closing phase is left only by the evaluations (both given, or 14 days).
    """
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    check_active(mentorship)
    seen = mentorship.phase
    if seen == Phase.CLOSING:
        given = set(Evaluation.objects.filter(mentorship=mentorship).values_list("side", flat=True))
        raise ServiceError(
            _(
                "Наставничество завершится, когда обе стороны заполнят итоговую оценку"
                " (или через 14 дней после начала этапа завершения)."
            ),
            code="awaiting_evaluations",
            missing=[f"evaluation:{side}" for side in Side.values if side not in given],
        )
    now = timezone.now()
    target = NEXT_PHASE[seen]
    with transaction.atomic():
        # Under the row lock: the phase this person saw is still the phase, and
        # the checklist cannot be unticked between this check and the move.
        lock_phase(mentorship)
        if mentorship.phase != seen:
            raise ServiceError(_("Этап уже сменили — обновите страницу."), code="phase_changed")
        missing = list(
            ChecklistItem.objects.filter(
                mentorship=mentorship, phase=seen, required=True, done=False
            ).values_list("key", flat=True)
        )
        if missing:
            raise ServiceError(
                _("Сначала отметьте обязательные шаги этого этапа."),
                code="checklist_incomplete",
                missing=missing,
            )
        Mentorship.objects.filter(pk=mentorship.pk, phase=seen).update(
            phase=target,
            phase_started_at=now,
            ended_at=now if target not in ACTIVE_PHASES else None,
        )
    mentorship.refresh_from_db()
    _tell_phase(mentorship, skip=user)
    return mentorship


def mentorship_complete(*, mentorship_id: int, now: dt.datetime | None = None) -> bool:
    """closing → completed (both evaluations in, or the grace period over); frees the place.

    A conditional UPDATE: the second evaluation and the beat job racing each
    other complete it once. Returns whether this call completed it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        done = Mentorship.objects.filter(pk=mentorship_id, phase=Phase.CLOSING).update(
            phase=Phase.COMPLETED, phase_started_at=now, ended_at=now
        )
        if not done:
            return False
        mentorship = Mentorship.objects.select_related("mentee__user", "mentor__user").get(
            pk=mentorship_id
        )
        _cancel_planned_sessions(mentorship_id, now)
        _free_place(mentorship.mentor_id)
        refresh_track_record(mentorship.mentor_id)
        follow_ups_schedule(mentorship=mentorship, left_phase=Phase.CLOSING, now=now)
    _tell_phase(mentorship, skip=None)
    from mentorship.evaluations import mentee_invite_if_successful

    mentee_invite_if_successful(mentorship=mentorship)
    return True


def mentorships_complete_overdue(*, now: dt.datetime | None = None) -> list[int]:
    """Completes pairs whose closing phase began more than 14 days ago (beat)."""
    now = now or timezone.now()
    overdue = Mentorship.objects.filter(
        phase=Phase.CLOSING, phase_started_at__lte=now - CLOSING_GRACE
    ).values_list("pk", flat=True)
    return [pk for pk in overdue if mentorship_complete(mentorship_id=pk, now=now)]


def _tell_phase(mentorship: Mentorship, *, skip: User | None) -> None:
    """Tells the pair (but not whoever clicked) that the phase changed."""
    url = absolute_url(reverse("mentorship:detail", args=[mentorship.pk]))
    for person, other in mentorship.people():
        if skip is not None and person.pk == skip.pk:
            continue
        other_name = other.full_name if other else ""
        with in_language(person):
            notify(
                user=person,
                kind=NotificationKind.PHASE_ADVANCED,
                key=f"phase:{mentorship.pk}:{mentorship.phase}:{person.pk}",
                title=_("Наставничество: %(name)s. Сейчас: %(phase)s")
                % {"name": other_name, "phase": mentorship.get_phase_display()},
                body=str(PHASE_HINTS.get(mentorship.phase, "")),
                url=url,
                about=other,
            )


def mentorship_end(
    *,
    user: User,
    mentorship_id: int,
    reason: str,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Mentorship:
    """Either side stops early, with a reason; the mentor's place is freed and the
    sessions still planned are cancelled."""
    if reason not in EndReason.values:
        raise InvalidInput(_("Укажите причину из списка."), field="reason")
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    check_active(mentorship)
    with transaction.atomic():
        lock_phase(mentorship)  # a write of the pair in flight lands before the end
        now = now or timezone.now()
        ended = Mentorship.objects.filter(pk=mentorship.pk, phase__in=ACTIVE_PHASES).update(
            phase="ended", ended_at=now, phase_started_at=now, end_reason=reason,
            end_comment=comment,
        )  # fmt: skip
        if not ended:
            raise ServiceError(
                _("Наставничество уже завершено — изменить его нельзя."), code="not_active"
            )
        _cancel_planned_sessions(mentorship.pk, now)
        _free_place(mentorship.mentor_id)
        refresh_track_record(mentorship.mentor_id)
        # After the main phase began, an early end is followed up too (issue 16).
        follow_ups_schedule(mentorship=mentorship, left_phase=mentorship.phase, now=now)
    mentorship.refresh_from_db()
    return mentorship


def refresh_track_record(mentor_id: int | None) -> None:
    """After commit, the mentor's rating takes in what this change made countable.

    Robust: the rating or the phase change is already saved, and a failed
    recompute is caught up by the daily job rather than turned into an error.
    """
    if mentor_id is None:
        return
    transaction.on_commit(lambda: mentor_track_record_refresh(mentor_id=mentor_id), robust=True)


def _cancel_planned_sessions(mentorship_id: int, now: dt.datetime) -> None:
    """Call in the transaction of the phase change that finishes the pair.

    Only sessions still ahead: a past one left «planned» may have happened, and
    nobody can say now. `updated_at` moves so that calendar applications see
    the change (LAST-MODIFIED) and show the event cancelled.
    """
    Session.objects.filter(
        mentorship_id=mentorship_id, status=SessionStatus.PLANNED, starts_at__gt=now
    ).update(status=SessionStatus.CANCELLED, updated_at=now)


def _free_place(mentor_id: int | None) -> None:
    if mentor_id is not None:
        MentorProfile.objects.filter(pk=mentor_id, active_mentees__gt=0).update(
            active_mentees=F("active_mentees") - 1
        )


def message_send(*, user: User, mentorship_id: int, body: str) -> Message:
    """Either side writes to the pair's thread, in any phase but a closed one."""
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    if not body.strip():
        raise InvalidInput(_("Сообщение пустое."), field="body")
    with transaction.atomic():
        lock_phase(mentorship)
        check_active(mentorship)
        message = Message.objects.create(mentorship=mentorship, author=user, body=body.strip())
    thread_mark_read(user=user, mentorship_id=mentorship.pk)
    return message


def thread_mark_read(*, user: User, mentorship_id: int, up_to: int | None = None) -> None:
    """Marks the pair's thread read for the person: up to message `up_to` (the last one
    their page showed them), or all of it.

    An explicit action, never a side effect of reading the thread: a browser or
    a client may fetch a page ahead of the person, who has then seen nothing.
    The mark never moves back, so an older page sent late changes nothing.
    """
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    read_at = timezone.now()
    if up_to is not None:
        message = Message.objects.filter(mentorship=mentorship, pk=up_to).first()
        if message is None:
            raise InvalidInput(_("В переписке нет такого сообщения."), field="up_to")
        read_at = message.created_at
    mark, created = ThreadRead.objects.get_or_create(
        mentorship=mentorship, user=user, defaults={"read_at": read_at}
    )
    if not created:
        ThreadRead.objects.filter(pk=mark.pk, read_at__lt=read_at).update(read_at=read_at)
