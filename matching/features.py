"""ORM rows → the scorer's packed arrays.

Reads profiles with a handful of flat queries (no per-row queries), maps
taxonomy rows to bit indices, and turns each person's local weekly slots into
a UTC bitset of the coming week, so daylight saving abroad is right.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, QuerySet, Value
from django.utils import timezone

from accounts.models import Background, GoalArea, MenteeProfile, MentorProfile, Skill, Stage
from matching import scoring
from matching.scoring.weights import TRACK_RECORD_UNKNOWN

STAGES = {
    Stage.EXPLORING: scoring.Stage.EXPLORING,
    Stage.LEARNING: scoring.Stage.LEARNING,
    Stage.JOB_SEARCH: scoring.Stage.JOB_SEARCH,
    Stage.FIRST_JOB: scoring.Stage.FIRST_JOB,
}
BACKGROUNDS = {value: index for index, value in enumerate(Background.values)}


def coming_week_start(now: dt.datetime | None = None) -> dt.date:
    """The Monday that starts the coming week (today, when today is Monday), in UTC."""
    today = (now or timezone.now()).astimezone(dt.UTC).date()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def _minutes(text: str) -> int:
    known = _GRID_MINUTES.get(text)
    if known is not None:
        return known
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# Stored slots are on the half-hour grid: a lookup instead of parsing each time.
_GRID_MINUTES = {f"{m // 60:02d}:{m % 60:02d}": m for m in range(0, 24 * 60 + 1, 30)}


def availability_bitsets(people: list[list[dict]], zones: list[str], week: dt.date) -> np.ndarray:
    """(n, WORDS) UTC bitsets of the coming week for each person's stored slots and zone,
    all at once (scoring.week_bitsets_of_slots: no Python loop per slot)."""
    # One flat list of ints: numpy reads it several times faster than tuples.
    grid = _GRID_MINUTES
    try:  # stored slots are on the grid: plain lookups
        flat = [
            value
            for person, slots in enumerate(people)
            for slot in slots
            for value in (person, slot["weekday"], grid[slot["start"]], grid[slot["end"]])
        ]
    except KeyError:  # a time off the grid: parsed, and refused by the packing
        flat = [
            value
            for person, slots in enumerate(people)
            for slot in slots
            for value in (person, slot["weekday"], _minutes(slot["start"]), _minutes(slot["end"]))
        ]
    slots = np.array(flat, dtype=np.int64).reshape(-1, 4)
    return scoring.week_bitsets_of_slots(slots, zones, week)


@dataclass(frozen=True)
class Taxonomy:
    """Bit positions of goal areas, skills and languages, and text codes of cities."""

    goal_areas: dict[int, int]
    skills: dict[int, int]
    languages: dict[str, int]
    cities: dict[str, int]

    @classmethod
    def load(cls, language_codes: Iterable[str]) -> "Taxonomy":
        areas = {
            pk: i
            for i, pk in enumerate(GoalArea.objects.order_by("pk").values_list("pk", flat=True))
        }
        skills = {
            pk: i for i, pk in enumerate(Skill.objects.order_by("pk").values_list("pk", flat=True))
        }
        if len(skills) > scoring.MAX_SKILLS or len(areas) > scoring.MAX_GOAL_AREAS:
            raise ValueError("the taxonomy outgrew the scorer's bit sets")
        # Only the languages mentors speak get a bit (a mentee's other languages
        # are common with nobody); more than 64 of them share the last bit (a
        # rare, harmless false "common language").
        languages = {
            code: min(i, scoring.MAX_LANGUAGES - 1) for i, code in enumerate(sorted(language_codes))
        }
        return cls(areas, skills, languages, {})

    def city(self, name: str) -> int:
        key = name.strip().casefold()
        if not key:
            return -1
        return self.cities.setdefault(key, len(self.cities))

    def city_codes(self, names: Iterable[str]) -> np.ndarray:
        """int32 ``city(name)`` of each name, in order (a name's code is given on its
        first appearance), reading each distinct spelling once."""
        seen: dict[str, int] = {}
        codes = []
        for name in names:
            code = seen.get(name)
            if code is None:
                code = seen[name] = self.city(name)
            codes.append(code)
        return np.array(codes, dtype=np.int32)


class _AnyOf(Func):
    """`column = ANY(array)`: the whole list of ids as one parameter."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def with_ids(queryset: QuerySet, field: str, ids: Iterable[int]) -> QuerySet:
    """queryset.filter(<field>__in=ids); on PostgreSQL as one array parameter.

    A chunk's 2,000 ids (a full pack's 100,000) as an IN list cost more than
    the query: Django prepares each value and psycopg splits the long text."""
    ids = list(ids)
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{field}__in": ids})
    column = queryset.model._meta.get_field(field).attname
    array = Value(ids, output_field=ArrayField(BigIntegerField()))
    return queryset.filter(_AnyOf(F(column), array))


