"""Every active mentor packed for the scorer, kept in each worker process and never stale.

Packing every mentor from PostgreSQL took ~2.5 s per 20,000 mentors, once per
refresh, while scoring one mentee against them takes milliseconds. So each
process keeps the packed matrix and brings it up to date before every use:

- Database triggers (migration 0004_mentor_changes) log each mentor whose
  features a transaction changes, in that transaction (MentorChange).
- The copy remembers the PostgreSQL snapshot of its last read of that log.
  Before each use one indexed query returns the mentors logged by the
  transactions that snapshot could not see (in progress then, or begun since)
  and the current snapshot; those mentors are re-read and repacked in place,
  rows of mentors gone or deactivated are switched off, new ones appended.
  A change committed before the use is therefore always seen: the log is the
  version counter, and nothing depends on who changed the mentor or how.
- The taxonomy changing (logged as mentor 0), a new week, a language no
  mentor spoke before, or more than a tenth of the mentors changed at once
  (a bulk import): the matrix is packed anew.
- The log keeps a day of changes (prune_changes, a daily beat job); a copy not
  caught up for half of that is packed anew rather than caught up, so it never
  needs an entry that is gone (its entries are at most as old as the oldest
  transaction in progress when it last read the log).

Inside a transaction (a caller's atomic block, and every plain test) and on
SQLite the matrix is packed afresh for that call and not kept: the caller may
see rows of its own that it will roll back.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import GoalArea, MentorProfile, Skill
from matching import features, scoring
from matching.models import MentorChange
from matching.scoring.profiles import MENTOR_COLUMNS

log = logging.getLogger(__name__)

# Beyond this share of the mentors changed since the last use, packing
# everyone anew is about as fast as repacking them one by one.
REBUILD_SHARE = 0.1
EVERYONE = 0  # the mentor id logged when the taxonomy changes
# How long the change log keeps an entry, and how long a copy may go without
# catching up before it is packed anew instead.
KEEP_CHANGES = dt.timedelta(days=1)
IDLE_LIMIT = KEEP_CHANGES / 2

# Mentor ids logged by the transactions that the snapshot `seen` could not see:
# those in progress then (its xip list) or begun after it (from its xmax on).
# Both are index lookups on txid, however long the log or the oldest
# transaction on the server. Run outside a transaction, so that the snapshot
# returned is the one the query read with.
_CHANGES_SQL = """
    SELECT pg_current_snapshot()::text, coalesce(array_agg(DISTINCT mentor_id), '{}')
    FROM matching_mentorchange
    WHERE txid >= pg_snapshot_xmax(%(seen)s::pg_snapshot)::text::bigint
       OR txid = ANY(ARRAY(SELECT pg_snapshot_xip(%(seen)s::pg_snapshot)::text::bigint))
"""


@dataclass(frozen=True)
class Mentors:
    """The packed active mentors of one week, and what explaining their scores needs."""

    features: scoring.MentorFeatures
    taxonomy: features.Taxonomy
    track: dict[int, features.TrackFacts]
    week: dt.date
    codes: Codes


@dataclass(frozen=True)
class Codes:
    """Bit indices → taxonomy codes (the shape of explain.Codes)."""

    skills: dict[int, str]
    goal_areas: dict[int, str]

    @classmethod
    def of(cls, taxonomy: features.Taxonomy) -> Codes:
        skills = dict(Skill.objects.values_list("pk", "code"))
        areas = dict(GoalArea.objects.values_list("pk", "code"))
        return cls(
            skills={i: skills[pk] for pk, i in taxonomy.skills.items() if pk in skills},
            goal_areas={i: areas[pk] for pk, i in taxonomy.goal_areas.items() if pk in areas},
        )


@dataclass
class _Copy:
    week: dt.date
    seen: str  # the snapshot of the last read of the change log
    taxonomy: features.Taxonomy
    codes: Codes
    columns: dict[str, np.ndarray]  # writable, one entry per row
    rows: dict[int, int]  # mentor id → row
    track: dict[int, features.TrackFacts]
    packed: scoring.MentorFeatures | None = field(default=None)
    # time.monotonic() when `seen` was taken.
    read_at: float = field(default_factory=time.monotonic)

    def mentors(self) -> Mentors:
        if self.packed is None:
            self.packed = scoring.MentorFeatures(
                **{name: self.columns[name] for name in MENTOR_COLUMNS}
            )
        return Mentors(self.packed, self.taxonomy, dict(self.track), self.week, self.codes)


_lock = threading.Lock()
_kept: _Copy | None = None


def active_mentors(*, week: dt.date) -> Mentors:
    """Every active mentor packed for the UTC week starting on Monday `week`,
    with every change committed before this call."""
    global _kept
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return _build(week).mentors()
    with _lock:
        copy = _kept
        idle = copy is not None and time.monotonic() - copy.read_at > IDLE_LIMIT.total_seconds()
        copy = _build(week) if copy is None or copy.week != week or idle else _catch_up(copy)
        _kept = copy
        return copy.mentors()


def forget() -> None:
    """Drops this process's copy: the next use packs every mentor anew."""
    global _kept
    with _lock:
        _kept = None


