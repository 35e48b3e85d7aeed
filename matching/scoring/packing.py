"""Plain rows into column batches: done once per batch, not in the hot path."""

from collections.abc import Collection, Iterable, Sequence

import numpy as np

from matching.scoring.profiles import (
    MAX_GOAL_AREAS,
    MAX_LANGUAGES,
    MAX_SKILLS,
    SKILL_WORDS,
    Format,
    MenteeFeatures,
    MenteeRow,
    MentorFeatures,
    MentorRow,
)
from matching.scoring.week import WORDS, check_bitset
from matching.scoring.weights import TRACK_RECORD_UNKNOWN


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


def _availability(rows: Sequence[MenteeRow | MentorRow]) -> np.ndarray:
    """(n, WORDS) uint64, checked once for all rows; a bad row is named by its id."""
    try:
        stacked = np.array([row.availability for row in rows], dtype=np.uint64)
        if stacked.shape == (len(rows), WORDS) and all(
            np.asarray(row.availability).dtype == np.uint64 for row in rows
        ):
            return check_bitset(stacked, "availability")
    except (TypeError, ValueError, OverflowError):
        pass
    for row in rows:
        check_bitset(np.asarray(row.availability), f"availability of {row.id}")
    return np.zeros((0, WORDS), dtype=np.uint64)  # never reached: a row above raised


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
        availability=_availability(rows),
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
        availability=_availability(rows),
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
