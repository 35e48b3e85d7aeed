"""People as the scorer sees them: plain rows, and column batches of many.

Django code turns model rows into ``MenteeRow`` / ``MentorRow`` values and packs
them once (matching.scoring.packing); the kernel works on the column batches.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.scoring.week import WORDS, check_bitset

SKILL_WORDS = 2  # 128 skills
MAX_SKILLS = 64 * SKILL_WORDS
MAX_LANGUAGES = 64
MAX_GOAL_AREAS = 64


class Format(enum.IntFlag):
    VIDEO = 1
    CHAT = 2
    IN_PERSON = 4


class Stage(enum.IntEnum):
    EXPLORING = 0
    LEARNING = 1
    JOB_SEARCH = 2
    FIRST_JOB = 3


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
        check_bitset(self.availability, "availability")
        _check_range(self.goal_area, -1, MAX_GOAL_AREAS - 1, "goal_area")
        _check_range(self.stage, 0, len(Stage) - 1, "stage")
        _check_range(self.formats, 0, int(Format.VIDEO | Format.CHAT | Format.IN_PERSON), "formats")

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def take(self, index: Any) -> MenteeFeatures:
        """Sub-batch by slice, index array or boolean mask."""
        return MenteeFeatures(**{name: getattr(self, name)[index] for name in MENTEE_COLUMNS})


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
        check_bitset(self.availability, "availability")
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
        return MentorFeatures(**{name: getattr(self, name)[index] for name in MENTOR_COLUMNS})


MENTEE_COLUMNS = (
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
MENTOR_COLUMNS = (
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