def _through(model, owner: str, target: str, ids: list[int] | None) -> dict[int, list]:
    rows = model.objects.all()
    if ids is not None:
        rows = with_ids(rows, owner, ids)
    grouped: dict[int, list] = defaultdict(list)
    for owner_id, target_id in rows.values_list(owner, target).iterator(chunk_size=20000):
        grouped[owner_id].append(target_id)
    return grouped


def _language_codes(grouped: dict[int, list[str]]) -> set[str]:
    codes: set[str] = set()
    for values in grouped.values():
        codes.update(values)
    return codes


class TrackFacts(NamedTuple):
    """What a mentor's track record says, for the sentence that explains it."""

    rating_avg: float | None
    rating_count: int
    responsiveness: float | None


@dataclass(frozen=True)
class Batch:
    mentees: scoring.MenteeFeatures
    mentors: scoring.MentorFeatures
    taxonomy: Taxonomy
    week: dt.date
    # Mentor id → their known track record (mentors without one are absent).
    track: dict[int, TrackFacts] = field(default_factory=dict)


def load_batch(
    mentees: QuerySet[MenteeProfile],
    mentors: QuerySet[MentorProfile],
    *,
    week: dt.date | None = None,
    track_outcomes: float = scoring.TRACK_OUTCOMES_PERCENT,
) -> Batch:
    """Packs the given mentees and mentors for one scoring run."""
    return next(load_batches([mentees], mentors, week=week, track_outcomes=track_outcomes))


def load_batches(
    mentee_chunks: Iterable[QuerySet[MenteeProfile]],
    mentors: QuerySet[MentorProfile],
    *,
    week: dt.date | None = None,
    track_outcomes: float = scoring.TRACK_OUTCOMES_PERCENT,
) -> Iterator[Batch]:
    """One Batch per chunk of mentees, all against the same mentors.

    The mentors are read and packed once, not once per chunk (a refresh of
    10,000 mentees spent ~1 s re-reading the same 2,000 mentors). A mentor's
    track factor takes in their outcome share (issue 16) at `track_outcomes`
    percent: the programme's weight, or the scorer's default.
    """
    week = week or coming_week_start()
    source = read_mentors(mentors)
    tax = Taxonomy.load(source.language_codes())
    packed_mentors, track = pack_mentors(source, tax, week, track_outcomes=track_outcomes)
    for mentees in mentee_chunks:
        yield Batch(pack_mentees(mentees, tax, week), packed_mentors, tax, week, track)


_MENTOR_FIELDS = (
    "user_id", "formats", "availability", "timezone", "city", "years_experience",
    "capacity", "active_mentees", "accepting_mentees", "switched_from", "switched_to_id",
    "track_record", "rating_avg", "rating_count", "responsiveness", "outcome_share",
)  # fmt: skip


