"""Follow-ups after a mentorship (issue 16): schedule, send, answer, correct.

A mentee's mentorship that completes — or ends early once the main phase had
begun — gets three follow-ups, 1, 3 and 6 months later, written in the same
transaction as the phase change (only then is the phase it left known). The
beat job sends each one once: the notification's unique key is the claim, the
letter is sent by the notification's own once-only e-mail claim
(core.notifications), and a person who switched the kind off is skipped.

The letter's link is signed (django.core.signing, its own salt) and names the
follow-up; it works without signing in, once, for LINK_VALID_FOR after the
letter. Signed in, the person answers from the dashboard or the API, and may
correct their latest answer (never an earlier one, which later answers built on).
"""

import calendar
import datetime as dt
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import InvalidInput, ServiceError
from core.models import NotificationKind
from core.notifications import absolute_url, in_language, notify
from mentorship.follow_up_models import FOLLOW_UP_MONTHS, FollowUp, InTargetField
from mentorship.models import Mentorship, Phase

LINK_VALID_FOR = dt.timedelta(days=30)
# A follow-up not sent within this long after it fell due (the person had switched
# them off, the site was down) is not sent late: its moment has passed.
SEND_WITHIN = dt.timedelta(days=30)
LINK_SALT = "mentorship.outcomes.follow-up-link"

ANSWER_FIELDS = (
    "interviews", "offers", "in_target_field", "role_now", "months_to_first_offer",
    "confidence_now", "would_recommend", "comment",
)  # fmt: skip
# (low, high) of each number; None = no answer.
RANGES = {
    "interviews": (0, 1000),
    "offers": (0, 100),
    "months_to_first_offer": (0, 120),
    "confidence_now": (1, 10),
    "would_recommend": (0, 10),
}
TEXT_LIMITS = {"role_now": 200, "comment": 300}


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --- Scheduling -----------------------------------------------------------------------


def follow_ups_schedule(*, mentorship: Mentorship, left_phase: str, now: dt.datetime) -> int:
    """Writes the mentee's three follow-ups of a mentorship that just finished.

    Call in the transaction of the phase change, with the phase it left: a pair
    ended in its initial phase never really began, so nobody is asked about it.
    Returns how many were written (0 when already there, or not due at all).
    """
    if mentorship.mentee_id is None or left_phase not in (Phase.MAIN, Phase.CLOSING):
        return 0
    if FollowUp.objects.filter(mentorship=mentorship).exists():
        return 0
    rows = [
        FollowUp(
            mentee_id=mentorship.mentee_id,
            mentorship=mentorship,
            programme_id=mentorship.programme_id,
            months=months,
            due_at=add_months(now, months),
        )
        for months in FOLLOW_UP_MONTHS
    ]
    return len(FollowUp.objects.bulk_create(rows, ignore_conflicts=True))


# --- Sending ---------------------------------------------------------------------------


def follow_up_token(follow_up: FollowUp) -> str:
    return signing.dumps({"f": follow_up.pk, "u": follow_up.mentee_id}, salt=LINK_SALT)


def follow_up_link(follow_up: FollowUp) -> str:
    return absolute_url(reverse("mentorship:follow-up-link", args=[follow_up_token(follow_up)]))


def follow_ups_send_due(*, now: dt.datetime | None = None) -> int:
    """Beat: notifies (and e-mails) each follow-up that fell due, once; returns how many.

    The notification's key is the claim: a second run, or a second worker, finds
    it taken and sends nothing. `notified_at` is set only for a notification that
    was recorded, so the link's 30 days start with the letter.
    """
    now = now or timezone.now()
    due = FollowUp.objects.filter(
        notified_at__isnull=True,
        answered_at__isnull=True,
        due_at__lte=now,
        due_at__gt=now - SEND_WITHIN,
        mentee__is_active=True,
    ).select_related("mentee")
    sent = 0
    for follow_up in due:
        person = follow_up.mentee
        with in_language(person):
            recorded = notify(
                user=person,
                kind=NotificationKind.OUTCOME_FOLLOW_UP,
                key=f"follow_up:{follow_up.pk}",
                title=_("Как дела через %(months)s мес. после наставничества?")
                % {"months": follow_up.months},
                body=_(
                    "Несколько необязательных вопросов на одном экране: собеседования, "
                    "предложения, работаете ли вы в сфере, к которой шли. Ссылка действует "
                    "30 дней и открывается без входа на сайт."
                ),
                url=follow_up_link(follow_up),
            )
        if recorded is not None:
            FollowUp.objects.filter(pk=follow_up.pk, notified_at__isnull=True).update(
                notified_at=recorded.created_at
            )
            sent += 1
    return sent


# --- Answering -------------------------------------------------------------------------


class LinkRefused(ServiceError):
    """A link whose signature does not check out: refused, telling nothing."""

    status = 403

    def __init__(self, message: str) -> None:
        super().__init__(message, code="link_refused")


def follow_up_by_link(*, token: str, now: dt.datetime | None = None) -> FollowUp:
    """The follow-up a letter's link names, if the link may still be used.

    A signature that does not check out is refused (LinkRefused, 403); a follow-up
    that is gone (the account was deleted) is a DoesNotExist (404); a used or
    expired link is a ServiceError with its reason (the page answers 410).
    """
    now = now or timezone.now()
    try:
        payload = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature as error:
        raise LinkRefused(_("Ссылка повреждена.")) from error
    follow_up = FollowUp.objects.select_related("mentee").get(
        pk=payload["f"], mentee_id=payload["u"]
    )
    if follow_up.link_used_at is not None:
        raise ServiceError(
            _("По этой ссылке уже ответили. Исправить ответ можно в личном кабинете."),
            code="link_used",
        )
    if follow_up.notified_at is None or now > follow_up.notified_at + LINK_VALID_FOR:
        raise ServiceError(
            _("Срок ссылки истёк. Ответить можно в личном кабинете."), code="link_expired"
        )
    return follow_up


