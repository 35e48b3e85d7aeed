"""A mentor's outcome figure: of the mentees who answered a follow-up, how many now
work in the field they aimed at (issue 16).

Each mentee counts once, by their latest answer to "I now work in the field I
aimed at". The share is a Bayesian average (scoring.outcome_share), published
from scoring.MIN_OUTCOME_ANSWERS mentees and republished only when that number
moved by scoring.MIN_RATED_MENTEES, like the rating (mentorship.track_record):
a new answer never changes the card alone, so nobody's answer can be read off it.
The scorer takes the published share into the track factor (matching.features).
"""

from collections.abc import Iterable

from django.db import transaction

from accounts.models import MentorProfile
from matching import scoring
from mentorship.follow_up_models import FollowUp, InTargetField

FIELDS = ("outcome_share", "outcome_answers")


def outcome_sources(mentor_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """{mentor id: (working, answered)}, each mentee by their latest answer."""
    rows = FollowUp.objects.filter(
        answered_at__isnull=False, mentorship__isnull=False, mentorship__mentor_id__isnull=False
    ).exclude(in_target_field="")
    if mentor_ids is not None:
        rows = rows.filter(mentorship__mentor_id__in=list(mentor_ids))
    latest: dict[tuple[int, int], tuple] = {}
    for mentor_id, mentee_id, due_at, pk, answer in rows.values_list(
        "mentorship__mentor_id", "mentee_id", "due_at", "pk", "in_target_field"
    ):
        key = (mentor_id, mentee_id)
        if key not in latest or (due_at, pk) > latest[key][:2]:
            latest[key] = (due_at, pk, answer)
    sources: dict[int, list[int]] = {}
    for (mentor_id, _mentee), (_due, _pk, answer) in latest.items():
        entry = sources.setdefault(mentor_id, [0, 0])
        entry[0] += answer == InTargetField.YES
        entry[1] += 1
    return {mentor_id: (working, answered) for mentor_id, (working, answered) in sources.items()}


def outcome_values(working: int, answered: int, *, shown: int = 0, stored=None) -> dict:
    """The stored fields: unknown below the threshold, and unchanged while the number of
    mentees behind the published figure has moved by fewer than MIN_RATED_MENTEES."""
    if answered < scoring.MIN_OUTCOME_ANSWERS:
        return {"outcome_share": None, "outcome_answers": 0}
    if shown and abs(answered - shown) < scoring.MIN_RATED_MENTEES:
        return {"outcome_share": stored, "outcome_answers": shown}
    return {
        "outcome_share": round(scoring.outcome_share(working, answered), 3),
        "outcome_answers": answered,
    }


def mentor_outcome_refresh(*, mentor_id: int) -> None:
    """Recomputes one mentor's figure under their row lock; one UPDATE at most."""
    with transaction.atomic():
        stored = (
            MentorProfile.objects.select_for_update()
            .filter(pk=mentor_id)
            .values_list(*FIELDS)
            .first()
        )
        if stored is None:
            return
        working, answered = outcome_sources([mentor_id]).get(mentor_id, (0, 0))
        values = outcome_values(working, answered, shown=stored[1], stored=stored[0])
        if (values["outcome_share"], values["outcome_answers"]) != stored:
            MentorProfile.objects.filter(pk=mentor_id).update(**values)


def mentor_outcomes_refresh_all() -> int:
    """Brings every mentor's figure up to date (daily beat); returns how many changed."""
    sources = outcome_sources(None)
    stale = []
    for mentor_id, share, shown in MentorProfile.objects.values_list("pk", *FIELDS):
        working, answered = sources.get(mentor_id, (0, 0))
        values = outcome_values(working, answered, shown=shown, stored=share)
        if (values["outcome_share"], values["outcome_answers"]) != (share, shown):
            stale.append(mentor_id)
    for mentor_id in stale:
        mentor_outcome_refresh(mentor_id=mentor_id)
    return len(stale)