@dataclass(frozen=True)
class MentorSource:
    """Mentors as read from the database: their rows and their taxonomy links."""

    rows: list[tuple]  # _MENTOR_FIELDS, by user id
    skills: dict[int, list[int]]
    languages: dict[int, list[str]]
    goal_areas: dict[int, list[int]]

    def language_codes(self) -> set[str]:
        return _language_codes(self.languages)


def read_mentors(mentors: QuerySet[MentorProfile]) -> MentorSource:
    """Four flat queries, whatever the number of mentors."""
    rows = list(mentors.values_list(*_MENTOR_FIELDS).order_by("user_id"))
    ids = [row[0] for row in rows]
    through = MentorProfile.skills.through, MentorProfile.languages.through
    return MentorSource(
        rows,
        _through(through[0], "mentorprofile_id", "skill_id", ids),
        _through(through[1], "mentorprofile_id", "language_id", ids),
        _through(MentorProfile.goal_areas.through, "mentorprofile_id", "goalarea_id", ids),
    )


def pack_mentors(
    source: MentorSource,
    tax: Taxonomy,
    week: dt.date,
    *,
    track_outcomes: float = scoring.TRACK_OUTCOMES_PERCENT,
) -> tuple[scoring.MentorFeatures, dict[int, TrackFacts]]:
    """The scorer's mentor batch and the known track records (mentor id → facts).

    Raises KeyError for a language the taxonomy has no bit for (a kept matrix
    then packs everyone anew)."""
    rows = source.rows
    n = len(rows)
    (
        pks, formats, slots, zones, cities, years, capacity, active, accepting, switched_from,
        switched_to, records, rating_avg, rating_count, responsiveness, outcomes,
    ) = zip(*rows, strict=True) if rows else [()] * len(_MENTOR_FIELDS)  # fmt: skip
    ids = list(pks)
    values = [
        scoring.track_with_outcomes(record, outcome, track_outcomes)
        for record, outcome in zip(records, outcomes, strict=True)
    ]
    packed = scoring.MentorFeatures(
        ids=np.array(ids, dtype=np.int64),
        goal_areas=_bit_masks(source.goal_areas, ids, tax.goal_areas, 1).reshape(n),
        skills=_bit_masks(source.skills, ids, tax.skills, scoring.SKILL_WORDS),
        languages=_bit_masks(source.languages, ids, tax.languages, 1).reshape(n),
        formats=np.array(formats, dtype=np.uint8),
        availability=availability_bitsets(list(slots), list(zones), week),
        years_experience=np.array(years, dtype=np.float64).astype(np.float32),
        switch_from=np.array([BACKGROUNDS.get(v, -1) for v in switched_from], dtype=np.int16),
        switch_to=np.array([tax.goal_areas.get(v, -1) for v in switched_to], dtype=np.int16),
        city=tax.city_codes(cities),
        free_places=np.maximum(
            np.array(capacity, dtype=np.int64) - np.array(active, dtype=np.int64), 0
        ).astype(np.int16),
        accepting=np.array(accepting, dtype=np.bool_),
        track_record=np.array(
            [TRACK_RECORD_UNKNOWN if value is None else value for value in values],
            dtype=np.float32,
        ),
    )
    track = {
        pk: TrackFacts(*facts)
        for pk, record, *facts in zip(
            pks, records, rating_avg, rating_count, responsiveness, strict=True
        )
        if record is not None
    }
    return packed, track