def follow_up_answer_by_link(
    *, token: str, answers: dict[str, Any], now: dt.datetime | None = None
) -> FollowUp:
    """Answers from the letter, once: the link is spent under the row lock."""
    now = now or timezone.now()
    follow_up = follow_up_by_link(token=token, now=now)
    with transaction.atomic():
        spent = FollowUp.objects.filter(pk=follow_up.pk, link_used_at__isnull=True).update(
            link_used_at=now
        )
        if not spent:
            raise ServiceError(_("По этой ссылке уже ответили."), code="link_used")
        return _answer(follow_up.mentee, follow_up.pk, answers, now)


def follow_up_answer(
    *, user: User, follow_up_id: int, answers: dict[str, Any], now: dt.datetime | None = None
) -> FollowUp:
    """The person answers a follow-up that is due, or corrects their latest answer.

    Another person's follow-up is a DoesNotExist (404); one not due yet is a 409.
    """
    now = now or timezone.now()
    with transaction.atomic():
        return _answer(user, follow_up_id, answers, now)


def _answer(user: User, follow_up_id: int, answers: dict[str, Any], now: dt.datetime) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up_id, mentee_id=user.pk)
    if follow_up.due_at > now:
        raise ServiceError(
            _("Этот опрос ещё не наступил: ответить можно с %(date)s.")
            % {"date": date_format(follow_up.due_at.date(), "DATE_FORMAT")},
            code="not_due",
        )
    if follow_up.answered_at is not None:
        later = FollowUp.objects.filter(
            mentee_id=user.pk, answered_at__isnull=False, due_at__gt=follow_up.due_at
        ).exists()
        if later:
            raise ServiceError(
                _("Исправить можно только последний ответ."), code="not_latest_answer"
            )
    values = answers_valid(answers)
    for name, value in values.items():
        setattr(follow_up, name, value)
    follow_up.answered_at = now
    follow_up.save(update_fields=[*values, "answered_at"])
    if follow_up.mentorship_id is not None:
        mentor_id = (
            Mentorship.objects.filter(pk=follow_up.mentorship_id)
            .values_list("mentor_id", flat=True)
            .first()
        )
        if mentor_id is not None:
            from mentorship.outcome_record import mentor_outcome_refresh

            transaction.on_commit(lambda: mentor_outcome_refresh(mentor_id=mentor_id), robust=True)
    return follow_up


def answers_valid(answers: dict[str, Any]) -> dict[str, Any]:
    """Every answer is optional; what is given must be in range. Unknown keys are refused."""
    unknown = sorted(set(answers) - set(ANSWER_FIELDS))
    if unknown:
        raise InvalidInput(
            _("Неизвестные поля: %(names)s.") % {"names": ", ".join(unknown)}, field=unknown[0]
        )
    values: dict[str, Any] = {}
    for name in ANSWER_FIELDS:
        value = answers.get(name)
        if name in RANGES:
            values[name] = _number(name, value)
        elif name == "in_target_field":
            value = value or ""
            if value not in ("", *InTargetField.values):
                raise InvalidInput(_("Выберите ответ из списка."), field=name)
            values[name] = value
        else:
            value = "" if value is None else str(value).strip()
            if len(value) > TEXT_LIMITS[name] or "\n" in value:
                raise InvalidInput(
                    _("Одна строка, не длиннее %(n)s знаков.") % {"n": TEXT_LIMITS[name]},
                    field=name,
                )
            values[name] = value
    return values


def _number(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    low, high = RANGES[name]
    wrong = InvalidInput(
        _("Целое число от %(low)s до %(high)s.") % {"low": low, "high": high}, field=name
    )
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise wrong
    try:
        number = int(value)
    except ValueError as error:
        raise wrong from error
    if not low <= number <= high:
        raise wrong
    return number


# --- Reads and the person's data -------------------------------------------------------


def follow_ups_of(*, user: User):
    """The person's follow-ups, earliest first."""
    return FollowUp.objects.of(user).order_by("due_at", "pk")


def export_follow_ups(*, person: User) -> dict[str, Any]:
    """The person's own follow-ups and answers, for their export."""
    return {
        "follow_ups": [
            {
                "months": f.months,
                "mentorship": f.mentorship_id,
                "due_at": f.due_at.isoformat(),
                "answered_at": f.answered_at.isoformat() if f.answered_at else None,
                **{name: getattr(f, name) for name in ANSWER_FIELDS},
            }
            for f in follow_ups_of(user=person)
        ]
    }


# The landing page's public number: from this many six-month answers, in steps of PUBLIC_STEP.
PUBLIC_MIN_ANSWERS = 30
PUBLIC_STEP = 10


def public_six_month_figure() -> tuple[int, int] | None:
    """(X, Y) for "X of Y who answered after six months work in a new field", or None.

    Mentees of mentorships only (not the comparison group), each answer to the
    question counted once. Y is the earliest answers in whole steps of
    PUBLIC_STEP, so that one new answer never changes the sentence by itself.
    """
    answers = list(
        FollowUp.objects.answered()
        .filter(months=6, mentorship__isnull=False)
        .exclude(in_target_field="")
        .order_by("answered_at", "pk")
        .values_list("in_target_field", flat=True)
    )
    if len(answers) < PUBLIC_MIN_ANSWERS:
        return None
    counted = answers[: len(answers) // PUBLIC_STEP * PUBLIC_STEP]
    return sum(answer == InTargetField.YES for answer in counted), len(counted)
