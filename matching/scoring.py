"""Mentor–mentee match scoring: pure numpy, no Django.

Everything a view or a batch job needs to rank mentors for mentees lives here,
working on column-oriented numpy batches so that scoring is vectorised over
mentors (and over blocks of mentees).  Django code turns model rows into
``MenteeRow`` / ``MentorRow`` values, packs them once, and renders the
structured ``Explanation`` facts into translated sentences itself.

Week grid
    A week is 336 half-hour slots in UTC; slot 0 is Monday 00:00–00:30 UTC.
    Availability is a bitset of 6 ``uint64`` words (bit ``s`` of the week is bit
    ``s % 64`` of word ``s // 64``); the top 48 bits of the last word are zero.

Score
    0..100 for a possible pair, ``-1`` for a pair that fails a hard filter.
    Never NaN or ``-inf``, so callers can sort and compare without special cases.
    ``score_block_python`` is the same scoring as a plain loop over pairs: the
    readable reference the kernel is tested against.

Imports numpy and the standard library only (a test checks that importing
this module loads no Django), so it runs in workers, notebooks and benches.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

__all__ = [
    "DEFAULT_WEIGHTS",
    "SKILL_WORDS",
    "SLOTS_PER_WEEK",
    "WORDS",
    "Explanation",
    "Factor",
    "Format",
    "MenteeFeatures",
    "MenteeRow",
    "MentorFeatures",
    "MentorRow",
    "PairFacts",
    "Slot",
    "Stage",
    "Weights",
    "bayesian_rating",
    "bitset_to_intervals",
    "exclusion_mask",
    "explain_pair",
    "overlap_minutes",
    "overlap_minutes_many",
    "pack_mentees",
    "pack_mentors",
    "pair_facts",
    "responsiveness",
    "score_block",
    "score_block_python",
    "top_k",
    "top_k_block",
    "track_record",
    "week_bitset",
]

# --------------------------------------------------------------------------
# Weights (points out of 100) and tuning constants.  Kept at the top so that a
# product discussion about "what matters" is a diff of this block only.
# --------------------------------------------------------------------------
W_GOAL = 20.0  # mentee's goal area is one the mentor mentors in
W_SKILLS = 25.0  # share of the skills the mentee wants that the mentor has
W_OVERLAP = 20.0  # common weekly hours (saturating)
W_FORMAT = 10.0  # share of the mentee's formats the mentor offers
W_STAGE = 10.0  # mentee's stage against mentor's years of experience
W_SWITCH = 10.0  # mentor made the same career switch
W_TRACK = 5.0  # mentor's past mentoring outcomes

# 3 hours a week is plenty for mentoring; more common time adds nothing.
OVERLAP_SATURATION_MINUTES = 180
# A mentor who reached the same target role knows the destination even when
# they started from elsewhere, so that is most of the value of the same switch.
SWITCH_TO_ONLY = 0.6
SWITCH_BOTH = 1.0
# Unknown track record is neutral, neither rewarded nor punished.
TRACK_RECORD_UNKNOWN = 0.5
# Ratings (1..5) become a Bayesian average: RATING_PRIOR_WEIGHT imagined reviews of
# RATING_PRIOR_MEAN join the real ones, so one review moves a mentor a little and many
# reviews move them all the way. The prior is what we assume of a mentor nobody has
# rated yet, so it counts as neutral (TRACK_RECORD_UNKNOWN).
RATING_MIN = 1.0
RATING_MAX = 5.0
RATING_PRIOR_MEAN = 4.0
RATING_PRIOR_WEIGHT = 5.0
# A rating is private to the mentee who gave it, yet the prior above is public and fixed,
# so from the published average and count of one mentee's reviews the mentor could work
# back each of them. Reviews therefore count only once a mentorship is over, all of a
# pair's at once (matching/track_record.py), and the rating is published (card,
# catalogue, API, explanations, ranking) only when mentees of at least MIN_RATED_MENTEES
# finished mentorships have given some: the figure then pools several people's reviews.
# Below that the rating is unknown, which is neutral.
MIN_RATED_MENTEES = 3
# Responsiveness is the share of requests a mentor answers before they expire, with a
# Beta prior of RESPONSIVENESS_PRIOR_WEIGHT imagined requests answered at
# RESPONSIVENESS_PRIOR_MEAN: most mentors answer, so one expired request costs little.
RESPONSIVENESS_PRIOR_MEAN = 0.8
RESPONSIVENESS_PRIOR_WEIGHT = 4.0
# Shares of the track record (they add up to 1). Reviews say how the mentoring went;
# answering requests only says whether it starts.
TRACK_RATING_SHARE = 0.7
TRACK_RESPONSIVENESS_SHARE = 0.3

# Years of experience are bucketed: <2, 2..5, 5..10, >=10 years.
EXPERIENCE_BUCKET_EDGES: tuple[float, ...] = (2.0, 5.0, 10.0)
# Fit of a mentee stage (rows) to a mentor experience bucket (columns).
# Exploring/learning mentees need someone who remembers the beginning and has
# time, so mid-career mentors fit best and very senior ones are not better.
# Job-search and first-job mentees profit from years: hiring-side insight,
# interview practice, referrals and navigating a first team grow with
# seniority, and a junior mentor can offer little there.
STAGE_EXPERIENCE_FIT: tuple[tuple[float, ...], ...] = (
    (0.7, 1.0, 0.9, 0.8),  # exploring
    (0.7, 1.0, 1.0, 0.8),  # learning
    (0.3, 0.7, 1.0, 1.0),  # job_search
    (0.2, 0.6, 0.9, 1.0),  # first_job
)

# --------------------------------------------------------------------------
# Track record: a mentor's reviews and answers to requests, shrunk toward a prior
# --------------------------------------------------------------------------


def bayesian_rating(
    total: float,
    count: int,
    prior_mean: float = RATING_PRIOR_MEAN,
    prior_weight: float = RATING_PRIOR_WEIGHT,
) -> float | None:
    """The average of ``count`` ratings adding up to ``total``, as if ``prior_weight``
    more ratings of ``prior_mean`` had been given; None when there are none.

    One 5 among no others is (5 + 4 * 5) / 6 = 4.17 with the defaults, not 5.
    """
    if count < 0 or prior_weight < 0:
        raise ValueError("count and prior_weight must be >= 0")
    if count == 0:
        return None
    return (float(total) + prior_mean * prior_weight) / (count + prior_weight)


def responsiveness(
    answered: int,
    expired: int,
    prior_mean: float = RESPONSIVENESS_PRIOR_MEAN,
    prior_weight: float = RESPONSIVENESS_PRIOR_WEIGHT,
) -> float | None:
    """The share of requests answered (0..1): the mean of a Beta posterior whose prior
    is ``prior_weight`` requests answered at ``prior_mean``; None when none was asked.

    One expired request and nothing else gives (0 + 3.2) / (1 + 4) = 0.64 with the
    defaults, not 0.
    """
    if answered < 0 or expired < 0 or prior_weight < 0:
        raise ValueError("answered, expired and prior_weight must be >= 0")
    if not 0 <= prior_mean <= 1:
        raise ValueError("prior_mean must be within 0..1")
    if answered + expired == 0:
        return None
    return (answered + prior_mean * prior_weight) / (answered + expired + prior_weight)


def _around_prior(value: float, low: float, prior: float, high: float) -> float:
    """``low``..``prior``..``high`` onto 0..TRACK_RECORD_UNKNOWN..1, linearly on each side.

    The prior is what we assume of a mentor we know nothing about, so it must
    score exactly like an unknown one: neither a lift nor a penalty.
    """
    value = min(max(float(value), low), high)
    if value <= prior:
        return TRACK_RECORD_UNKNOWN * (value - low) / (prior - low)
    return TRACK_RECORD_UNKNOWN + (1 - TRACK_RECORD_UNKNOWN) * (value - prior) / (high - prior)


def track_record(rating_avg: float | None, responsiveness: float | None) -> float | None:
    """The scorer's track-record value 0..1 from a Bayesian rating (1..5) and a
    responsiveness (0..1); a part not known counts as neutral, None when neither is."""
    if rating_avg is None and responsiveness is None:
        return None
    rating_part = (
        TRACK_RECORD_UNKNOWN
        if rating_avg is None
        else _around_prior(rating_avg, RATING_MIN, RATING_PRIOR_MEAN, RATING_MAX)
    )
    answer_part = (
        TRACK_RECORD_UNKNOWN
        if responsiveness is None
        else _around_prior(responsiveness, 0.0, RESPONSIVENESS_PRIOR_MEAN, 1.0)
    )
    return TRACK_RATING_SHARE * rating_part + TRACK_RESPONSIVENESS_SHARE * answer_part


# --------------------------------------------------------------------------
# Week grid
# --------------------------------------------------------------------------
SLOT_MINUTES = 30
SLOTS_PER_DAY = 48
SLOTS_PER_WEEK = 336
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 10080
WORDS = 6  # ceil(336 / 64)
SKILL_WORDS = 2  # 128 skills
MAX_SKILLS = 64 * SKILL_WORDS
MAX_LANGUAGES = 64
MAX_GOAL_AREAS = 64

_SATURATION_SLOTS = OVERLAP_SATURATION_MINUTES // SLOT_MINUTES
# The kernel adds the counts of three 64-bit words to a saturated uint8
# counter, which is exact only while saturation + 3 * 64 <= 255.
if OVERLAP_SATURATION_MINUTES % SLOT_MINUTES or not 0 < _SATURATION_SLOTS <= 63:
    raise ValueError("OVERLAP_SATURATION_MINUTES must be a multiple of 30 within 30..1890")

_UTC = dt.UTC


class Format(enum.IntFlag):
    VIDEO = 1
    CHAT = 2
    IN_PERSON = 4


class Stage(enum.IntEnum):
    EXPLORING = 0
    LEARNING = 1
    JOB_SEARCH = 2
    FIRST_JOB = 3


# Machine codes for hard-filter failures (rendered into sentences elsewhere).
NO_COMMON_LANGUAGE = "no_common_language"
NO_COMMON_FORMAT = "no_common_format"
NO_FREE_PLACE = "no_free_place"
NOT_ACCEPTING = "not_accepting"
NO_COMMON_HOURS = "no_common_hours"
NO_COMMON_GOAL = "no_common_goal"
SAME_PERSON = "same_person"
EXCLUDED = "excluded"

# Factor codes, in the order they are reported.
FACTOR_GOAL = "goal"
FACTOR_SKILLS = "skills"
FACTOR_OVERLAP = "overlap"
FACTOR_FORMAT = "format"
FACTOR_STAGE = "stage"
FACTOR_SWITCH = "switch"
FACTOR_TRACK = "track"

FAILED_SCORE = -1.0


@dataclass(frozen=True)
class Weights:
    """Relative importance of the factors.

    Scores are normalised by the total, so a programme may pass any
    non-negative weights (e.g. drop ``track`` to 0) and scores stay in 0..100.
    """

    goal: float = W_GOAL
    skills: float = W_SKILLS
    overlap: float = W_OVERLAP
    format: float = W_FORMAT
    stage: float = W_STAGE
    switch: float = W_SWITCH
    track: float = W_TRACK

    def __post_init__(self) -> None:
        values = self.as_dict()
        for name, value in values.items():
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"weight {name!r} must be a finite number >= 0, got {value!r}")
        if sum(values.values()) <= 0:
            raise ValueError("at least one weight must be positive")

    def as_dict(self) -> dict[str, float]:
        return {
            FACTOR_GOAL: float(self.goal),
            FACTOR_SKILLS: float(self.skills),
            FACTOR_OVERLAP: float(self.overlap),
            FACTOR_FORMAT: float(self.format),
            FACTOR_STAGE: float(self.stage),
            FACTOR_SWITCH: float(self.switch),
            FACTOR_TRACK: float(self.track),
        }

    def points(self) -> dict[str, float]:
        """Maximum points of each factor after normalising the total to 100."""
        values = self.as_dict()
        scale = 100.0 / sum(values.values())
        # Rounded through float32 so the Python explanation and the float32
        # kernel multiply by exactly the same numbers.
        return {name: float(np.float32(value * scale)) for name, value in values.items()}


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Slot:
    """A recurring local time range: ``weekday`` 0=Monday, minutes from local midnight."""

    weekday: int
    start: int
    end: int

    def __post_init__(self) -> None:
        for name in ("weekday", "start", "end"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise ValueError(f"Slot.{name} must be an int, got {value!r}")
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"Slot.weekday must be 0..6 (0=Monday), got {self.weekday}")
        if self.start % SLOT_MINUTES or self.end % SLOT_MINUTES:
            raise ValueError(
                f"Slot {self.start}..{self.end} is off the 30-minute grid: "
                "start and end must be multiples of 30 minutes"
            )
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise ValueError(f"Slot {self.start}..{self.end} must satisfy 0 <= start < end <= 1440")


def _zone(tz: str) -> ZoneInfo:
    if not isinstance(tz, str) or not tz:
        raise ValueError(f"unknown time zone {tz!r}")
    try:
        return ZoneInfo(tz)
    # ZoneInfo raises ZoneInfoNotFoundError (a KeyError) for unknown keys and
    # ValueError/OSError for malformed ones like "../x"; callers get one type.
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc


def _check_monday(week_start: dt.date) -> None:
    if isinstance(week_start, dt.datetime) or not isinstance(week_start, dt.date):
        raise ValueError(f"week_start must be a datetime.date, got {week_start!r}")
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, got {week_start.isoformat()}")


def week_bitset(slots: Iterable[Slot], tz: str, week_start: dt.date) -> np.ndarray:
    """UTC availability bitset of local ``slots`` in zone ``tz`` for one concrete week.

    Each half hour is converted on its real date, so DST is exact for that week
    (Berlin 10:00 is 09:00 UTC in winter and 08:00 UTC in summer).  Times that
    fall outside the UTC week (Monday 01:00 in UTC+12 is Sunday 13:00 UTC of the
    previous week) wrap modulo the week, since the schedule recurs weekly.

    Local times are built with ``fold=0``: a time inside a spring-forward gap is
    read with the offset before the change (02:30 on Berlin's switch day becomes
    01:30 UTC, the same instant as 03:30 summer time), and an ambiguous time in
    the autumn repeat hour means its first occurrence.  Zones whose offset is not
    a multiple of 30 minutes (Asia/Kathmandu +05:45) land on the grid slot that
    contains the start of each half hour, i.e. up to 15 minutes early.
    """
    _check_monday(week_start)
    zone = _zone(tz)
    origin = dt.datetime(week_start.year, week_start.month, week_start.day, tzinfo=_UTC)
    mask = 0  # a Python int: numpy scalar shifts cost a microsecond per half hour
    one_minute = dt.timedelta(minutes=1)
    for slot in slots:
        if not isinstance(slot, Slot):
            raise ValueError(f"expected Slot, got {slot!r}")
        day = week_start + dt.timedelta(days=slot.weekday)
        for minute in range(slot.start, slot.end, SLOT_MINUTES):
            local = dt.datetime(
                day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone, fold=0
            )
            # astimezone first: subtracting two aware datetimes that share a
            # tzinfo would ignore their offsets.
            offset = (local.astimezone(_UTC) - origin) // one_minute
            index = (offset // SLOT_MINUTES) % SLOTS_PER_WEEK
            mask |= 1 << index
    words = [(mask >> (64 * word)) & 0xFFFF_FFFF_FFFF_FFFF for word in range(WORDS)]
    return np.array(words, dtype=np.uint64)


def _check_bitset(bits: np.ndarray, name: str = "bits") -> np.ndarray:
    array = np.asarray(bits)
    if array.shape[-1:] != (WORDS,) or array.dtype != np.uint64:
        raise ValueError(
            f"{name} must be uint64 with last dimension {WORDS}, got {array.dtype} {array.shape}"
        )
    if np.any(array[..., WORDS - 1] >> np.uint64(SLOTS_PER_WEEK - 64 * (WORDS - 1))):
        raise ValueError(f"{name} has bits set beyond slot {SLOTS_PER_WEEK - 1}")
    return array


def _slot_flags(bits: np.ndarray) -> np.ndarray:
    """(336,) bool, one flag per slot, independent of the machine's byte order."""
    as_bytes = np.ascontiguousarray(bits, dtype="<u8").view(np.uint8)
    return np.unpackbits(as_bytes, bitorder="little")[:SLOTS_PER_WEEK].astype(bool)