def kept_version() -> str | None:
    """The snapshot the kept copy is current with (None when there is none)."""
    copy = _kept
    return None if copy is None else copy.seen


def _snapshot() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def _active() -> QuerySet[MentorProfile]:
    # Only mentors others may find: an active account with a confirmed address.
    return MentorProfile.objects.findable()


def _build(week: dt.date) -> _Copy:
    started = time.perf_counter()
    # The snapshot first: whatever commits while the mentors are read is
    # logged by a transaction it cannot see, and so read again next time.
    read_at = time.monotonic()
    seen = _snapshot() if connection.vendor == "postgresql" else ""
    source = features.read_mentors(_active())
    taxonomy = features.Taxonomy.load(source.language_codes())
    packed, track = features.pack_mentors(source, taxonomy, week)
    columns = {name: np.array(getattr(packed, name)) for name in MENTOR_COLUMNS}
    rows = {pk: i for i, pk in enumerate(packed.ids.tolist())}
    copy = _Copy(week, seen, taxonomy, Codes.of(taxonomy), columns, rows, track, read_at=read_at)
    copy.packed = packed
    log.info("Mentor matrix packed: %s mentors in %.2f s", len(rows), time.perf_counter() - started)
    return copy


def prune_changes(*, now: dt.datetime | None = None) -> int:
    """Deletes the change log's entries older than KEEP_CHANGES; returns how many."""
    horizon = (now or timezone.now()) - KEEP_CHANGES
    deleted, _by_model = MentorChange.objects.filter(created_at__lt=horizon).delete()
    return deleted


def _catch_up(copy: _Copy) -> _Copy:
    read_at = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(_CHANGES_SQL, {"seen": copy.seen})
        seen, changed = cursor.fetchone()
    copy.read_at = read_at
    if not changed:
        copy.seen = seen
        return copy
    if EVERYONE in changed or len(changed) > max(REBUILD_SHARE * len(copy.rows), 100):
        return _build(copy.week)
    source = features.read_mentors(_active().filter(pk__in=changed))
    if not source.language_codes() <= copy.taxonomy.languages.keys():
        return _build(copy.week)  # a new language needs a bit of its own
    packed, track = features.pack_mentors(source, copy.taxonomy, copy.week)
    _put_rows(copy, packed)
    for pk in changed:
        copy.track.pop(pk, None)
    copy.track.update(track)
    gone = [copy.rows[pk] for pk in set(changed) - set(packed.ids.tolist()) if pk in copy.rows]
    # A row that stays, switched off: never a possible pair, so never suggested.
    copy.columns["accepting"][gone] = False
    copy.columns["free_places"][gone] = 0
    copy.seen = seen
    copy.packed = None
    log.info("Mentor matrix caught up: %s mentors repacked", len(changed))
    return copy


def _put_rows(copy: _Copy, packed: scoring.MentorFeatures) -> None:
    """Writes the repacked mentors over their rows; mentors new to the copy are appended."""
    ids = packed.ids.tolist()
    known = [i for i, pk in enumerate(ids) if pk in copy.rows]
    new = [i for i, pk in enumerate(ids) if pk not in copy.rows]
    at = [copy.rows[ids[i]] for i in known]
    for name in MENTOR_COLUMNS:
        column, values = copy.columns[name], getattr(packed, name)
        column[at] = values[known]
        if new:
            copy.columns[name] = np.concatenate([column, values[new]])
    for i in new:
        copy.rows[ids[i]] = len(copy.rows)
