"""The closing evaluation, and the invitation to become a mentor that a good one earns."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import MentorProfile, User
from core.errors import InvalidInput, ServiceError
from core.models import NotificationKind
from core.notifications import absolute_url, in_language, notify
from mentorship.models import Evaluation, Mentorship, Phase, Side, SupportMet
from mentorship.services import (
    lock_phase,
    mentorship_complete,
    mentorship_of,
    side_of,
)

EVALUATION_PHASES = (Phase.CLOSING, Phase.COMPLETED)
# A mentee whose own evaluation says this much was reached is invited to mentor others.
GOOD_GOAL_PROGRESS = 7

# Field → (low, high) for the numbers of the questionnaire.
RANGES = {
    "goal_progress": (0, 10),
    "confidence_before": (1, 10),
    "confidence_after": (1, 10),
    "productivity": (1, 5),
    "would_recommend": (0, 10),
    "interview_invitations": (0, 1000),
}
TEXTS = ("skills_gained", "view_changed", "successes", "comment")


def evaluation_submit(
    *,
    user: User,
    mentorship_id: int,
    goal_progress: int,
    confidence_before: int,
    confidence_after: int,
    productivity: int,
    support_met: str,
    would_recommend: int,
    interview_invitations: int = 0,
    skills_gained: str = "",
    view_changed: str = "",
    successes: str = "",
    comment: str = "",
) -> Evaluation:
    """One side's evaluation, once, in closing or completed.

    When the second side answers, the mentorship completes.
    """
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    numbers = {
        "goal_progress": goal_progress,
        "confidence_before": confidence_before,
        "confidence_after": confidence_after,
        "productivity": productivity,
        "would_recommend": would_recommend,
        "interview_invitations": interview_invitations,
    }
    for field, value in numbers.items():
        low, high = RANGES[field]
        if not low <= value <= high:
            raise InvalidInput(
                _("Значение от %(low)s до %(high)s.") % {"low": low, "high": high}, field=field
            )
    if support_met not in SupportMet.values:
        raise InvalidInput(_("Выберите ответ из списка."), field="support_met")
    texts = {
        "skills_gained": skills_gained,
        "view_changed": view_changed,
        "successes": successes,
        "comment": comment,
    }
    side = side_of(user=user, mentorship=mentorship)
    try:
        with transaction.atomic():
            # Under the row lock: an end at this moment lands before or after, never between.
            lock_phase(mentorship)
            if mentorship.phase not in EVALUATION_PHASES:
                raise ServiceError(
                    _("Итоговую оценку заполняют на этапе завершения."), code="wrong_phase"
                )
            evaluation = Evaluation.objects.create(
                mentorship=mentorship,
                side=side,
                author=user,
                support_met=support_met,
                **numbers,
                **{field: value.strip() for field, value in texts.items()},
            )
    except IntegrityError as error:
        raise ServiceError(
            _("Вы уже заполнили итоговую оценку — её нельзя отправить второй раз."),
            code="already_evaluated",
        ) from error
    sides = set(Evaluation.objects.filter(mentorship=mentorship).values_list("side", flat=True))
    if sides >= set(Side.values):
        mentorship_complete(mentorship_id=mentorship.pk)
    elif mentorship.phase == Phase.COMPLETED:
        # Completed by the grace period before this side answered.
        mentee_invite_if_successful(mentorship=mentorship)
    return evaluation


@dataclass(frozen=True)
class EvaluationsView:
    """What one side of a pair may see of the two evaluations."""

    side: str
    own: Evaluation | None
    other_answered: bool
    other: Evaluation | None

    @property
    def readable(self) -> list[Evaluation]:
        """The evaluations this side may read, the mentee's first."""
        given = [e for e in (self.own, self.other) if e is not None]
        return sorted(given, key=lambda e: Side.values.index(e.side))


def evaluations_seen_by(*, user: User, mentorship_id: int) -> EvaluationsView:
    """The caller's own evaluation, whether the other side has answered, and the
    other side's answers only once both have answered — so that neither answers
    after reading the other. The pages and the API read evaluations here."""
    mentorship = mentorship_of(user=user, mentorship_id=mentorship_id)
    side = side_of(user=user, mentorship=mentorship)
    given = {e.side: e for e in Evaluation.objects.filter(mentorship=mentorship)}
    other = next((e for e in given.values() if e.side != side), None)
    both = len(given) == len(Side.values)
    return EvaluationsView(
        side=side,
        own=given.get(side),
        other_answered=other is not None,
        other=other if both else None,
    )


def mentee_invite_if_successful(*, mentorship: Mentorship) -> bool:
    """Invites the mentee of a completed mentorship to become a mentor, once.

    A good outcome is the mentee's own word: progress to the goal of at least
    7 of 10, and support that met their expectations at least partly. People
    who already mentor are not invited.
    """
    if mentorship.phase != Phase.COMPLETED or mentorship.mentee_id is None:
        return False
    own = Evaluation.objects.filter(mentorship=mentorship, side=Side.MENTEE).first()
    if own is None or own.goal_progress < GOOD_GOAL_PROGRESS or own.support_met == SupportMet.NO:
        return False
    person = User.objects.get(pk=mentorship.mentee_id)
    if MentorProfile.objects.filter(pk=person.pk).exists():
        return False
    with in_language(person):
        sent = notify(
            user=person,
            kind=NotificationKind.MENTOR_INVITE,
            key=f"mentor_invite:{person.pk}",
            title=_("Вы прошли этот путь — помогите пройти его другим"),
            body=_(
                "Вы сменили профессию с наставником. Станьте наставником сами: мы заполнили"
                " анкету по вашему профилю, осталось проверить и дополнить."
            ),
            url=absolute_url(
                reverse("accounts:profile-edit", args=["mentor"]) + "?from=mentorship"
            ),
        )
    return sent is not None
