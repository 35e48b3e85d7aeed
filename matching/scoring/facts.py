"""Why a pair scores what it scores, as structured facts (Django renders the sentences)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from matching.scoring.kernel import score_block
from matching.scoring.pairs import ExcludeLike
from matching.scoring.profiles import MenteeFeatures, MentorFeatures
from matching.scoring.reference import (
    FORMAT_NAMES_OF,
    STAGE_NAMES,
    PyMentee,
    PyMentor,
    pair_formats,
    pair_values,
    plain_mentees,
    plain_mentors,
    runs,
    set_bits,
    switch_value,
)
from matching.scoring.week import SLOT_MINUTES
from matching.scoring.weights import (
    DEFAULT_WEIGHTS,
    EXCLUDED,
    FACTOR_FORMAT,
    FACTOR_GOAL,
    FACTOR_OVERLAP,
    FACTOR_SKILLS,
    FACTOR_STAGE,
    FACTOR_SWITCH,
    FACTOR_TRACK,
    OVERLAP_SATURATION_MINUTES,
    Weights,
)


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
    e = plain_mentees(mentees.take(slice(i, i + 1)))[0]
    r = plain_mentors(mentors.take(slice(j, j + 1)))[0]
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


def blockers_against(
    mentees: MenteeFeatures, i: int, mentors: MentorFeatures
) -> list[tuple[int, tuple[str, ...]]]:
    """Each mentor's hard-filter blockers for mentee ``i``: ``[(mentor_id, blockers)]``.

    The same rules as the card's explain_pair, for a whole list at once (why a
    mentee has no suggestions); exclusions are the caller's, who knows the pairs.
    """
    e = plain_mentees(mentees.take(slice(i, i + 1)))[0]
    return [(r.id, pair_values(e, r)[0]) for r in plain_mentors(mentors)]


def _is_excluded(exclude: ExcludeLike, i: int, j: int, mentee_id: int, mentor_id: int) -> bool:
    if exclude is None:
        return False
    if isinstance(exclude, np.ndarray) and exclude.dtype == np.bool_:
        return bool(exclude[i, j])
    return (mentee_id, mentor_id) in {(int(a), int(b)) for a, b in exclude}


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
    pairs = list(pairs)
    # Only the people named by the pairs become Python values: one mentee's ten
    # suggestions among 100,000 mentors converted every mentor first (~3 s).
    py_mentees = _plain_by_index(mentees, {i for i, _j in pairs}, plain_mentees)
    py_mentors = _plain_by_index(mentors, {j for _i, j in pairs}, plain_mentors)
    points = weights.points()
    return (_pair_facts(py_mentees[i], py_mentors[j], points) for i, j in pairs)


def _plain_by_index(batch: Any, indices: set[int], plain: Any) -> dict[int, Any]:
    chosen = sorted(indices)
    if len(chosen) == len(batch):
        return dict(enumerate(plain(batch)))
    return dict(zip(chosen, plain(batch.take(np.asarray(chosen, dtype=np.intp))), strict=True))


def _pair_facts(e: PyMentee, r: PyMentor, points: Mapping[str, float]) -> PairFacts:
    _blockers, values = pair_values(e, r)
    shared_formats, _usable = pair_formats(e, r)
    common = e.availability & r.availability
    return PairFacts(
        e.id,
        r.id,
        tuple([(code, points[code], value) for code, value in values.items()]),
        e.goal_area,
        set_bits(e.skills & r.skills),
        e.skills.bit_count(),
        common.bit_count() * SLOT_MINUTES,
        tuple([(start * SLOT_MINUTES, end * SLOT_MINUTES) for start, end in runs(common)]),
        FORMAT_NAMES_OF[shared_formats],
        STAGE_NAMES[e.stage],
        r.years_experience,
        switch_value(e, r)[1],
    )


def _explain(
    e: PyMentee, r: PyMentor, score: float, excluded: bool, points: Mapping[str, float]
) -> Explanation:
    blockers, values = pair_values(e, r)
    if excluded:
        blockers = (*blockers, EXCLUDED)
    shared_formats, usable = pair_formats(e, r)
    common = e.availability & r.availability
    data = {
        FACTOR_GOAL: {"goal_area": e.goal_area, "matched": bool(values[FACTOR_GOAL])},
        FACTOR_SKILLS: {
            "shared_skills": set_bits(e.skills & r.skills),
            "wanted_skills": set_bits(e.skills),
            "missing_skills": set_bits(e.skills & ~r.skills),
        },
        FACTOR_OVERLAP: {
            "minutes": common.bit_count() * SLOT_MINUTES,
            "intervals": tuple(
                (start * SLOT_MINUTES, end * SLOT_MINUTES) for start, end in runs(common)
            ),
            "saturation_minutes": OVERLAP_SATURATION_MINUTES,
        },
        FACTOR_FORMAT: {
            "shared_formats": FORMAT_NAMES_OF[shared_formats],
            "mentee_formats": FORMAT_NAMES_OF[usable],
            "same_city": e.city >= 0 and e.city == r.city,
        },
        FACTOR_STAGE: {
            "stage": STAGE_NAMES[e.stage],
            "years_experience": r.years_experience,
            "experience_bucket": r.experience_bucket,
        },
        FACTOR_SWITCH: {
            "match": switch_value(e, r)[1],
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
