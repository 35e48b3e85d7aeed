"""Each side of a score block prepared for broadcasting: mentors as (m,) rows,
mentees as (b, 1) columns, and the weight-dependent numbers of one call."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.scoring.profiles import SKILL_WORDS, Format, MenteeFeatures, MentorFeatures
from matching.scoring.week import SATURATION_SLOTS
from matching.scoring.weights import (
    EXPERIENCE_BUCKET_EDGES,
    FACTOR_FORMAT,
    FACTOR_GOAL,
    FACTOR_OVERLAP,
    FACTOR_SKILLS,
    FACTOR_STAGE,
    FACTOR_SWITCH,
    FACTOR_TRACK,
    STAGE_EXPERIENCE_FIT,
    SWITCH_BOTH,
    SWITCH_TO_ONLY,
    Weights,
)

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


def experience_bucket(years: np.ndarray | float) -> np.ndarray:
    edges = np.asarray(EXPERIENCE_BUCKET_EDGES, dtype=np.float32)
    return np.searchsorted(edges, np.asarray(years, dtype=np.float32), side="right")


def _stage_track_points(mentors: MentorFeatures, points: Mapping[str, float]) -> np.ndarray:
    """(4, m) float32: stage fit + track record points, one row per mentee stage."""
    fit = np.asarray(STAGE_EXPERIENCE_FIT, dtype=np.float32)[
        :, experience_bucket(mentors.years_experience)
    ]
    stage_points = fit * np.float32(points[FACTOR_STAGE])
    track_points = mentors.track_record * np.float32(points[FACTOR_TRACK])
    return np.ascontiguousarray(stage_points + track_points, dtype=np.float32)


@dataclass(frozen=True)
class MentorSide:
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


def mentor_side(mentors: MentorFeatures) -> MentorSide:
    """Weight-independent mentor preparation, cached on the (immutable) batch."""
    cached = mentors._cache.get("side")
    if cached is not None:
        return cached
    in_person = ((mentors.formats & np.uint8(Format.IN_PERSON)) != 0) & (mentors.city >= 0)
    side = MentorSide(
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
class MenteeSide:
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


def mentee_side(
    mentees: MenteeFeatures, mentor: MentorSide, points: Mapping[str, float]
) -> MenteeSide:
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

    return MenteeSide(
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
class Constants:
    """Weight-dependent numbers of one call."""

    base: np.ndarray  # (4, m) float32 from _stage_track_points
    overlap_per_slot: np.float32
    goal: np.float32
    switch_to: np.float32
    switch_both_extra: np.float32


def weight_constants(mentors: MentorFeatures, weights: Weights) -> Constants:
    cache_key = ("constants", weights)
    cached = mentors._cache.get(cache_key)
    if cached is not None:
        return cached
    points = weights.points()
    constants = Constants(
        base=_stage_track_points(mentors, points),
        overlap_per_slot=np.float32(points[FACTOR_OVERLAP] / SATURATION_SLOTS),
        goal=np.float32(points[FACTOR_GOAL]),
        switch_to=np.float32(points[FACTOR_SWITCH] * SWITCH_TO_ONLY),
        switch_both_extra=np.float32(points[FACTOR_SWITCH] * (SWITCH_BOTH - SWITCH_TO_ONLY)),
    )
    # A few weight sets per batch at most (default + a programme's own).
    if len(mentors._cache) > 8:
        mentors._cache.clear()
    mentors._cache[cache_key] = constants
    return constants