def bitset_to_intervals(bits: np.ndarray) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` UTC minute intervals within the week (0..10080).

    A range running over Sunday midnight stays split into ``(s, 10080)`` and
    ``(0, e)``: the caller knows the week recurs and can join them for display.
    """
    flags = _slot_flags(_check_bitset(bits))
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    return [
        (int(s) * SLOT_MINUTES, int(e) * SLOT_MINUTES) for s, e in zip(starts, ends, strict=True)
    ]


def overlap_minutes(a: np.ndarray, b: np.ndarray) -> int:
    """Common minutes per week of two availability bitsets."""
    a = _check_bitset(a, "a")
    b = _check_bitset(b, "b")
    return int(np.bitwise_count(a & b).sum()) * SLOT_MINUTES


def overlap_minutes_many(one: np.ndarray, many: np.ndarray) -> np.ndarray:
    """Common minutes of ``one`` (6,) with each row of ``many`` (n, 6): int64 (n,)."""
    one = _check_bitset(one, "one")
    many = _check_bitset(many, "many")
    if one.ndim != 1 or many.ndim != 2:
        raise ValueError("overlap_minutes_many expects one (6,) and many (n, 6)")
    return np.bitwise_count(many & one).sum(axis=1, dtype=np.int64) * SLOT_MINUTES


# --------------------------------------------------------------------------
# Packed profiles
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class MenteeRow:
    """One mentee as plain Python values, as Django hands them over."""

    id: int
    goal_area: int  # index into the goal-area taxonomy, -1 for none
    skills: Collection[int]  # wanted skill indices 0..127
    languages: Collection[int]  # language codes 0..63
    formats: Collection[int] | int  # Format flags, as a set or an OR-ed int
    availability: np.ndarray  # (6,) uint64 from week_bitset
    stage: int = Stage.EXPLORING
    switch_from: int = -1  # current role family, -1 unknown
    switch_to: int = -1  # target role family, -1 unknown
    city: int = -1  # -1: no city (in-person never counts)


@dataclass(frozen=True)
class MentorRow:
    """One mentor as plain Python values."""

    id: int
    goal_areas: Collection[int]  # goal-area indices 0..63 they mentor in
    skills: Collection[int]
    languages: Collection[int]
    formats: Collection[int] | int
    availability: np.ndarray
    years_experience: float
    free_places: int  # capacity minus active mentees
    accepting: bool = True
    switch_from: int = -1  # the switch the mentor made
    switch_to: int = -1
    city: int = -1
    track_record: float | None = None  # 0..1, None when unknown


def _frozen(array: Any, dtype: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """Own, contiguous, read-only copy, so derived caches can never go stale."""
    result = np.array(array, dtype=dtype, copy=True, order="C")
    if result.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {result.shape}")
    result.flags.writeable = False
    return result


def _check_unique_ids(ids: np.ndarray, who: str) -> None:
    if ids.size and np.unique(ids).size != ids.size:
        raise ValueError(f"{who} ids must be unique")


def _check_range(values: np.ndarray, low: int, high: int, name: str) -> None:
    if values.size and (values.min() < low or values.max() > high):
        raise ValueError(f"{name} must be within {low}..{high}")


@dataclass(frozen=True, eq=False)
class MenteeFeatures:
    """Column-oriented batch of mentees (arrays of length n)."""

    ids: np.ndarray  # int64
    goal_area: np.ndarray  # int16, -1 none
    skills: np.ndarray  # uint64 (n, SKILL_WORDS)
    languages: np.ndarray  # uint64
    formats: np.ndarray  # uint8 Format flags
    availability: np.ndarray  # uint64 (n, WORDS)
    stage: np.ndarray  # int8 Stage
    switch_from: np.ndarray  # int16, -1 unknown
    switch_to: np.ndarray  # int16, -1 unknown
    city: np.ndarray  # int32, -1 none
    _cache: dict[Any, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        n = len(np.asarray(self.ids))
        columns = {
            "ids": (np.int64, (n,)),
            "goal_area": (np.int16, (n,)),
            "skills": (np.uint64, (n, SKILL_WORDS)),
            "languages": (np.uint64, (n,)),
            "formats": (np.uint8, (n,)),
            "availability": (np.uint64, (n, WORDS)),
            "stage": (np.int8, (n,)),
            "switch_from": (np.int16, (n,)),
            "switch_to": (np.int16, (n,)),
            "city": (np.int32, (n,)),
        }
        for name, (dtype, shape) in columns.items():
            object.__setattr__(self, name, _frozen(getattr(self, name), dtype, shape, name))
        _check_unique_ids(self.ids, "mentee")
        _check_bitset(self.availability, "availability")
        _check_range(self.goal_area, -1, MAX_GOAL_AREAS - 1, "goal_area")
        _check_range(self.stage, 0, len(Stage) - 1, "stage")
        _check_range(self.formats, 0, int(Format.VIDEO | Format.CHAT | Format.IN_PERSON), "formats")

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def take(self, index: Any) -> MenteeFeatures:
        """Sub-batch by slice, index array or boolean mask."""
        return MenteeFeatures(**{name: getattr(self, name)[index] for name in _MENTEE_COLUMNS})


@dataclass(frozen=True, eq=False)
class MentorFeatures:
    """Column-oriented batch of mentors (arrays of length n)."""

    ids: np.ndarray  # int64
    goal_areas: np.ndarray  # uint64 bitmask
    skills: np.ndarray  # uint64 (n, SKILL_WORDS)
    languages: np.ndarray  # uint64
    formats: np.ndarray  # uint8
    availability: np.ndarray  # uint64 (n, WORDS)
    years_experience: np.ndarray  # float32
    switch_from: np.ndarray  # int16
    switch_to: np.ndarray  # int16
    city: np.ndarray  # int32
    free_places: np.ndarray  # int16
    accepting: np.ndarray  # bool
    track_record: np.ndarray  # float32 0..1
    # Word-major copies (word, n): the kernel streams one contiguous row per
    # word instead of striding through (n, 6) rows.
    availability_by_word: np.ndarray = field(init=False, repr=False)
    skills_by_word: np.ndarray = field(init=False, repr=False)
    # Derived scoring inputs, computed on first use (the arrays are read-only,
    # so they can never go stale).
    _cache: dict[Any, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        n = len(np.asarray(self.ids))
        columns = {
            "ids": (np.int64, (n,)),
            "goal_areas": (np.uint64, (n,)),
            "skills": (np.uint64, (n, SKILL_WORDS)),
            "languages": (np.uint64, (n,)),
            "formats": (np.uint8, (n,)),
            "availability": (np.uint64, (n, WORDS)),
            "years_experience": (np.float32, (n,)),
            "switch_from": (np.int16, (n,)),
            "switch_to": (np.int16, (n,)),
            "city": (np.int32, (n,)),
            "free_places": (np.int16, (n,)),
            "accepting": (np.bool_, (n,)),
            "track_record": (np.float32, (n,)),
        }
        for name, (dtype, shape) in columns.items():
            object.__setattr__(self, name, _frozen(getattr(self, name), dtype, shape, name))
        _check_unique_ids(self.ids, "mentor")
        _check_bitset(self.availability, "availability")
        _check_range(self.formats, 0, int(Format.VIDEO | Format.CHAT | Format.IN_PERSON), "formats")
        if not np.all(np.isfinite(self.years_experience)) or np.any(self.years_experience < 0):
            raise ValueError("years_experience must be finite and >= 0")
        if not np.all((self.track_record >= 0) & (self.track_record <= 1)):
            raise ValueError("track_record must be within 0..1")
        for name, source in (
            ("availability_by_word", self.availability),
            ("skills_by_word", self.skills),
        ):
            transposed = np.ascontiguousarray(source.T)
            transposed.flags.writeable = False
            object.__setattr__(self, name, transposed)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def take(self, index: Any) -> MentorFeatures:
        """Sub-batch by slice, index array or boolean mask."""
        return MentorFeatures(**{name: getattr(self, name)[index] for name in _MENTOR_COLUMNS})


_MENTEE_COLUMNS = (
    "ids",
    "goal_area",
    "skills",
    "languages",
    "formats",
    "availability",
    "stage",
    "switch_from",
    "switch_to",
    "city",
)
_MENTOR_COLUMNS = (
    "ids",
    "goal_areas",
    "skills",
    "languages",
    "formats",
    "availability",
    "years_experience",
    "switch_from",
    "switch_to",
    "city",
    "free_places",
    "accepting",
    "track_record",
)


def _mask64(indices: Iterable[int], limit: int, name: str) -> int:
    mask = 0
    for index in indices:
        index = int(index)
        if not 0 <= index < limit:
            raise ValueError(f"{name} index {index} outside 0..{limit - 1}")
        mask |= 1 << index
    return mask


def _skill_words(skills: Iterable[int]) -> list[int]:
    mask = _mask64(skills, MAX_SKILLS, "skill")
    return [(mask >> (64 * word)) & 0xFFFF_FFFF_FFFF_FFFF for word in range(SKILL_WORDS)]


def _format_flags(formats: Collection[int] | int) -> int:
    flags = int(formats) if isinstance(formats, (int, np.integer)) else _or_flags(formats)
    if not 0 <= flags <= int(Format.VIDEO | Format.CHAT | Format.IN_PERSON):
        raise ValueError(f"unknown format flags {formats!r}")
    return flags


def _or_flags(values: Iterable[int]) -> int:
    flags = 0
    for value in values:
        flags |= int(value)
    return flags


def _availability(row: MenteeRow | MentorRow) -> np.ndarray:
    return _check_bitset(np.asarray(row.availability), f"availability of {row.id}")


def pack_mentees(rows: Sequence[MenteeRow]) -> MenteeFeatures:
    """Column batch from plain rows (done once per batch, not in the hot path)."""
    return MenteeFeatures(
        ids=np.array([r.id for r in rows], dtype=np.int64),
        goal_area=np.array([r.goal_area for r in rows], dtype=np.int16),
        skills=np.array([_skill_words(r.skills) for r in rows], dtype=np.uint64).reshape(
            len(rows), SKILL_WORDS
        ),
        languages=np.array(
            [_mask64(r.languages, MAX_LANGUAGES, "language") for r in rows], dtype=np.uint64
        ),
        formats=np.array([_format_flags(r.formats) for r in rows], dtype=np.uint8),
        availability=np.array([_availability(r) for r in rows], dtype=np.uint64).reshape(
            len(rows), WORDS
        ),
        stage=np.array([int(r.stage) for r in rows], dtype=np.int8),
        switch_from=np.array([r.switch_from for r in rows], dtype=np.int16),
        switch_to=np.array([r.switch_to for r in rows], dtype=np.int16),
        city=np.array([r.city for r in rows], dtype=np.int32),
    )


def pack_mentors(rows: Sequence[MentorRow]) -> MentorFeatures:
    """Column batch from plain rows (done once per batch, not in the hot path)."""
    return MentorFeatures(
        ids=np.array([r.id for r in rows], dtype=np.int64),
        goal_areas=np.array(
            [_mask64(r.goal_areas, MAX_GOAL_AREAS, "goal area") for r in rows], dtype=np.uint64
        ),
        skills=np.array([_skill_words(r.skills) for r in rows], dtype=np.uint64).reshape(
            len(rows), SKILL_WORDS
        ),
        languages=np.array(
            [_mask64(r.languages, MAX_LANGUAGES, "language") for r in rows], dtype=np.uint64
        ),
        formats=np.array([_format_flags(r.formats) for r in rows], dtype=np.uint8),
        availability=np.array([_availability(r) for r in rows], dtype=np.uint64).reshape(
            len(rows), WORDS
        ),
        years_experience=np.array([r.years_experience for r in rows], dtype=np.float32),
        switch_from=np.array([r.switch_from for r in rows], dtype=np.int16),
        switch_to=np.array([r.switch_to for r in rows], dtype=np.int16),
        city=np.array([r.city for r in rows], dtype=np.int32),
        free_places=np.array([r.free_places for r in rows], dtype=np.int16),
        accepting=np.array([bool(r.accepting) for r in rows], dtype=np.bool_),
        track_record=np.array(
            [TRACK_RECORD_UNKNOWN if r.track_record is None else r.track_record for r in rows],
            dtype=np.float32,
        ),
    )


# --------------------------------------------------------------------------
# Scoring kernel
# --------------------------------------------------------------------------

ExcludeLike: TypeAlias = "np.ndarray | Collection[tuple[int, int]] | None"

# Tile size, tuned by bench/matching_scoring.py on the 2-core x86-64 machine
# with numpy 2.x: tiles of ~128k pairs amortise the ~1 us fixed cost of each
# of the ~50 numpy calls per tile, and rows of >= 4096 mentors matter because
# numpy's broadcast loops ((b, 1) op (m,)) were ~3x slower per element on
# rows of 2048 or less.
_TILE_PAIRS = 1 << 17
_TILE_WIDTH = 4096
_MAX_SCORE = np.float32(100.0)
_UNKNOWN_MENTEE = -1  # sentinel codes chosen so that "unknown" never equals
_UNKNOWN_MENTOR = -2  # anything on the other side, not even another unknown


def _narrow_uint(values: np.ndarray) -> np.dtype:
    """Smallest unsigned dtype holding every value: narrower AND/compare passes.

    Chosen from the mentor side only; mentee masks are cast to it with
    truncation, which only drops bits no mentor has and so cannot match.
    """
    top = int(values.max()) if values.size else 0
    for dtype in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.uint64)


def _experience_bucket(years: np.ndarray | float) -> np.ndarray:
    edges = np.asarray(EXPERIENCE_BUCKET_EDGES, dtype=np.float32)
    return np.searchsorted(edges, np.asarray(years, dtype=np.float32), side="right")


def _stage_track_points(mentors: MentorFeatures, points: Mapping[str, float]) -> np.ndarray:
    """(4, m) float32: stage fit + track record points, one row per mentee stage."""
    fit = np.asarray(STAGE_EXPERIENCE_FIT, dtype=np.float32)[
        :, _experience_bucket(mentors.years_experience)
    ]
    stage_points = fit * np.float32(points[FACTOR_STAGE])
    track_points = mentors.track_record * np.float32(points[FACTOR_TRACK])
    return np.ascontiguousarray(stage_points + track_points, dtype=np.float32)


@dataclass(frozen=True)
class _MentorSide:
    """Mentor columns shaped for broadcasting against (b, 1) mentee columns."""

    availability: np.ndarray  # (6, m) uint64
    skills: np.ndarray  # (SKILL_WORDS, m) uint64
    skill_words: tuple[int, ...]  # words that any mentor uses
    languages: np.ndarray  # (m,) narrowed
    goal_areas: np.ndarray  # (m,) narrowed
    formats: np.ndarray  # (m,) uint8
    city: np.ndarray  # (m,) int32, _UNKNOWN_MENTOR unless in-person with a city
    switch_from: np.ndarray  # (m,) int16
    switch_to: np.ndarray  # (m,) int16
    eligible: np.ndarray  # (m,) bool: accepting and has a free place


def _mentor_side(mentors: MentorFeatures) -> _MentorSide:
    """Weight-independent mentor preparation, cached on the (immutable) batch."""
    cached = mentors._cache.get("side")
    if cached is not None:
        return cached
    in_person = ((mentors.formats & np.uint8(Format.IN_PERSON)) != 0) & (mentors.city >= 0)
    side = _MentorSide(
        availability=mentors.availability_by_word,
        skills=mentors.skills_by_word,
        skill_words=tuple(w for w in range(SKILL_WORDS) if mentors.skills[:, w].any()),
        languages=mentors.languages.astype(_narrow_uint(mentors.languages)),
        goal_areas=mentors.goal_areas.astype(_narrow_uint(mentors.goal_areas)),
        formats=mentors.formats,
        city=np.where(in_person, mentors.city, _UNKNOWN_MENTOR).astype(np.int32),
        switch_from=_known(mentors.switch_from, _UNKNOWN_MENTOR),
        switch_to=_known(mentors.switch_to, _UNKNOWN_MENTOR),
        eligible=mentors.accepting & (mentors.free_places > 0),
    )
    mentors._cache["side"] = side
    return side


def _known(codes: np.ndarray, unknown: int) -> np.ndarray:
    return np.where(codes >= 0, codes, unknown).astype(np.int16)


@dataclass(frozen=True)
class _MenteeSide:
    """Mentee columns as (n, 1) so a row slice broadcasts over mentors."""

    availability: np.ndarray  # (n, 6)
    skills: np.ndarray  # (n, SKILL_WORDS)
    languages: np.ndarray
    goal_bit: np.ndarray  # 1 << goal_area, 0 without a goal
    remote_formats: np.ndarray  # formats without IN_PERSON (that one needs a city match)
    city: np.ndarray  # _UNKNOWN_MENTEE unless in-person with a city
    switch_from: np.ndarray
    switch_to: np.ndarray
    stage: np.ndarray  # (n,) intp
    skill_points: np.ndarray  # points per shared skill = weight / wanted
    format_points: np.ndarray  # points per shared format = weight / usable formats


def _usable_formats(formats: np.ndarray, city: np.ndarray) -> np.ndarray:
    """Formats that can count at all: in-person only with a known city."""
    in_person = np.uint8(Format.IN_PERSON)
    return np.where(city >= 0, formats, formats & ~in_person).astype(np.uint8)


def _mentee_side(
    mentees: MenteeFeatures, mentor: _MentorSide, points: Mapping[str, float]
) -> _MenteeSide:
    n = len(mentees)
    usable = _usable_formats(mentees.formats, mentees.city)
    in_person = (usable & np.uint8(Format.IN_PERSON)) != 0
    goal_bit = np.where(
        mentees.goal_area >= 0, np.uint64(1) << mentees.goal_area.clip(0).astype(np.uint64), 0
    ).astype(np.uint64)

    def column(values: np.ndarray, dtype: Any) -> np.ndarray:
        # astype wraps unsigned values modulo 2**bits: see _narrow_uint.
        return np.ascontiguousarray(np.asarray(values).astype(dtype)).reshape(n, 1)

    def per_unit(weight: float, count: np.ndarray) -> np.ndarray:
        # Nothing wanted / no usable format: nothing can be covered, 0 points.
        per = np.float32(weight) / np.maximum(count, 1).astype(np.float32)
        return column(np.where(count > 0, per, np.float32(0)), np.float32)

    return _MenteeSide(
        availability=mentees.availability,
        skills=mentees.skills,
        languages=column(mentees.languages, mentor.languages.dtype),
        goal_bit=column(goal_bit, mentor.goal_areas.dtype),
        remote_formats=column(mentees.formats & np.uint8(Format.VIDEO | Format.CHAT), np.uint8),
        city=column(np.where(in_person, mentees.city, _UNKNOWN_MENTEE), np.int32),
        switch_from=column(_known(mentees.switch_from, _UNKNOWN_MENTEE), np.int16),
        switch_to=column(_known(mentees.switch_to, _UNKNOWN_MENTEE), np.int16),
        stage=mentees.stage.astype(np.intp),
        skill_points=per_unit(points[FACTOR_SKILLS], np.bitwise_count(mentees.skills).sum(axis=1)),
        format_points=per_unit(points[FACTOR_FORMAT], np.bitwise_count(usable)),
    )


@dataclass(frozen=True)
class _Constants:
    """Weight-dependent numbers of one call."""

    base: np.ndarray  # (4, m) float32 from _stage_track_points
    overlap_per_slot: np.float32
    goal: np.float32
    switch_to: np.float32
    switch_both_extra: np.float32


def _constants(mentors: MentorFeatures, weights: Weights) -> _Constants:
    cache_key = ("constants", weights)
    cached = mentors._cache.get(cache_key)
    if cached is not None:
        return cached
    points = weights.points()
    constants = _Constants(
        base=_stage_track_points(mentors, points),
        overlap_per_slot=np.float32(points[FACTOR_OVERLAP] / _SATURATION_SLOTS),
        goal=np.float32(points[FACTOR_GOAL]),
        switch_to=np.float32(points[FACTOR_SWITCH] * SWITCH_TO_ONLY),
        switch_both_extra=np.float32(points[FACTOR_SWITCH] * (SWITCH_BOTH - SWITCH_TO_ONLY)),
    )
    # A few weight sets per batch at most (default + a programme's own).
    if len(mentors._cache) > 8:
        mentors._cache.clear()
    mentors._cache[cache_key] = constants
    return constants


class _Scratch:
    """Work planes of one tile, allocated once per call (per thread), not per tile."""

    def __init__(self, pairs: int) -> None:
        # One 8-byte-per-pair buffer is the uint64 plane and, once the 64-bit
        # work is done, the narrower plane for languages and goal areas.
        self._raw = np.empty(pairs * 8, dtype=np.uint8)
        self._u8 = np.empty((3, pairs), dtype=np.uint8)
        self._bool = np.empty((3, pairs), dtype=np.bool_)
        self._f32 = np.empty((2, pairs), dtype=np.float32)
        # numpy's uint8 minimum against a scalar is a slow scalar loop; against
        # an array of the same shape it is vectorised (~15x faster).
        self._saturation = np.full(pairs, _SATURATION_SLOTS, dtype=np.uint8)

    def tile(self, b: int, m: int) -> _Planes:
        size = b * m

        def plane(flat: np.ndarray) -> np.ndarray:
            return flat[:size].reshape(b, m)

        return _Planes(
            raw=self._raw,
            shape=(b, m),
            count=plane(self._u8[0]),
            words=plane(self._u8[1]),
            shared=plane(self._u8[2]),
            ok=plane(self._bool[0]),
            flag=plane(self._bool[1]),
            flag2=plane(self._bool[2]),
            score=plane(self._f32[0]),
            term=plane(self._f32[1]),
            saturation=plane(self._saturation),
        )


@dataclass(frozen=True)
class _Planes:
    """(b, m) views into _Scratch for one tile."""

    raw: np.ndarray
    shape: tuple[int, int]
    count: np.ndarray  # uint8 counters
    words: np.ndarray
    shared: np.ndarray
    ok: np.ndarray  # bool: the pair passes every hard filter so far
    flag: np.ndarray
    flag2: np.ndarray
    score: np.ndarray  # float32 points so far
    term: np.ndarray
    saturation: np.ndarray

    def wide(self, dtype: np.dtype) -> np.ndarray:
        b, m = self.shape
        return self.raw.view(dtype)[: b * m].reshape(b, m)


def _count_common_bits(
    mentee_words: np.ndarray,
    mentor_words: np.ndarray,
    word_ids: Sequence[int],
    cols: slice,
    p: _Planes,
) -> None:
    """p.count = popcount of (mentee word & mentor word) summed over ``word_ids``.

    Counts are capped at the saturation after every third word, so the uint8
    sum stays exact (saturation + 3 * 64 <= 255); callers that need the plain
    count (skills: at most 128) pass at most two words.
    """
    wide = p.wide(np.dtype(np.uint64))
    for n, word in enumerate(word_ids):
        np.bitwise_and(mentee_words[:, word : word + 1], mentor_words[word, cols], out=wide)
        if n == 0:
            np.bitwise_count(wide, out=p.count)
        else:
            np.bitwise_count(wide, out=p.words)
            np.add(p.count, p.words, out=p.count)
        if n % 3 == 2:
            np.minimum(p.count, p.saturation, out=p.count)


def _add_points(p: _Planes, values: np.ndarray, points_per_unit: Any) -> None:
    """p.score += values * points_per_unit (a scalar or a (b, 1) column)."""
    np.multiply(values, points_per_unit, out=p.term)
    np.add(p.score, p.term, out=p.score)


def _score_tile(
    out: np.ndarray,
    me: _MenteeSide,
    rows: slice,
    mo: _MentorSide,
    cols: slice,
    k: _Constants,
    scratch: _Scratch,
) -> None:
    """Score mentees[rows] x mentors[cols] into ``out`` (b, m).

    Each step is one numpy call over the whole tile into preallocated planes,
    in the narrowest dtype the values allow (uint8/bool), because the passes
    are bound by memory traffic.
    """
    p = scratch.tile(rows.stop - rows.start, cols.stop - cols.start)

    # Stage and track points: one row copy per mentee (a gather with np.take
    # or a tiny matmul costs several times more per element).
    for r, stage in enumerate(me.stage[rows]):
        np.copyto(p.score[r], k.base[stage, cols])

    # Formats come first because chat decides whether common hours are needed.
    # Remote formats are VIDEO=1 | CHAT=2, so "chat shared" is "shared >= 2".
    np.bitwise_and(me.remote_formats[rows], mo.formats[cols], out=p.shared)
    np.greater_equal(p.shared, np.uint8(Format.CHAT), out=p.flag2)

    # Common hours in half-hour slots, saturated; without any, only chat
    # (asynchronous) still lets the two talk.
    _count_common_bits(me.availability[rows], mo.availability, range(WORDS), cols, p)
    _add_points(p, p.count, k.overlap_per_slot)
    np.not_equal(p.count, 0, out=p.ok)
    np.logical_or(p.ok, p.flag2, out=p.ok)

    # Format fit: remote formats by bits, in-person only within one city.
    np.bitwise_count(p.shared, out=p.shared)
    np.equal(me.city[rows], mo.city[cols], out=p.flag)
    np.add(p.shared, p.flag, out=p.shared)
    _add_points(p, p.shared, me.format_points[rows])
    np.logical_and(p.ok, p.shared, out=p.ok)

    # A common language is mandatory.
    languages = p.wide(mo.languages.dtype)
    np.bitwise_and(me.languages[rows], mo.languages[cols], out=languages)
    np.logical_and(p.ok, languages, out=p.ok)

    # Goal area, then skill coverage (shared / wanted); one of them is needed.
    goal = p.wide(mo.goal_areas.dtype)
    np.bitwise_and(me.goal_bit[rows], mo.goal_areas[cols], out=goal)
    np.not_equal(goal, 0, out=p.flag)
    _add_points(p, p.flag, k.goal)
    if mo.skill_words:
        _count_common_bits(me.skills[rows], mo.skills, mo.skill_words, cols, p)
        _add_points(p, p.count, me.skill_points[rows])
        np.logical_or(p.flag, p.count, out=p.flag)
    np.logical_and(p.ok, p.flag, out=p.ok)

    # Same switch: the same target earns most, the same start as well the rest.
    np.equal(me.switch_to[rows], mo.switch_to[cols], out=p.flag)
    _add_points(p, p.flag, k.switch_to)
    np.equal(me.switch_from[rows], mo.switch_from[cols], out=p.flag2)
    np.logical_and(p.flag, p.flag2, out=p.flag)
    _add_points(p, p.flag, k.switch_both_extra)

    # The mentor accepts and has room.
    np.logical_and(p.ok, mo.eligible[cols], out=p.ok)
    _finish(out, p)


def _finish(out: np.ndarray, p: _Planes) -> None:
    """out = min(score, 100) where ok, else -1."""
    # Float rounding of the points must not push a perfect pair past 100.
    np.minimum(p.score, _MAX_SCORE, out=p.score)
    # score * ok - (not ok): exact and branch-free; numpy's masked writes
    # (np.where, copyto(where=)) cost more than the whole kernel.
    np.multiply(p.score, p.ok, out=p.score)
    np.logical_not(p.ok, out=p.flag)
    np.subtract(p.score, p.flag, out=p.score)
    # One plain copy into the strided output view: mixed-type ops writing
    # straight into it were several times slower.
    np.copyto(out, p.score)


def _positions(ids: np.ndarray, order: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of each wanted id in ``ids`` (sorted by ``order``), -1 when absent."""
    if ids.size == 0:
        return np.full(wanted.shape, -1, dtype=np.intp)
    at = np.searchsorted(ids, wanted, sorter=order).clip(max=ids.size - 1)
    found = order[at]
    return np.where(ids[found] == wanted, found, -1).astype(np.intp)


def _id_order(batch: MenteeFeatures | MentorFeatures) -> np.ndarray:
    cached = batch._cache.get("id_order")
    if cached is None:
        cached = np.argsort(batch.ids, kind="stable")
        batch._cache["id_order"] = cached
    return cached


def _same_person_pairs(
    mentees: MenteeFeatures, mentors: MentorFeatures
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) where a mentee is also in the mentor batch (ids are unique per side)."""
    cols = _positions(mentors.ids, _id_order(mentors), mentees.ids)
    rows = np.flatnonzero(cols >= 0)
    return rows, cols[rows]


def _excluded_pairs(
    exclude: ExcludeLike, mentees: MenteeFeatures, mentors: MentorFeatures
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of the pairs named by ``exclude``; ids not in the batches are ignored."""
    empty = np.empty(0, dtype=np.intp)
    if exclude is None:
        return empty, empty
    if isinstance(exclude, np.ndarray) and exclude.dtype == np.bool_:
        if exclude.shape != (len(mentees), len(mentors)):
            raise ValueError(
                f"exclude mask must have shape {(len(mentees), len(mentors))}, got {exclude.shape}"
            )
        rows, cols = np.nonzero(exclude)
        return rows.astype(np.intp), cols.astype(np.intp)
    pairs = np.asarray(list(exclude), dtype=np.int64).reshape(-1, 2)
    rows = _positions(mentees.ids, _id_order(mentees), pairs[:, 0])
    cols = _positions(mentors.ids, _id_order(mentors), pairs[:, 1])
    keep = (rows >= 0) & (cols >= 0)
    return rows[keep], cols[keep]


def exclusion_mask(
    pairs: Collection[tuple[int, int]], mentees: MenteeFeatures, mentors: MentorFeatures
) -> np.ndarray:
    """Bool (n_mentees, n_mentors) mask of (mentee_id, mentor_id) pairs; unknown ids ignored."""
    mask = np.zeros((len(mentees), len(mentors)), dtype=np.bool_)
    rows, cols = _excluded_pairs(pairs, mentees, mentors)
    mask[rows, cols] = True
    return mask


def _tile_shape(n_mentees: int, n_mentors: int) -> tuple[int, int]:
    # Few mentees (top_k for one person): one wide tile, fewer numpy calls.
    width = min(n_mentors, max(_TILE_WIDTH, _TILE_PAIRS // max(n_mentees, 1)))
    height = max(1, min(n_mentees, _TILE_PAIRS // width))
    return height, width


def _score_tiles(
    out: np.ndarray,
    me: _MenteeSide,
    mo: _MentorSide,
    k: _Constants,
    tiles: Sequence[tuple[slice, slice]],
    pairs_per_tile: int,
) -> None:
    scratch = _Scratch(pairs_per_tile)
    for rows, cols in tiles:
        _score_tile(out[rows, cols], me, rows, mo, cols, k, scratch)


def score_block(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: ExcludeLike = None,
    workers: int = 1,
) -> np.ndarray:
    """Scores of every mentee against every mentor: float32 (n_mentees, n_mentors).

    0..100 for possible pairs, -1 where a hard filter fails (no common language,
    no common format, no way to meet, mentor full or not accepting, neither goal
    area nor any skill in common, same person, or the pair is in ``exclude`` —
    a bool mask of the output's shape or a collection of (mentee_id, mentor_id)).

    ``workers`` > 1 scores tiles on that many threads (numpy releases the GIL
    inside its loops); the result is identical whatever the number.
    """
    n, m = len(mentees), len(mentors)
    out = np.empty((n, m), dtype=np.float32)
    if out.size == 0:
        return out
    mo = _mentor_side(mentors)
    k = _constants(mentors, weights)
    me = _mentee_side(mentees, mo, weights.points())
    height, width = _tile_shape(n, m)
    tiles = [
        (slice(r0, min(r0 + height, n)), slice(c0, min(c0 + width, m)))
        for r0 in range(0, n, height)
        for c0 in range(0, m, width)
    ]
    workers = max(1, min(int(workers), len(tiles)))
    if workers == 1:
        _score_tiles(out, me, mo, k, tiles, height * width)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            # Interleaved shares keep the threads' loads even; each tile is
            # written by exactly one thread.
            jobs = [
                pool.submit(_score_tiles, out, me, mo, k, tiles[w::workers], height * width)
                for w in range(workers)
            ]
            for job in jobs:
                job.result()
    for rows, cols in (
        _same_person_pairs(mentees, mentors),
        _excluded_pairs(exclude, mentees, mentors),
    ):
        out[rows, cols] = FAILED_SCORE
    return out


# --------------------------------------------------------------------------
# Top k
# --------------------------------------------------------------------------


def _tie_breaker(mentors: MentorFeatures) -> np.ndarray:
    """Per mentor, a 32-bit number that is larger for a smaller id (ids are unique)."""
    cached = mentors._cache.get("tie_breaker")
    if cached is None:
        rank = np.empty(len(mentors), dtype=np.int64)
        rank[_id_order(mentors)] = np.arange(len(mentors), dtype=np.int64)
        cached = np.int64(0xFFFF_FFFF) - rank
        mentors._cache["tie_breaker"] = cached
    return cached


def _top_k_row(row: np.ndarray, tie_breaker: np.ndarray, k: int) -> np.ndarray:
    """Indices of the best ``k`` possible mentors of one score row, best first.

    Sorting keys are unique int64s: the float32 score's bit pattern (which
    orders like the value for scores >= 0) above the id tie-breaker.  Unique
    keys make ties go to the smaller mentor id and keep argpartition fast;
    on raw scores, where most values are the same -1, it degrades badly.
    """
    candidates = np.flatnonzero(row >= 0)
    # Possible scores are sums of non-negative terms, so never -0.0 (whose
    # bit pattern would sort below every positive score).
    bits = row[candidates].view(np.int32).astype(np.int64)
    keys = (bits << 32) | tie_breaker[candidates]
    if candidates.size > k:
        best = np.argpartition(keys, candidates.size - k)[candidates.size - k :]
        candidates, keys = candidates[best], keys[best]
    return candidates[np.argsort(-keys)]


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")


def _row_exclude(
    exclude: ExcludeLike, mentee_index: int, n_mentees: int, n_mentors: int
) -> ExcludeLike:
    """The part of ``exclude`` that concerns one mentee, for a one-row score_block."""
    if isinstance(exclude, np.ndarray) and exclude.dtype == np.bool_:
        if exclude.shape == (n_mentors,):
            return exclude.reshape(1, n_mentors)
        if exclude.shape == (n_mentees, n_mentors):
            return exclude[mentee_index : mentee_index + 1]
        raise ValueError(
            f"exclude mask must have shape {(n_mentees, n_mentors)} or {(n_mentors,)}, "
            f"got {exclude.shape}"
        )
    return exclude  # pairs of ids, or None: resolved by id


def top_k(
    mentee_index: int,
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    k: int = 10,
    exclude: ExcludeLike = None,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[tuple[int, float]]:
    """Best ``k`` (mentor_id, score) for one mentee, best first, ties by mentor id.

    Only possible pairs are returned, so the list may be shorter than ``k``.
    """
    if not 0 <= mentee_index < len(mentees):
        raise IndexError(f"mentee_index {mentee_index} outside 0..{len(mentees) - 1}")
    _check_k(k)
    row = score_block(
        mentees.take(slice(mentee_index, mentee_index + 1)),
        mentors,
        weights=weights,
        exclude=_row_exclude(exclude, mentee_index, len(mentees), len(mentors)),
    )
    best = _top_k_row(row[0], _tie_breaker(mentors), k)
    return [(int(mentors.ids[j]), float(row[0, j])) for j in best]


def top_k_block(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    k: int = 10,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: ExcludeLike = None,
    block: int = 256,
    workers: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Best ``k`` mentors for every mentee: (mentor indices int64 (n, k), scores float32 (n, k)).

    Same order as :func:`top_k`; index -1 and score -1 where fewer than ``k``
    mentors are possible.  Mentees are scored ``block`` at a time so memory
    stays at block x n_mentors scores.
    """
    _check_k(k)
    n = len(mentees)
    indices = np.full((n, k), -1, dtype=np.int64)
    best = np.full((n, k), FAILED_SCORE, dtype=np.float32)
    is_mask = isinstance(exclude, np.ndarray) and exclude.dtype == np.bool_
    if is_mask and exclude.shape != (n, len(mentors)):
        raise ValueError(f"exclude mask must have shape {(n, len(mentors))}, got {exclude.shape}")
    for r0 in range(0, n, block):
        rows = slice(r0, min(r0 + block, n))
        part_exclude = exclude[rows] if isinstance(exclude, np.ndarray) else exclude
        scores = score_block(
            mentees.take(rows), mentors, weights=weights, exclude=part_exclude, workers=workers
        )
        tie_breaker = _tie_breaker(mentors)
        for r, row in enumerate(scores, start=rows.start):  # per mentee, vectorised over mentors
            chosen = _top_k_row(row, tie_breaker, k)
            indices[r, : chosen.size] = chosen
            best[r, : chosen.size] = row[chosen]
    return indices, best


# --------------------------------------------------------------------------
# Explanations and the plain-Python reference
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """One factor of a score: ``points = weight * value``; ``data`` holds the facts."""

    code: str
    weight: float  # points this factor gives at value 1 (weights normalised to 100)
    value: float  # 0..1
    points: float
    data: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class Explanation:
    mentee_id: int
    mentor_id: int
    score: float  # exactly score_block's value for the pair (-1 when it fails)
    passes: bool
    blockers: tuple[str, ...]
    factors: tuple[Factor, ...]


_FORMAT_NAMES = (
    (Format.VIDEO, "video"),
    (Format.CHAT, "chat"),
    (Format.IN_PERSON, "in_person"),
)


@dataclass(frozen=True)
class _PyMentee:
    id: int
    goal_area: int
    skills: int  # 128-bit Python int
    languages: int
    formats: int
    availability: int  # 336-bit Python int
    stage: int
    switch_from: int
    switch_to: int
    city: int


@dataclass(frozen=True)
class _PyMentor:
    id: int
    goal_areas: int
    skills: int
    languages: int
    formats: int
    availability: int
    years_experience: float
    experience_bucket: int
    switch_from: int
    switch_to: int
    city: int
    free_places: int
    accepting: bool
    track_record: float


def _big_int(words: Sequence[int]) -> int:
    return sum(int(word) << (64 * w) for w, word in enumerate(words))


def _bits(value: int) -> tuple[int, ...]:
    """Positions of the set bits, lowest first; steps once per set bit, not per position."""
    found = []
    while value:
        lowest = value & -value
        found.append(lowest.bit_length() - 1)
        value ^= lowest
    return tuple(found)


def _runs(value: int) -> list[tuple[int, int]]:
    """``[start, end)`` of each run of set bits, lowest first, once per run."""
    runs = []
    offset = 0
    while value:
        skip = (value & -value).bit_length() - 1
        value >>= skip
        length = (~value & (value + 1)).bit_length() - 1
        runs.append((offset + skip, offset + skip + length))
        value >>= length
        offset += skip + length
    return runs


def _py_mentees(mentees: MenteeFeatures) -> list[_PyMentee]:
    columns = [getattr(mentees, name).tolist() for name in _MENTEE_COLUMNS]
    return [
        _PyMentee(
            id=i,
            goal_area=g,
            skills=_big_int(sk),
            languages=la,
            formats=f,
            availability=_big_int(av),
            stage=st,
            switch_from=sf,
            switch_to=stt,
            city=c,
        )
        for i, g, sk, la, f, av, st, sf, stt, c in zip(*columns, strict=True)
    ]


def _py_mentors(mentors: MentorFeatures) -> list[_PyMentor]:
    columns = [getattr(mentors, name).tolist() for name in _MENTOR_COLUMNS]
    buckets = _experience_bucket(mentors.years_experience).tolist()
    return [
        _PyMentor(
            id=i,
            goal_areas=g,
            skills=_big_int(sk),
            languages=la,
            formats=f,
            availability=_big_int(av),
            years_experience=y,
            experience_bucket=bucket,
            switch_from=sf,
            switch_to=stt,
            city=c,
            free_places=fp,
            accepting=acc,
            track_record=tr,
        )
        for (i, g, sk, la, f, av, y, sf, stt, c, fp, acc, tr), bucket in zip(
            zip(*columns, strict=True), buckets, strict=True
        )
    ]


# Plain ints: IntFlag arithmetic costs microseconds per operation in the
# per-pair explanation code, which runs for every stored suggestion.
_IN_PERSON = int(Format.IN_PERSON)
_CHAT = int(Format.CHAT)
_REMOTE = int(Format.VIDEO | Format.CHAT)
_FORMAT_BITS = tuple((int(flag), name) for flag, name in _FORMAT_NAMES)
_STAGE_NAMES = tuple(stage.name.lower() for stage in Stage)
# Names of the formats set in each combination of flags.
_FORMAT_NAMES_OF = tuple(
    tuple(name for flag, name in _FORMAT_BITS if flags & flag) for flags in range(8)
)


def _shared_formats(e: _PyMentee, r: _PyMentor) -> tuple[int, int]:
    """(formats both can use, formats the mentee can use at all)."""
    usable = e.formats if e.city >= 0 else e.formats & ~_IN_PERSON
    shared = e.formats & r.formats & _REMOTE
    if usable & _IN_PERSON and r.formats & _IN_PERSON and r.city == e.city:
        shared |= _IN_PERSON
    return shared, usable


def _switch_value(e: _PyMentee, r: _PyMentor) -> tuple[float, str]:
    if e.switch_to >= 0 and e.switch_to == r.switch_to:
        if e.switch_from >= 0 and e.switch_from == r.switch_from:
            return SWITCH_BOTH, "both"
        return SWITCH_TO_ONLY, "to"
    return 0.0, "none"


def _pair_values(e: _PyMentee, r: _PyMentor) -> tuple[tuple[str, ...], dict[str, float]]:
    """Hard-filter blockers and factor values of one pair, in plain Python."""
    shared_formats, usable = _shared_formats(e, r)
    overlap_slots = (e.availability & r.availability).bit_count()
    goal = e.goal_area >= 0 and bool(r.goal_areas >> e.goal_area & 1)
    wanted = e.skills.bit_count()
    shared_skills = (e.skills & r.skills).bit_count()
    blockers = []
    if e.id == r.id:
        blockers.append(SAME_PERSON)
    if not r.accepting:
        blockers.append(NOT_ACCEPTING)
    if r.free_places <= 0:
        blockers.append(NO_FREE_PLACE)
    if not e.languages & r.languages:
        blockers.append(NO_COMMON_LANGUAGE)
    if not shared_formats:
        blockers.append(NO_COMMON_FORMAT)
    if not overlap_slots and not shared_formats & _CHAT:
        blockers.append(NO_COMMON_HOURS)
    if not goal and not shared_skills:
        blockers.append(NO_COMMON_GOAL)
    values = {
        FACTOR_GOAL: 1.0 if goal else 0.0,
        FACTOR_SKILLS: shared_skills / wanted if wanted else 0.0,
        FACTOR_OVERLAP: min(overlap_slots / _SATURATION_SLOTS, 1.0),
        FACTOR_FORMAT: shared_formats.bit_count() / usable.bit_count() if usable else 0.0,
        FACTOR_STAGE: STAGE_EXPERIENCE_FIT[e.stage][r.experience_bucket],
        FACTOR_SWITCH: _switch_value(e, r)[0],
        FACTOR_TRACK: r.track_record,
    }
    return tuple(blockers), values


def _is_excluded(exclude: ExcludeLike, i: int, j: int, mentee_id: int, mentor_id: int) -> bool:
    if exclude is None:
        return False
    if isinstance(exclude, np.ndarray) and exclude.dtype == np.bool_:
        return bool(exclude[i, j])
    return (mentee_id, mentor_id) in {(int(a), int(b)) for a, b in exclude}


def score_block_python(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: ExcludeLike = None,
) -> np.ndarray:
    """score_block written as a plain Python loop over pairs.

    The readable reference the vectorised kernel is tested against (equal to
    within float32 rounding) and the baseline of the benchmark.
    """
    points = weights.points()
    out = np.empty((len(mentees), len(mentors)), dtype=np.float32)
    py_mentors = _py_mentors(mentors)
    rows, cols = _excluded_pairs(exclude, mentees, mentors)
    excluded = set(zip(rows.tolist(), cols.tolist(), strict=True))
    for i, e in enumerate(_py_mentees(mentees)):
        for j, r in enumerate(py_mentors):
            blockers, values = _pair_values(e, r)
            if blockers or (i, j) in excluded:
                out[i, j] = FAILED_SCORE
            else:
                out[i, j] = sum(points[code] * value for code, value in values.items())
    return out


def explain_pair(
    mentees: MenteeFeatures,
    i: int,
    mentors: MentorFeatures,
    j: int,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    exclude: ExcludeLike = None,
) -> Explanation:
    """Why mentee ``i`` and mentor ``j`` score what they score, as structured facts.

    ``score`` is score_block's own value for the pair; each factor's points
    add up to it within float32 rounding.  ``exclude`` is read as in
    score_block (a mask over these batches, or (mentee_id, mentor_id) pairs).
    """
    e = _py_mentees(mentees.take(slice(i, i + 1)))[0]
    r = _py_mentors(mentors.take(slice(j, j + 1)))[0]
    excluded = _is_excluded(exclude, i, j, e.id, r.id)
    score = float(
        score_block(
            mentees.take(slice(i, i + 1)),
            mentors.take(slice(j, j + 1)),
            weights=weights,
            exclude=[(e.id, r.id)] if excluded else None,
        )[0, 0]
    )
    return _explain(e, r, score, excluded, weights.points())


class PairFacts(NamedTuple):
    """The part of an Explanation a stored suggestion keeps: what its sentences need.

    Built by ``PairFacts.of(explanation)``, or straight from the pair by
    :func:`pair_facts` without the Explanation; a test checks the two agree.
    """

    mentee_id: int
    mentor_id: int
    factors: tuple[tuple[str, float, float], ...]  # (code, weight, value) in factor order
    goal_area: int
    shared_skills: tuple[int, ...]
    wanted_skills: int  # how many skills the mentee wants
    minutes: int
    intervals: tuple[tuple[int, int], ...]  # common [start, end) minutes of the UTC week
    shared_formats: tuple[str, ...]
    stage: str
    years_experience: float
    switch: str

    @classmethod
    def of(cls, explanation: Explanation) -> PairFacts:
        data = {factor.code: factor.data for factor in explanation.factors}
        return cls(
            mentee_id=explanation.mentee_id,
            mentor_id=explanation.mentor_id,
            factors=tuple((f.code, f.weight, f.value) for f in explanation.factors),
            goal_area=data[FACTOR_GOAL]["goal_area"],
            shared_skills=data[FACTOR_SKILLS]["shared_skills"],
            wanted_skills=len(data[FACTOR_SKILLS]["wanted_skills"]),
            minutes=data[FACTOR_OVERLAP]["minutes"],
            intervals=data[FACTOR_OVERLAP]["intervals"],
            shared_formats=data[FACTOR_FORMAT]["shared_formats"],
            stage=data[FACTOR_STAGE]["stage"],
            years_experience=data[FACTOR_STAGE]["years_experience"],
            switch=data[FACTOR_SWITCH]["match"],
        )


def pair_facts(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    pairs: Iterable[tuple[int, int]],
    weights: Weights = DEFAULT_WEIGHTS,
) -> Iterator[PairFacts]:
    """``PairFacts.of(explain_pair(mentees, i, mentors, j))`` for each ``(i, j)``, faster.

    A refresh stores the facts of ~100,000 suggestions; building each one's
    Explanation (seven Factors with their data dicts) first cost ~4x more.
    One at a time, so that a caller which keeps only what it writes does not
    hold tens of thousands of them (the cyclic GC would rescan them all).
    """
    py_mentees = _py_mentees(mentees)
    py_mentors = _py_mentors(mentors)
    points = weights.points()
    return (_pair_facts(py_mentees[i], py_mentors[j], points) for i, j in pairs)


def _pair_facts(e: _PyMentee, r: _PyMentor, points: Mapping[str, float]) -> PairFacts:
    _blockers, values = _pair_values(e, r)
    shared_formats, _usable = _shared_formats(e, r)
    common = e.availability & r.availability
    return PairFacts(
        e.id,
        r.id,
        tuple([(code, points[code], value) for code, value in values.items()]),
        e.goal_area,
        _bits(e.skills & r.skills),
        e.skills.bit_count(),
        common.bit_count() * SLOT_MINUTES,
        tuple([(start * SLOT_MINUTES, end * SLOT_MINUTES) for start, end in _runs(common)]),
        _FORMAT_NAMES_OF[shared_formats],
        _STAGE_NAMES[e.stage],
        r.years_experience,
        _switch_value(e, r)[1],
    )


def _explain(
    e: _PyMentee, r: _PyMentor, score: float, excluded: bool, points: Mapping[str, float]
) -> Explanation:
    blockers, values = _pair_values(e, r)
    if excluded:
        blockers = (*blockers, EXCLUDED)
    shared_formats, usable = _shared_formats(e, r)
    common = e.availability & r.availability
    data = {
        FACTOR_GOAL: {"goal_area": e.goal_area, "matched": bool(values[FACTOR_GOAL])},
        FACTOR_SKILLS: {
            "shared_skills": _bits(e.skills & r.skills),
            "wanted_skills": _bits(e.skills),
            "missing_skills": _bits(e.skills & ~r.skills),
        },
        FACTOR_OVERLAP: {
            "minutes": common.bit_count() * SLOT_MINUTES,
            "intervals": tuple(
                (start * SLOT_MINUTES, end * SLOT_MINUTES) for start, end in _runs(common)
            ),
            "saturation_minutes": OVERLAP_SATURATION_MINUTES,
        },
        FACTOR_FORMAT: {
            "shared_formats": _FORMAT_NAMES_OF[shared_formats],
            "mentee_formats": _FORMAT_NAMES_OF[usable],
            "same_city": e.city >= 0 and e.city == r.city,
        },
        FACTOR_STAGE: {
            "stage": _STAGE_NAMES[e.stage],
            "years_experience": r.years_experience,
            "experience_bucket": r.experience_bucket,
        },
        FACTOR_SWITCH: {
            "match": _switch_value(e, r)[1],
            "mentee_from": e.switch_from,
            "mentee_to": e.switch_to,
            "mentor_from": r.switch_from,
            "mentor_to": r.switch_to,
        },
        FACTOR_TRACK: {"track_record": r.track_record},
    }
    factors = tuple(
        Factor(code, points[code], value, points[code] * value, data[code])
        for code, value in values.items()
    )
    return Explanation(
        mentee_id=e.id,
        mentor_id=r.id,
        score=score,
        passes=not blockers,
        blockers=blockers,
        factors=factors,
    )
