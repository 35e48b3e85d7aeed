"""Matching: suggestions, requests, accepting, declining, expiry.

Concurrency policy (one place to read it):
- A match row is locked (SELECT … FOR UPDATE) by every action on it, so a
  double click or two tabs act one after the other and the second sees the
  first's result.
- A mentor's free place is taken by one conditional UPDATE
  (`active_mentees < capacity`), and a CHECK constraint on the row makes
  overselling impossible even for code that forgets the rule.
- Suggestions are written with INSERT … ON CONFLICT on the (mentee, mentor)
  unique constraint, so two refreshes at once never duplicate a pair. A refresh
  sends only the suggestions that differ from what it read, and the upsert
  still compares, since another refresh may have written the pair meanwhile.
"""

import datetime as dt
import json
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MenteeProfile, MentorProfile, User
from matching import explain, features, scoring, track_record
from matching.models import REQUEST_TTL, Match, MatchOrigin, MatchStatus
from mentorship.errors import ServiceError
from mentorship.models import NotificationKind
from mentorship.notifications import in_language, notify
from mentorship.services import mentorship_start

SUGGESTIONS_PER_MENTEE = 10
MAX_OPEN_REQUESTS = 3
REMIND_AFTER = dt.timedelta(days=3)
REFRESH_CHUNK = 2000


# --- Suggestions ---------------------------------------------------------------------


def suggestions_refresh(*, mentee_ids: Iterable[int] | None = None) -> int:
    """Recomputes the top suggestions of the given mentees (all when None).

    Safe to run twice and concurrently: rows are upserted on the pair's unique
    key, and only untouched suggestions older than this run are removed.
    Returns the number of suggestions the mentees have now (most of them
    unchanged and so not rewritten).
    """
    mentees = MenteeProfile.objects.filter(user__is_active=True)
    if mentee_ids is not None:
        mentees = mentees.filter(user_id__in=list(mentee_ids))
    mentors = MentorProfile.objects.filter(user__is_active=True)
    ids = list(mentees.order_by("user_id").values_list("user_id", flat=True))
    suggested = 0
    if not ids:
        return 0
    chunks = (
        MenteeProfile.objects.filter(user_id__in=ids[start : start + REFRESH_CHUNK])
        for start in range(0, len(ids), REFRESH_CHUNK)
    )
    for batch in features.load_batches(chunks, mentors):
        suggested += _refresh_chunk(batch)
    return suggested


class Suggestion(NamedTuple):
    """One suggestion as the refresh computed it (stored as a Match)."""

    mentee_id: int
    mentor_id: int
    score: float
    facts: dict


def _refresh_chunk(batch: features.Batch) -> int:
    mentee_ids = batch.mentees.ids.tolist()
    # Every pair that exists in any other state is final: never proposed again.
    taken = set(
        Match.objects.filter(mentee_id__in=mentee_ids)
        .exclude(_untouched_suggestion())
        .order_by()
        .values_list("mentee_id", "mentor_id")
    )
    indices, scores = scoring.top_k_block(
        batch.mentees, batch.mentors, SUGGESTIONS_PER_MENTEE, exclude=taken or None
    )
    stamp = timezone.now()
    chosen = [
        (i, int(j), round(min(max(float(score), 0.0), 100.0), 2))
        for i in range(len(mentee_ids))
        for j, score in zip(indices[i], scores[i], strict=True)
        if j >= 0
    ]
    mentor_ids = batch.mentors.ids.tolist()
    pairs = scoring.pair_facts(batch.mentees, batch.mentors, [(i, j) for i, j, _ in chosen])
    suggestions = (
        Suggestion(mentee_ids[i], mentor_ids[j], score, facts)
        for (i, j, score), facts in zip(chosen, explain.facts_of_pairs(pairs, batch), strict=True)
    )
    return _write_suggestions(mentee_ids, suggestions, stamp)


