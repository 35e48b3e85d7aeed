"""Suggestions: each mentee's best mentors, recomputed and stored as Match rows.

A refresh scores every active mentee against every active mentor in chunks,
keeps the top SUGGESTIONS_PER_MENTEE pairs not already decided, and makes the
stored untouched suggestions (proposed, accepted by neither side) exactly those.
Any other state of a pair is final and left alone.

Concurrency policy for suggestions (requests and answers: matching/services.py):
- A mentee without any row yet (a first refresh) gets their suggestions COPYed
  straight into the table, in (mentee, mentor) order: a pair written meanwhile
  (a request, another refresh) breaks the unique constraint, the COPY is rolled
  back to its savepoint and the rows go through the upsert below instead.
- Suggestions are written with INSERT … ON CONFLICT on the (mentee, mentor)
  unique constraint, so two refreshes at once never duplicate a pair. A refresh
  sends only the suggestions whose score or facts differ from what it read
  (the facts by their fingerprint, matching/suggestions_facts.py), and the
  upsert still compares, since another refresh may have written the pair
  meanwhile.
- The upsert's DO UPDATE re-checks "untouched" in its WHERE: a request or an
  answer written between the refresh's read and its write keeps its own
  score and facts (the refresh read the pair as a suggestion, or not at all).
- Stale suggestions are deleted by a DELETE that re-checks "untouched", so a
  suggestion accepted meanwhile stays.
"""

import datetime as dt
import json
from collections.abc import Iterable

import numpy as np
import psycopg
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MenteeProfile, MentorProfile, User
from core.errors import ServiceError
from matching import compiled_kernel, features, mentor_matrix, scoring, suggestions_facts
from matching.models import Match, MatchOrigin, MatchStatus, untouched_suggestion
from matching.pending import refresh_enqueue

SUGGESTIONS_PER_MENTEE = 10
REFRESH_CHUNK = 2000
_PAIR_CONSTRAINT = "match_once_per_pair"


def suggestions_refresh(
    *, mentee_ids: Iterable[int] | None = None, now: dt.datetime | None = None
) -> int:
    """Recomputes the top suggestions of the given mentees (all when None), for the
    week coming after `now` (daylight saving moves the hours people share).

    Safe to run twice and concurrently: rows are upserted on the pair's unique
    key, and only untouched suggestions older than this run are removed.
    Returns the number of suggestions the mentees have now (most of them
    unchanged and so not rewritten).
    """
    mentees = MenteeProfile.objects.filter(user__is_active=True)
    if mentee_ids is not None:
        mentees = features.with_ids(mentees, "user", mentee_ids)
    ids = list(mentees.order_by("user_id").values_list("user_id", flat=True))
    if not ids:
        return 0
    now = now or timezone.now()
    week = features.coming_week_start(now)
    # Every findable mentor (active, address confirmed: a mentor whose address is not
    # confirmed is suggested to no one), packed once per process and kept current.
    mentors = mentor_matrix.active_mentors(week=week)
    suggested = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = features.with_ids(
            MenteeProfile.objects.all(), "user", ids[start : start + REFRESH_CHUNK]
        )
        batch = features.Batch(
            features.pack_mentees(chunk, mentors.taxonomy, week),
            mentors.features,
            mentors.taxonomy,
            week,
            mentors.track,
        )
        suggested += _refresh_chunk(batch, now, mentors.codes)
    return suggested


