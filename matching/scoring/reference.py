"""The plain-Python view of a pair: what the explanations report, and
``score_block_python``, the same scoring as the kernel written as a readable loop
over pairs (the reference the kernel is tested against and the bench's baseline).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.scoring.pairs import ExcludeLike, excluded_pairs
from matching.scoring.profiles import (
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    Format,
    MenteeFeatures,
    MentorFeatures,
    Stage,
)
from matching.scoring.sides import experience_bucket
from matching.scoring.week import SATURATION_SLOTS
from matching.scoring.weights import (
    DEFAULT_WEIGHTS,
    FACTOR_FORMAT,
    FACTOR_GOAL,
    FACTOR_OVERLAP,
    FACTOR_SKILLS,
    FACTOR_STAGE,
    FACTOR_SWITCH,
    FACTOR_TRACK,
    FAILED_SCORE,
    NO_COMMON_FORMAT,
    NO_COMMON_GOAL,
    NO_COMMON_HOURS,
    NO_COMMON_LANGUAGE,
    NO_FREE_PLACE,
    NOT_ACCEPTING,
    SAME_PERSON,
    STAGE_EXPERIENCE_FIT,
    SWITCH_BOTH,
    SWITCH_TO_ONLY,
    Weights,
)

_FORMAT_NAMES = (
    (Format.VIDEO, "video"),
    (Format.CHAT, "chat"),
    (Format.IN_PERSON, "in_person"),
)


@dataclass(frozen=True)
class PyMentee:
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
class PyMentor:
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


def set_bits(value: int) -> tuple[int, ...]:
    """Positions of the set bits, lowest first; steps once per set bit, not per position."""
    found = []
    while value:
        lowest = value & -value
        found.append(lowest.bit_length() - 1)
        value ^= lowest
    return tuple(found)


def runs(value: int) -> list[tuple[int, int]]:
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


def plain_mentees(mentees: MenteeFeatures) -> list[PyMentee]:
    columns = [getattr(mentees, name).tolist() for name in MENTEE_COLUMNS]
    return [
        PyMentee(
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


def plain_mentors(mentors: MentorFeatures) -> list[PyMentor]:
    columns = [getattr(mentors, name).tolist() for name in MENTOR_COLUMNS]
    buckets = experience_bucket(mentors.years_experience).tolist()
    return [
        PyMentor(
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
STAGE_NAMES = tuple(stage.name.lower() for stage in Stage)
# Names of the formats set in each combination of flags.
FORMAT_NAMES_OF = tuple(
    tuple(name for flag, name in _FORMAT_BITS if flags & flag) for flags in range(8)
)


def pair_formats(e: PyMentee, r: PyMentor) -> tuple[int, int]:
    """(formats both can use, formats the mentee can use at all)."""
    usable = e.formats if e.city >= 0 else e.formats & ~_IN_PERSON
    shared = e.formats & r.formats & _REMOTE
    if usable & _IN_PERSON and r.formats & _IN_PERSON and r.city == e.city:
        shared |= _IN_PERSON
    return shared, usable


def switch_value(e: PyMentee, r: PyMentor) -> tuple[float, str]:
    if e.switch_to >= 0 and e.switch_to == r.switch_to:
        if e.switch_from >= 0 and e.switch_from == r.switch_from:
            return SWITCH_BOTH, "both"
        return SWITCH_TO_ONLY, "to"
    return 0.0, "none"


def pair_values(e: PyMentee, r: PyMentor) -> tuple[tuple[str, ...], dict[str, float]]:
    """Hard-filter blockers and factor values of one pair, in plain Python."""
    shared_formats, usable = pair_formats(e, r)
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
        FACTOR_OVERLAP: min(overlap_slots / SATURATION_SLOTS, 1.0),
        FACTOR_FORMAT: shared_formats.bit_count() / usable.bit_count() if usable else 0.0,
        FACTOR_STAGE: STAGE_EXPERIENCE_FIT[e.stage][r.experience_bucket],
        FACTOR_SWITCH: switch_value(e, r)[0],
        FACTOR_TRACK: r.track_record,
    }
    return tuple(blockers), values


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
    py_mentors = plain_mentors(mentors)
    rows, cols = excluded_pairs(exclude, mentees, mentors)
    excluded = set(zip(rows.tolist(), cols.tolist(), strict=True))
    for i, e in enumerate(plain_mentees(mentees)):
        for j, r in enumerate(py_mentors):
            blockers, values = pair_values(e, r)
            if blockers or (i, j) in excluded:
                out[i, j] = FAILED_SCORE
            else:
                out[i, j] = sum(points[code] * value for code, value in values.items())
    return out