def _write_suggestions(
    mentee_ids: list[int], suggestions: Iterable[Suggestion], stamp: dt.datetime
) -> int:
    """Makes the stored untouched suggestions of these mentees exactly `suggestions`.

    Only new or changed suggestions are written (within a week the facts rarely
    change, so the periodic refresh writes almost nothing). They are upserted on
    the pair's unique key: never a duplicate, whoever runs too. Then the
    untouched suggestions no longer suggested are deleted; the DELETE itself
    re-checks "untouched", so a suggestion accepted meanwhile stays.
    Returns how many suggestions there are.
    """
    # Read as JSON text and decoded one at a time, so that no ~20,000 dicts of
    # lists live at once: the cyclic GC rescans those, which cost ~10 s a refresh.
    stored_rows = (
        Match.objects.filter(_untouched_suggestion(), mentee_id__in=mentee_ids)
        .order_by()  # not the model's "best first": sorting ~20,000 rows spilled to disk
        .values_list("pk", "mentee_id", "mentor_id", "score", Cast("factors", TextField()))
    )
    stored = {
        (mentee_id, mentor_id): (pk, score, facts_json)
        for pk, mentee_id, mentor_id, score, facts_json in stored_rows
    }
    count = 0
    changed = []
    for suggestion in suggestions:
        count += 1
        kept = stored.pop((suggestion.mentee_id, suggestion.mentor_id), None)
        if kept is not None:
            _pk, score, facts_json = kept
            if score == suggestion.score and json.loads(facts_json) == suggestion.facts:
                continue
        changed.append(_row(suggestion))
    stale = [pk for pk, _score, _facts_json in stored.values()]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _upsert_on_postgresql(changed, stamp)
        else:
            _upsert_portably(changed, stamp)
        for start in range(0, len(stale), 5000):
            stale_part = stale[start : start + 5000]
            Match.objects.filter(_untouched_suggestion(), pk__in=stale_part).delete()
    return count


# A suggestion as written: mentee_id, mentor_id, score, facts as JSON text, overlap.
_Row = tuple[int, int, float, str, int]
_facts_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _row(suggestion: Suggestion) -> _Row:
    facts = suggestion.facts
    return (
        suggestion.mentee_id,
        suggestion.mentor_id,
        suggestion.score,
        _facts_json(facts),
        _overlap(facts),
    )


_CREATE_ROWS_SQL = """
    CREATE TEMPORARY TABLE matching_suggestion_rows (
        mentee_id bigint, mentor_id bigint, score double precision, factors jsonb, overlap integer
    )
"""
_COPY_ROWS_SQL = "COPY matching_suggestion_rows FROM STDIN"
_UPSERT_SQL = """
    INSERT INTO matching_match AS m (
        mentee_id, mentor_id, score, factors, overlap_minutes_per_week, status, origin,
        mentee_accepted, mentor_accepted, created_at, updated_at
    )
    SELECT r.mentee_id, r.mentor_id, r.score, r.factors, r.overlap, %(status)s, %(origin)s,
           false, false, %(stamp)s, %(stamp)s
    FROM matching_suggestion_rows AS r
    ON CONFLICT (mentee_id, mentor_id) DO UPDATE SET
        score = EXCLUDED.score,
        factors = EXCLUDED.factors,
        overlap_minutes_per_week = EXCLUDED.overlap_minutes_per_week,
        updated_at = EXCLUDED.updated_at
    WHERE (m.score, m.factors) IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.factors)
"""


def _upsert_on_postgresql(rows: list[_Row], stamp: dt.datetime) -> None:
    """The rows are COPYed into a temporary table and upserted from there in one
    statement (bulk_create's per-value quoting of the JSON cost more than the
    scoring). A row whose score and facts did not change is still not rewritten:
    a concurrent refresh may have written it since it was read."""
    if not rows:
        return
    params = {
        "stamp": stamp,
        "status": MatchStatus.SUGGESTED.value,
        "origin": MatchOrigin.SUGGESTION.value,
    }
    # Dropped right away, not at commit: a caller's transaction may upsert again.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CREATE_ROWS_SQL)
        with cursor.copy(_COPY_ROWS_SQL) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(_UPSERT_SQL, params)
        cursor.execute("DROP TABLE matching_suggestion_rows")