def _bit_masks(
    grouped: dict[int, list],
    ids: list[int],
    bit_of: dict,
    words: int,
    *,
    skip_unknown: bool = False,
) -> np.ndarray:
    """(len(ids), words) uint64: each person's linked rows as bits (`bit_of` maps a
    row to its bit). Raises KeyError for a row without a bit (a language the
    taxonomy has not seen), unless `skip_unknown` (such a row is left out)."""
    out = np.zeros((len(ids), words), dtype=np.uint64)
    linked = [(row, targets) for row, pk in enumerate(ids) if (targets := grouped.get(pk))]
    if not linked:
        return out
    lengths = [len(targets) for _row, targets in linked]
    rows = np.repeat([row for row, _targets in linked], lengths)
    if skip_unknown:
        bits = np.array(
            [bit_of.get(target, -1) for _row, targets in linked for target in targets],
            dtype=np.int64,
        )
        rows, bits = rows[bits != -1], bits[bits != -1]
        if not bits.size:
            return out
    else:
        bits = np.array([bit_of[target] for _row, targets in linked for target in targets])
    if bits.min() < 0 or bits.max() >= 64 * words:
        raise ValueError("a taxonomy bit outside the scorer's bit sets")
    flags = np.zeros((len(ids), 64 * words), dtype=np.bool_)
    flags[rows, bits] = True
    return np.packbits(flags, axis=1, bitorder="little").view("<u8").astype(np.uint64)


def pack_mentees(
    mentees: QuerySet[MenteeProfile], tax: Taxonomy, week: dt.date
) -> scoring.MenteeFeatures:
    return pack_mentee_source(read_mentees(mentees), tax, week)


@dataclass(frozen=True)
class MenteeSource:
    """Mentees as read from the database: their rows and their taxonomy links."""

    rows: list[tuple]  # user_id, goal_area_id, stage, current_field, formats, availability,
    # timezone, city; by user id
    skills: dict[int, list[int]]
    languages: dict[int, list[str]]


def read_mentees(mentees: QuerySet[MenteeProfile]) -> MenteeSource:
    """Three flat queries, whatever the number of mentees."""
    rows = list(
        mentees.values_list(
            "user_id", "goal_area_id", "stage", "current_field", "formats", "availability",
            "timezone", "city",
        ).order_by("user_id")
    )  # fmt: skip
    ids = [row[0] for row in rows]
    return MenteeSource(
        rows,
        _through(MenteeProfile.skills.through, "menteeprofile_id", "skill_id", ids),
        _through(MenteeProfile.languages.through, "menteeprofile_id", "language_id", ids),
    )


def pack_mentee_source(
    source: MenteeSource, tax: Taxonomy, week: dt.date
) -> scoring.MenteeFeatures:
    """The scorer's mentee batch, column by column (the same arrays scoring.pack_mentees
    gives for one scoring.MenteeRow per mentee, without building those rows: at
    1,600 mentees the rows cost more than the whole cohort's assignment).

    KeyError for a goal area, skill or stage the taxonomy does not know; a
    language without a bit is skipped (no mentor speaks it)."""
    rows = source.rows
    n = len(rows)
    pks, areas, stages, fields, formats, slots, zones, cities = (
        zip(*rows, strict=True) if rows else [()] * 8
    )
    ids = list(pks)
    goal_area = [tax.goal_areas[area] for area in areas]
    return scoring.MenteeFeatures(
        ids=np.array(ids, dtype=np.int64),
        goal_area=np.array(goal_area, dtype=np.int16),
        skills=_bit_masks(source.skills, ids, tax.skills, scoring.SKILL_WORDS),
        languages=_bit_masks(source.languages, ids, tax.languages, 1, skip_unknown=True).reshape(n),
        formats=_format_flags(formats),
        availability=availability_bitsets(list(slots), list(zones), week),
        stage=np.array([STAGES[stage] for stage in stages], dtype=np.int8),
        switch_from=np.array([BACKGROUNDS.get(value, -1) for value in fields], dtype=np.int16),
        switch_to=np.array(goal_area, dtype=np.int16),
        city=tax.city_codes(cities),
    )


def _format_flags(formats: tuple[int, ...]) -> np.ndarray:
    """Stored format flags as uint8; ValueError for anything but 0..7 (the scorer's range)."""
    flags = np.array(formats, dtype=np.int64)
    if flags.size and (
        flags.min() < 0
        or flags.max() > int(scoring.Format.VIDEO | scoring.Format.CHAT | scoring.Format.IN_PERSON)
    ):
        raise ValueError("unknown format flags")
    return flags.astype(np.uint8)