def refresh_chunks(*, size: int = REFRESH_CHUNK) -> list[list[int]]:
    """The active mentees' ids in chunks of `size`: the tasks of a refresh of everyone."""
    ids = list(
        MenteeProfile.objects.filter(user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _refresh_chunk(batch: features.Batch, stamp: dt.datetime, codes: mentor_matrix.Codes) -> int:
    mentee_ids = batch.mentees.ids.tolist()
    # Every pair that exists in any other state is final: never proposed again.
    taken = set(
        features.with_ids(Match.objects.all(), "mentee", mentee_ids)
        .exclude(untouched_suggestion())
        .order_by()
        .values_list("mentee_id", "mentor_id")
    )
    indices, scores = scoring.top_k_block(
        batch.mentees,
        batch.mentors,
        SUGGESTIONS_PER_MENTEE,
        exclude=taken or None,
        scorer=compiled_kernel.score_block,
    )
    # Each mentee's suggestions best first, mentee by mentee.
    rows, ranks = np.nonzero(indices >= 0)
    cols = indices[rows, ranks]
    texts, fingerprints, minutes = suggestions_facts.facts_texts(batch, codes, rows, cols)
    with_rows = {mentee for mentee, _mentor in taken}
    suggested = list(
        zip(
            batch.mentees.ids[rows].tolist(),
            batch.mentors.ids[cols].tolist(),
            [round(min(max(score, 0.0), 100.0), 2) for score in scores[rows, ranks].tolist()],
            texts,
            minutes,
            strict=True,
        )
    )
    return _write_suggestions(mentee_ids, suggested, fingerprints, stamp, with_rows=with_rows)


# A suggestion as written: mentee_id, mentor_id, score, facts as JSON text, overlap.
_Row = tuple[int, int, float, str, int]


def _write_suggestions(
    mentee_ids: list[int],
    rows: list[_Row],
    fingerprints: list[str],
    stamp: dt.datetime,
    *,
    with_rows: set[int],
) -> int:
    """Makes the stored untouched suggestions of these mentees exactly `rows`
    (`fingerprints`: of each row's facts; `with_rows`: the mentees known to have
    rows other than untouched suggestions).

    They are upserted on the pair's unique key: never a duplicate, whoever runs
    too; a suggestion whose score and facts did not change is not rewritten
    (within a week the facts rarely change, so the periodic refresh writes
    almost nothing). Then the untouched suggestions no longer suggested are
    deleted; the DELETE itself re-checks "untouched", so a suggestion accepted
    meanwhile stays. Returns how many suggestions there are.
    """
    stored = (
        features.with_ids(Match.objects.filter(untouched_suggestion()), "mentee", mentee_ids)
        .order_by()  # not the model's "best first": sorting ~20,000 rows spilled to disk
        .values_list(
            "mentee_id", "mentor_id", "pk", "score", KT(f"factors__{suggestions_facts.FINGERPRINT}")
        )
    )
    kept = {(mentee, mentor): (pk, score, digest) for mentee, mentor, pk, score, digest in stored}
    with_rows = with_rows | {mentee for mentee, _mentor in kept}
    first, changed = [], []
    for row, fingerprint in zip(rows, fingerprints, strict=True):
        known = kept.pop((row[0], row[1]), None)
        if row[0] not in with_rows:
            first.append(row)
        elif known is None or known[1] != row[2] or known[2] != fingerprint:
            changed.append(row)
    stale_pks = [pk for pk, _score, _fingerprint in kept.values()]
    # One order for every writer, so that two never wait on each other's pairs.
    first.sort()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            if not _insert_first_on_postgresql(first, stamp):
                changed += first  # a pair was written meanwhile
            _upsert_on_postgresql(sorted(changed), stamp)
        else:
            _upsert_portably(first + changed, stamp)
        for start in range(0, len(stale_pks), 5000):
            stale_part = stale_pks[start : start + 5000]
            Match.objects.filter(untouched_suggestion(), pk__in=stale_part).delete()
    return len(rows)


_COPY_MATCHES_SQL = """
    COPY matching_match (
        mentee_id, mentor_id, score, factors, overlap_minutes_per_week, status, origin,
        mentee_accepted, mentor_accepted, created_at, updated_at
    ) FROM STDIN
"""
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
    WHERE m.status = %(status)s AND m.origin = %(origin)s
      AND NOT m.mentee_accepted AND NOT m.mentor_accepted
      AND (m.score, m.factors) IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.factors)
"""


def _insert_first_on_postgresql(rows: list[_Row], stamp: dt.datetime) -> bool:
    """The suggestions of mentees who had no row when the refresh read them, COPYed
    straight into the table: no staging table, no conflict check per row (the
    upsert below cost a first refresh about a third more). False when a pair
    was written meanwhile (the unique constraint says so): nothing is written
    then, and the caller upserts the rows instead."""
    if not rows:
        return True
    # COPY's text format written here: adapting eleven values a row cost more than
    # the COPY itself.
    same = (
        f"\t{MatchStatus.SUGGESTED.value}\t{MatchOrigin.SUGGESTION.value}\tf\tf"
        f"\t{stamp.isoformat()}\t{stamp.isoformat()}\n"
    )
    text = "".join(
        [
            f"{mentee_id}\t{mentor_id}\t{score!r}\t{_copy_escaped(facts)}\t{overlap}{same}"
            for mentee_id, mentor_id, score, facts, overlap in rows
        ]
    )
    try:
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.copy(_COPY_MATCHES_SQL) as copy,
        ):
            copy.write(text)
    except psycopg.errors.UniqueViolation as error:
        if error.diag.constraint_name != _PAIR_CONSTRAINT:
            raise
        return False
    return True


def _copy_escaped(json_text: str) -> str:
    """JSON text as a value of COPY's text format. JSON writes tabs, newlines and
    carriage returns inside strings as escapes, so a backslash is the one
    character COPY would read specially."""
    return json_text.replace("\\", "\\\\")


def _upsert_on_postgresql(rows: list[_Row], stamp: dt.datetime) -> None:
    """The rows are COPYed into a temporary table and upserted from there in one
    statement (bulk_create's per-value quoting of the JSON cost more than the
    scoring). The caller sends only the rows whose score or facts' fingerprint
    differ from what it read; the upsert compares again (a concurrent refresh
    may have written the pair since). A row that
    stopped being an untouched suggestion since (a request sent meanwhile) is
    not rewritten: the WHERE is evaluated on the row as it is when the
    statement writes."""
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
    """The same through the ORM, for the SQLite of the zero-configuration demo.

    bulk_create's upsert has no WHERE, so the pairs acted on since the refresh
    read them are left out here, in the caller's transaction: SQLite has one
    writer at a time and refuses (busy) a write after a read that another
    writer's commit made stale, rather than letting it overwrite."""
    mentee_ids = {row[0] for row in rows}
    taken = set(
        features.with_ids(Match.objects.all(), "mentee", mentee_ids)
        .exclude(untouched_suggestion())
        .values_list("mentee_id", "mentor_id")
    )
    rows = [row for row in rows if (row[0], row[1]) not in taken]
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


def refresh_scope(*, user_id: int) -> list[int]:
    """The mentees whose suggestions this person's profile can move.

    As a mentee, their own list. As a mentor, the mentees who could be matched
    with them (a goal area or a wanted skill in common, the scorer's hard
    filter) and those they are suggested to now, whom a change may take them
    away from. Every other list stays as it is, whatever the mentor changes.
    """
    ids = set(
        MenteeProfile.objects.filter(user_id=user_id, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    mentor = MentorProfile.objects.filter(user_id=user_id).first()
    if mentor is not None:
        within_reach = MenteeProfile.objects.filter(user__is_active=True).filter(
            Q(goal_area__in=mentor.goal_areas.all()) | Q(skills__in=mentor.skills.all())
        )
        ids.update(within_reach.order_by().values_list("user_id", flat=True).distinct())
        suggested = Match.objects.filter(untouched_suggestion(), mentor=mentor)
        ids.update(suggested.order_by().values_list("mentee_id", flat=True))
    return sorted(ids)


def suggestions_refresh_person(*, user_id: int) -> int:
    """Recomputes what this person's profile touches (refresh_scope)."""
    return suggestions_refresh(mentee_ids=refresh_scope(user_id=user_id))


def suggestions_refresh_request(*, user: User) -> str:
    """Someone asks for fresh suggestions: a mentee for their own list, a mentor for
    the lists they could appear in (refresh_scope). Returns the task id, which
    exists before the task is sent (through the outbox, core/outbox.py)."""
    has_profile = (
        MenteeProfile.objects.filter(user=user).exists()
        or MentorProfile.objects.filter(user=user).exists()
    )
    if not has_profile:
        raise ServiceError(
            _("Подбор считается для подопечных и наставников: сначала заполните профиль."),
            code="no_profile",
        )
    return refresh_enqueue(user_id=user.pk)


# --- After a profile change (accounts.services.profile_changed) ---------------------------


def suggestions_profile_changed(
    *, mentee: MenteeProfile | None = None, mentor_user_id: int = 0
) -> None:
    """Recomputes suggestions in the background once the profile change commits.

    A mentee's change touches only their own list; a mentor's, the lists of
    the mentees who could be matched with them (refresh_scope), with at most
    one such run pending per mentor. The "pending" mark is checked after
    commit: checked before, a run starting between the check and the commit
    would read the old row and nothing would follow it.
    """
    from matching.tasks import refresh_suggestions

    if mentee is not None:
        refresh_suggestions.delay_on_commit([mentee.pk])
    else:
        transaction.on_commit(lambda: refresh_enqueue(user_id=mentor_user_id))
