"""A mentor's track record, recomputed from its sources.

Ratings are what mentees said of this mentor: their own rating (1–5) of each
held session, and the productivity (1–5) of their closing evaluation; each is
one review. Responsiveness is what the mentor did with the requests mentees
sent: answered (the pair was accepted or declined) or left to expire. Both are
shrunk toward a prior by the pure functions of matching.scoring, so one review
or one expired request does not decide a mentor's place; the matching worker
reads `MentorProfile.track_record` (features.py).

A rating is private ("only you see it") and an evaluation is sealed until both
sides have answered, while the published average and count would let the
mentor work back each new review (the prior is fixed). So reviews count only
once their mentorship is over (an evaluation only when both sides had answered),
the rating is published only when mentees of scoring.MIN_RATED_MENTEES finished
mentorships have given some, and it is republished only when that many more
mentees stand behind it — a change never isolates fewer than three people's
reviews. Until then it is unknown (None, 0), which the scorer treats as neutral.
Responsiveness is published from the first request: it tells the
mentor nothing they did not see happen.

It lives on the mentorship floor, which owns most of its sources, and is
called after commit by whatever changes a source: matching's answers and expiries
through matching.services.request_answered (see MentorshipConfig.ready()), the
mentorship services after a rating, an evaluation and
the end of a mentorship (completed or ended early), when its reviews become
countable. Recomputing from the sources (never adding to the stored numbers)
makes a repeated or reordered call harmless.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from accounts.models import MentorProfile
from matching import scoring
from matching.models import Match, MatchStatus
from mentorship.models import Evaluation, Phase, SessionPersonal, SessionStatus, Side

FIELDS = ("rating_avg", "rating_count", "rating_mentees", "responsiveness", "track_record")


class Sources(NamedTuple):
    """What a mentor's track record is computed from."""

    rating_total: int = 0
    rating_count: int = 0
    answered: int = 0
    expired: int = 0
    rated_mentees: int = 0  # distinct mentees the reviews come from


def mentor_track_record_refresh(*, mentor_id: int) -> None:
    """Recomputes the mentor's rating, responsiveness and track record; one UPDATE at most.

    The mentor's row is locked first, so of two refreshes at once the later one
    reads its sources after the earlier has written, and writes last.
    """
    with transaction.atomic():
        stored = (
            MentorProfile.objects.select_for_update()
            .filter(pk=mentor_id)
            .values_list(*FIELDS)
            .first()
        )
        if stored is None:
            return  # not a mentor, or the account is gone
        sources = _sources_of([mentor_id]).get(mentor_id, Sources())
        values = track_record_values(sources, stored=dict(zip(FIELDS, stored, strict=True)))
        if tuple(values[name] for name in FIELDS) != stored:
            MentorProfile.objects.filter(pk=mentor_id).update(**values)


def mentor_track_records_refresh_all() -> int:
    """Brings every mentor's track record up to date; returns how many changed.

    Three grouped queries find the stale mentors; each of those (after the
    first run, a handful) is then refreshed one by one under its row lock, so
    a refresh made meanwhile by an event is never overwritten with older data.
    """
    sources = _sources_of(None)
    stale = []
    for mentor_id, *stored in MentorProfile.objects.values_list("pk", *FIELDS).order_by("pk"):
        values = track_record_values(
            sources.get(mentor_id, Sources()), stored=dict(zip(FIELDS, stored, strict=True))
        )
        if tuple(values[name] for name in FIELDS) != tuple(stored):
            stale.append(mentor_id)
    for mentor_id in stale:
        mentor_track_record_refresh(mentor_id=mentor_id)
    return len(stale)


def track_record_values(
    sources: Sources, *, stored: dict | None = None
) -> dict[str, float | int | None]:
    """The stored fields from the sources (rounded: the card shows one decimal).

    The rating stays unknown (None, 0) until mentees of scoring.MIN_RATED_MENTEES
    finished mentorships have reviewed the mentor, and a published rating is
    replaced only when the number of mentees behind it has moved by that many
    (see the module docstring): `stored` is what is published now.
    """
    low = scoring.MIN_RATED_MENTEES
    mentees = sources.rated_mentees
    shown = (stored or {}).get("rating_mentees") or 0
    if mentees < low:
        rating, count, mentees = None, 0, 0
    elif shown and abs(mentees - shown) < low:
        rating, count, mentees = stored["rating_avg"], stored["rating_count"], shown
    else:
        rating = scoring.bayesian_rating(sources.rating_total, sources.rating_count)
        rating, count = round(rating, 2), sources.rating_count
    answers = scoring.responsiveness(sources.answered, sources.expired)
    record = scoring.track_record(rating, answers)
    return {
        "rating_avg": rating,
        "rating_count": count,
        "rating_mentees": mentees,
        "responsiveness": None if answers is None else round(answers, 3),
        "track_record": None if record is None else round(record, 4),
    }


