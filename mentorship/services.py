"""The mentorship lifecycle: start, checklist, advance, end.

Concurrency policy: a phase change is one conditional UPDATE that names the
phase it leaves (`WHERE phase = <seen>`), so of two people advancing at once
one wins and the other gets a 409, never a skipped phase. Ending frees the
mentor's place in the same transaction, with a conditional UPDATE that can
never take `active_mentees` below zero.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MentorProfile, User
from mentorship.checklist import BY_KEY, NEXT_PHASE, STEPS
from mentorship.errors import InvalidInput, ServiceError
from mentorship.models import (
    ACTIVE_PHASES,
    ChecklistItem,
    EndReason,
    Mentorship,
    Message,
    ThreadRead,
)


def mentorship_start(*, mentee_id: int, mentor_id: int) -> Mentorship:
    """A new mentorship in the initial phase with its whole checklist.

    Call inside the transaction that took the mentor's place.
    """
    now = timezone.now()
    mentorship = Mentorship.objects.create(
        mentee_id=mentee_id, mentor_id=mentor_id, started_at=now, phase_started_at=now
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


def _mentorship_of(user: User, mentorship_id: int) -> Mentorship:
    mentorship = Mentorship.objects.of(user).filter(pk=mentorship_id).first()
    if mentorship is None:
        raise Mentorship.DoesNotExist
    return mentorship


def _check_active(mentorship: Mentorship) -> None:
    if not mentorship.is_active:
        raise ServiceError(
            _("Наставничество уже завершено — изменить его нельзя."), code="not_active"
        )


def checklist_item_set(*, user: User, mentorship_id: int, key: str, done: bool) -> ChecklistItem:
    """Either side ticks or unticks a step of the current or an earlier phase."""
    mentorship = _mentorship_of(user, mentorship_id)
    _check_active(mentorship)
    if key not in BY_KEY:
        raise ChecklistItem.DoesNotExist
    order = [mentorship.phase]
    phase = mentorship.phase
    # Phases before the current one: walk NEXT_PHASE backwards.
    previous = {after: before for before, after in NEXT_PHASE.items()}
    while phase in previous:
        phase = previous[phase]
        order.append(phase)
    if BY_KEY[key].phase not in order:
        raise ServiceError(
            _("Этот шаг относится к следующему этапу — до него ещё не дошли."),
            code="future_phase",
        )
    ChecklistItem.objects.filter(mentorship=mentorship, key=key).update(
        done=done, done_at=timezone.now() if done else None
    )
    return ChecklistItem.objects.get(mentorship=mentorship, key=key)


def mentorship_advance(*, user: User, mentorship_id: int) -> Mentorship:
    """Moves to the next phase once the current phase's required steps are done.

    Either side may advance: the checklist is the pair's shared agreement, and
    waiting for one particular side would stall pairs where that side is busy.
    """
    mentorship = _mentorship_of(user, mentorship_id)
    _check_active(mentorship)
    seen = mentorship.phase
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
    now = timezone.now()
    target = NEXT_PHASE[seen]
    with transaction.atomic():
        moved = Mentorship.objects.filter(pk=mentorship.pk, phase=seen).update(
            phase=target,
            phase_started_at=now,
            ended_at=now if target not in ACTIVE_PHASES else None,
        )
        if not moved:
            raise ServiceError(_("Этап уже сменили — обновите страницу."), code="phase_changed")
        if target not in ACTIVE_PHASES:
            _free_place(mentorship.mentor_id)
    mentorship.refresh_from_db()
    return mentorship


def mentorship_end(*, user: User, mentorship_id: int, reason: str, comment: str = "") -> Mentorship:
    """Either side stops early, with a reason; the mentor's place is freed."""
    if reason not in EndReason.values:
        raise InvalidInput(_("Укажите причину из списка."), field="reason")
    mentorship = _mentorship_of(user, mentorship_id)
    _check_active(mentorship)
    now = timezone.now()
    with transaction.atomic():
        ended = Mentorship.objects.filter(pk=mentorship.pk, phase__in=ACTIVE_PHASES).update(
            phase="ended", ended_at=now, phase_started_at=now, end_reason=reason,
            end_comment=comment,
        )  # fmt: skip
        if not ended:
            raise ServiceError(
                _("Наставничество уже завершено — изменить его нельзя."), code="not_active"
            )
        _free_place(mentorship.mentor_id)
    mentorship.refresh_from_db()
    return mentorship


def _free_place(mentor_id: int | None) -> None:
    if mentor_id is not None:
        MentorProfile.objects.filter(pk=mentor_id, active_mentees__gt=0).update(
            active_mentees=F("active_mentees") - 1
        )


def message_send(*, user: User, mentorship_id: int, body: str) -> Message:
    """Either side writes to the pair's thread, in any phase but a closed one."""
    mentorship = _mentorship_of(user, mentorship_id)
    _check_active(mentorship)
    if not body.strip():
        raise InvalidInput(_("Сообщение пустое."), field="body")
    message = Message.objects.create(mentorship=mentorship, author=user, body=body.strip())
    thread_mark_read(user=user, mentorship_id=mentorship.pk)
    return message


def thread_mark_read(*, user: User, mentorship_id: int) -> None:
    mentorship = _mentorship_of(user, mentorship_id)
    ThreadRead.objects.update_or_create(
        mentorship=mentorship, user=user, defaults={"read_at": timezone.now()}
    )


def unread_count(*, user: User, mentorship: Mentorship) -> int:
    """Messages from the other side newer than what this person has read."""
    read = ThreadRead.objects.filter(mentorship=mentorship, user=user).first()
    others = Message.objects.filter(mentorship=mentorship).exclude(author=user)
    if read is not None:
        others = others.filter(created_at__gt=read.read_at)
    return others.count()