def _upsert_portably(rows: list[_Row], stamp: dt.datetime) -> None:
    """The same through the ORM, for the SQLite of the zero-configuration demo."""
    Match.objects.bulk_create(
        [
            Match(
                mentee_id=mentee_id,
                mentor_id=mentor_id,
                score=score,
                factors=json.loads(facts_json),
                overlap_minutes_per_week=overlap,
                created_at=stamp,
                updated_at=stamp,
            )
            for mentee_id, mentor_id, score, facts_json, overlap in rows
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["mentee", "mentor"],
        update_fields=["score", "factors", "overlap_minutes_per_week", "updated_at"],
    )


def _untouched_suggestion() -> Q:
    return Q(
        status=MatchStatus.SUGGESTED,
        origin=MatchOrigin.SUGGESTION,
        mentee_accepted=False,
        mentor_accepted=False,
    )


def suggestions_refresh_request(*, user: User) -> str:
    """Someone asks for fresh suggestions: a mentee for their own list, a mentor for
    everyone's (their change can move them into any list). Returns the task id."""
    from matching import tasks

    if MenteeProfile.objects.filter(user=user).exists():
        return tasks.refresh_suggestions.delay([user.pk]).id
    if MentorProfile.objects.filter(user=user).exists():
        return tasks.refresh_all_suggestions.delay().id
    raise ServiceError(
        _("Подбор считается для подопечных и наставников: сначала заполните профиль."),
        code="no_profile",
    )


def pair_explanation(
    *, mentee: MenteeProfile, mentor: MentorProfile
) -> tuple[scoring.Explanation, dict]:
    """Why this mentor fits this mentee or not: the scorer's facts, blockers included."""
    batch = features.load_batch(
        MenteeProfile.objects.filter(pk=mentee.pk), MentorProfile.objects.filter(pk=mentor.pk)
    )
    taken = Match.objects.filter(mentee=mentee, mentor=mentor).exclude(_untouched_suggestion())
    exclude = [(mentee.pk, mentor.pk)] if taken.exists() else None
    explanation = scoring.explain_pair(batch.mentees, 0, batch.mentors, 0, exclude=exclude)
    return explanation, explain.facts(explanation, batch)


def mentor_fit(*, mentee: MenteeProfile, mentor: MentorProfile) -> dict:
    """How well a catalogue mentor fits a mentee, or why not — for the card and the API."""
    explanation, facts = pair_explanation(mentee=mentee, mentor=mentor)
    return {
        "mentor": mentor.pk,
        "score": max(explanation.score, 0.0),
        "possible": explanation.passes,
        "blockers": explain.blockers_text(explanation.blockers),
        "explanation": explain.render(
            facts, reader_tz=mentee.timezone, other_tz=mentor.timezone, other_role="mentor"
        ),
    }


# --- Requests and answers -------------------------------------------------------------


def match_request(*, user: User, mentor_id: int) -> Match:
    """A mentee asks a catalogue mentor: the pair's match, accepted by the mentee."""
    mentee = MenteeProfile.objects.filter(user=user).first()
    if mentee is None:
        raise ServiceError(_("Сначала заполните профиль подопечного."), code="no_mentee_profile")
    mentor = MentorProfile.objects.filter(user_id=mentor_id, user__is_active=True).first()
    if mentor is None:
        raise ServiceError(_("Такого наставника нет."), code="not_found")
    if mentor.pk == mentee.pk:
        raise ServiceError(_("Нельзя выбрать наставником себя."), code="same_person")
    explanation, facts = pair_explanation(mentee=mentee, mentor=mentor)
    # One transaction: a refused request (paused mentor, too many open) leaves no row.
    with transaction.atomic():
        match, _created = Match.objects.get_or_create(
            mentee=mentee,
            mentor=mentor,
            defaults={
                "origin": MatchOrigin.REQUEST,
                "score": round(max(explanation.score, 0.0), 2),
                "factors": facts,
                "overlap_minutes_per_week": _overlap(facts),
            },
        )
        return match_accept(user=user, match_id=match.pk)


def _overlap(facts: dict) -> int:
    return facts["minutes"]


def match_accept(*, user: User, match_id: int) -> Match:
    """One side says yes; when both have, the mentorship starts and takes a place.

    Accepting twice is harmless. A full mentor is a 409 and nothing changes.
    """
    with transaction.atomic():
        match = _locked_match_of(user, match_id)
        if match.status == MatchStatus.ACCEPTED:
            return match
        if match.status != MatchStatus.SUGGESTED:
            raise ServiceError(
                _("Эта пара уже закрыта: запрос отклонён или истёк."), code="match_closed"
            )
        as_mentee = match.mentee_id == user.pk
        if as_mentee and not match.mentee_accepted:
            _check_mentor_accepting(match)
            _check_open_requests(match)
            match.mentee_accepted = True
            match.requested_at = timezone.now()
        elif not as_mentee:
            match.mentor_accepted = True
        if match.mentee_accepted and match.mentor_accepted:
            _start_mentorship(match)
            _answers_changed(match.mentor_id)
        match.save()
    _tell_about(match, as_mentee)
    return match


def _check_mentor_accepting(match: Match) -> None:
    """A paused mentor gets no new requests; one who already said yes is still answered."""
    if match.mentor_accepted:
        return
    if not MentorProfile.objects.filter(pk=match.mentor_id, accepting_mentees=True).exists():
        raise ServiceError(
            _("Наставник сейчас не принимает новых подопечных."), code="not_accepting"
        )


def _check_open_requests(match: Match) -> None:
    if match.mentor_accepted:
        return  # answering a mentor who said yes first is not a new request
    open_requests = Match.objects.open_requests().filter(mentee_id=match.mentee_id)
    if open_requests.count() >= MAX_OPEN_REQUESTS:
        raise ServiceError(
            _(
                "У вас уже %(count)s запроса без ответа — дождитесь ответа или отмените один, "
                "чтобы отправить новый."
            )
            % {"count": MAX_OPEN_REQUESTS},
            code="too_many_requests",
            open_requests=MAX_OPEN_REQUESTS,
        )


def _start_mentorship(match: Match) -> None:
    taken = MentorProfile.objects.filter(
        pk=match.mentor_id, active_mentees__lt=F("capacity")
    ).update(active_mentees=F("active_mentees") + 1)
    if not taken:
        raise ServiceError(_("У наставника не осталось свободных мест."), code="capacity_full")
    now = timezone.now()
    match.mentorship = mentorship_start(
        mentee_id=match.mentee_id, mentor_id=match.mentor_id, programme_id=match.programme_id
    )
    match.status = MatchStatus.ACCEPTED
    match.decided_at = now
    mentor = MentorProfile.objects.get(pk=match.mentor_id)
    if mentor.free_places == 0:
        # A full mentor drops out of everyone's suggestions.
        Match.objects.filter(_untouched_suggestion(), mentor_id=mentor.pk).delete()


def match_decline(*, user: User, match_id: int) -> Match:
    """Either side says no. Final for this pair: it is never proposed again."""
    with transaction.atomic():
        match = _locked_match_of(user, match_id)
        if match.status == MatchStatus.DECLINED:
            return match
        if match.status != MatchStatus.SUGGESTED:
            raise ServiceError(_("Эту пару уже нельзя отклонить."), code="match_closed")
        match.status = MatchStatus.DECLINED
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decided_at", "updated_at"])
        if match.requested_at is not None:
            _answers_changed(match.mentor_id)
    return match


def _answers_changed(mentor_id: int) -> None:
    """A request was answered or expired: the mentor's responsiveness is recomputed
    once this commits. Robust, since the numbers are derived and any later refresh
    recomputes them from the sources: a failure there must not fail a done action."""
    transaction.on_commit(
        lambda: track_record.mentor_track_record_refresh(mentor_id=mentor_id), robust=True
    )


def _locked_match_of(user: User, match_id: int) -> Match:
    match = Match.objects.select_for_update().of(user).filter(pk=match_id).first()
    if match is None:
        raise Match.DoesNotExist
    return match


def _tell_about(match: Match, as_mentee: bool) -> None:
    match = Match.objects.select_related("mentee__user", "mentor__user").get(pk=match.pk)
    if match.status == MatchStatus.ACCEPTED:
        for person, other in (
            (match.mentee.user, match.mentor.user),
            (match.mentor.user, match.mentee.user),
        ):
            with in_language(person):
                notify(
                    user=person,
                    kind=NotificationKind.MATCH_ACCEPTED,
                    key=f"match_accepted:{match.pk}:{person.pk}",
                    title=_("Пара состоялась: вы и %(name)s") % {"name": other.full_name},
                    body=_("Начните с знакомства: договоритесь о первой встрече и целях."),
                    url=_absolute(reverse("matching:suggestions")),
                    about=other,
                )
    elif as_mentee and match.mentee_accepted and not match.mentor_accepted:
        mentor = match.mentor.user
        with in_language(mentor):
            notify(
                user=mentor,
                kind=NotificationKind.NEW_REQUEST,
                key=f"new_request:{match.pk}",
                title=_("Новый запрос от %(name)s") % {"name": match.mentee.user.full_name},
                body=match.mentee.goals[:500],
                url=_absolute(reverse("matching:inbox")),
                about=match.mentee.user,
            )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


# --- Expiry and reminders (beat) ------------------------------------------------------------


def requests_expire(*, now: dt.datetime | None = None) -> list[int]:
    """Closes requests unanswered for 7 days; tells each mentee; returns their ids."""
    now = now or timezone.now()
    expired_mentees = []
    stale = Match.objects.open_requests().filter(requested_at__lte=now - REQUEST_TTL)
    for match_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # The conditional UPDATE is the claim: a mentor answering at this very
            # moment either wins (and the row no longer matches) or loses.
            closed = (
                Match.objects.open_requests()
                .filter(pk=match_id)
                .update(status=MatchStatus.EXPIRED, decided_at=now)
            )
        if not closed:
            continue
        match = Match.objects.select_related("mentee__user", "mentor__user").get(pk=match_id)
        _answers_changed(match.mentor_id)
        person = match.mentee.user
        with in_language(person):
            notify(
                user=person,
                kind=NotificationKind.REQUEST_EXPIRED,
                key=f"request_expired:{match.pk}",
                title=_("%(name)s не ответил(а) на запрос") % {"name": match.mentor.user.full_name},
                body=_("Запрос закрыт через 7 дней без ответа. Мы подобрали новых наставников."),
                url=_absolute(reverse("matching:suggestions")),
                about=match.mentor.user,
            )
        expired_mentees.append(match.mentee_id)
    return expired_mentees


def requests_remind(*, now: dt.datetime | None = None) -> int:
    """Reminds mentors of requests waiting for 3 days; once per request."""
    now = now or timezone.now()
    waiting = Match.objects.open_requests().filter(
        requested_at__lte=now - REMIND_AFTER, reminded_at__isnull=True
    )
    reminded = 0
    for match_id in waiting.values_list("pk", flat=True):
        claimed = Match.objects.filter(pk=match_id, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue
        match = Match.objects.select_related("mentee__user", "mentor__user").get(pk=match_id)
        person = match.mentor.user
        days_left = max((match.requested_at + REQUEST_TTL - now).days, 0)
        with in_language(person):
            notify(
                user=person,
                kind=NotificationKind.REQUEST_REMINDER,
                key=f"request_reminder:{match.pk}",
                title=_("%(name)s ждёт ответа") % {"name": match.mentee.user.full_name},
                body=_("Запрос закроется через %(days)s дн., если не ответить.")
                % {"days": days_left},
                url=_absolute(reverse("matching:inbox")),
                about=match.mentee.user,
            )
        reminded += 1
    return reminded