# --- Sources -------------------------------------------------------------------------


# A mentorship whose reviews count: it is over, so they arrive together, not one by one.
FINISHED = (Phase.COMPLETED, Phase.ENDED)


def _session_ratings() -> QuerySet[SessionPersonal]:
    """A mentee's own rating of a held session of their mentorship, once it is over."""
    return SessionPersonal.objects.filter(
        rating__isnull=False,
        session__status=SessionStatus.HELD,
        session__mentorship__phase__in=FINISHED,
        user_id=F("session__mentorship__mentee_id"),
    )


def _mentee_evaluations() -> QuerySet[Evaluation]:
    """A mentee's closing evaluation of a mentorship completed with both answers in.

    Only then has the mentor been able to read it anyway: a mentor ending the
    pair from closing, or a grace-period completion with one answer, must not
    turn a sealed answer into a change of the published figures.
    """
    mentor_answered = Evaluation.objects.filter(
        mentorship=OuterRef("mentorship"),
        side=Side.MENTOR,
        created_at__lte=OuterRef("mentorship__ended_at"),
    )
    return Evaluation.objects.filter(
        Exists(mentor_answered),
        side=Side.MENTEE,
        mentorship__phase=Phase.COMPLETED,
        created_at__lte=F("mentorship__ended_at"),
    )


# A request the mentor answered: it was sent (requested_at) and then accepted or
# declined. The match does not record who declined, so a mentee withdrawing a
# request counts as answered too: the mentor is not blamed for it.
ANSWERED = Q(requested_at__isnull=False, status__in=[MatchStatus.ACCEPTED, MatchStatus.DECLINED])
EXPIRED = Q(status=MatchStatus.EXPIRED)


def _sources_of(mentor_ids: Iterable[int] | None) -> dict[int, Sources]:
    """Sources of the given mentors (every mentor when None), by mentor id."""
    sessions = _session_ratings()
    evaluations = _mentee_evaluations()
    matches = Match.objects.filter(ANSWERED | EXPIRED)
    if mentor_ids is not None:
        ids = list(mentor_ids)
        sessions = sessions.filter(session__mentorship__mentor_id__in=ids)
        evaluations = evaluations.filter(mentorship__mentor_id__in=ids)
        matches = matches.filter(mentor_id__in=ids)
    totals: dict[int, list[int]] = {}
    mentees: dict[int, set[int]] = {}
    rated = (
        (sessions, "session__mentorship__", "rating"),
        (evaluations, "mentorship__", "productivity"),
    )
    for rows, pair, rating in rated:
        # Grouped by mentor and mentee: a mentee reviewing in both ways is one mentee.
        keys = (f"{pair}mentor_id", f"{pair}mentee_id")
        grouped = (
            rows.order_by()
            .values_list(*keys)
            .annotate(total=Sum(rating), count=Count("pk"))
            .values_list(*keys, "total", "count")
        )
        for mentor_id, mentee_id, total, count in grouped:
            if mentor_id is not None:
                entry = totals.setdefault(mentor_id, [0, 0, 0, 0])
                entry[0] += total
                entry[1] += count
                if mentee_id is not None:  # an account since deleted is nobody to count
                    mentees.setdefault(mentor_id, set()).add(mentee_id)
    answers = (
        matches.order_by()
        .values_list("mentor_id")
        .annotate(answered=Count("pk", filter=ANSWERED), expired=Count("pk", filter=EXPIRED))
        .values_list("mentor_id", "answered", "expired")
    )
    for mentor_id, answered, expired in answers:
        entry = totals.setdefault(mentor_id, [0, 0, 0, 0])
        entry[2] += answered
        entry[3] += expired
    return {
        mentor_id: Sources(*entry, rated_mentees=len(mentees.get(mentor_id, ())))
        for mentor_id, entry in totals.items()
    }
