"""score_block compiled with numba: the same scores, several times faster.

matching.scoring.score_block (numpy) stays the reference, and the scorer
package stays pure numpy; this module compiles the same arithmetic as one loop
over pairs that stops at the first hard filter a pair fails (most pairs fail
one), so it reads each mentor once per mentee instead of ~50 numpy passes.
Every term is float32 and added in the kernel's order, so the scores are the
numpy kernel's to the bit (tests/matching/test_compiled_kernel.py compares them).

Without numba (it is a dependency, but a platform may lack a wheel), or with
MATCHING_KERNEL=numpy, score_block here is the numpy one.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from matching.scoring import DEFAULT_WEIGHTS, ExcludeLike, MenteeFeatures, MentorFeatures, Weights
from matching.scoring import score_block as numpy_score_block
from matching.scoring.pairs import excluded_pairs, same_person_pairs
from matching.scoring.sides import mentee_side, mentor_side, weight_constants
from matching.scoring.week import SATURATION_SLOTS
from matching.scoring.weights import FAILED_SCORE

try:
    import numba
    from numba import types
    from numba.extending import intrinsic
except ImportError:  # pragma: no cover - numba is a dependency
    numba = None

_MAX_SCORE = np.float32(100.0)


def available() -> bool:
    return numba is not None and os.environ.get("MATCHING_KERNEL", "numba") != "numpy"


if numba is not None:

    @intrinsic
    def _popcount(typingctx, value):
        """The CPU's popcount of a uint64 (llvm.ctpop)."""
        signature = types.uint64(types.uint64)

        def codegen(context, builder, sig, args):
            return builder.ctpop(args[0])

        return signature, codegen

    @numba.njit(nogil=True, cache=True, boundscheck=False)
    def _score_rows(
        out, rows_from, rows_to,
        e_avail, e_skills, e_lang, e_goal, e_remote, e_city, e_from, e_to, e_stage,
        e_skill_pts, e_format_pts,
        r_avail, r_skills, r_lang, r_goal, r_formats, r_city, r_from, r_to, r_eligible,
        base, overlap_pts, goal_pts, switch_to_pts, switch_both_pts, saturation,
    ):  # fmt: skip
        m = r_lang.shape[0]
        failed = np.float32(-1.0)
        for i in range(rows_from, rows_to):
            lang, goal_bit, remote = e_lang[i], e_goal[i], e_remote[i]
            s0, s1 = e_skills[i, 0], e_skills[i, 1]
            a0, a1, a2 = e_avail[i, 0], e_avail[i, 1], e_avail[i, 2]
            a3, a4, a5 = e_avail[i, 3], e_avail[i, 4], e_avail[i, 5]
            city, sw_from, sw_to, stage = e_city[i], e_from[i], e_to[i], e_stage[i]
            skill_pts, format_pts = e_skill_pts[i], e_format_pts[i]
            row = out[i - rows_from]
            brow = base[stage]
            for j in range(m):
                # Branch-free: a pair's filters are as good as random to the
                # branch predictor, and a mispredicted branch costs more than
                # computing every term.
                goal = np.uint64((goal_bit & r_goal[j]) != 0)
                skills = _popcount(s0 & r_skills[0, j]) + _popcount(s1 & r_skills[1, j])
                shared = remote & r_formats[j]
                common = (
                    _popcount(a0 & r_avail[0, j]) + _popcount(a1 & r_avail[1, j])
                    + _popcount(a2 & r_avail[2, j]) + _popcount(a3 & r_avail[3, j])
                    + _popcount(a4 & r_avail[4, j]) + _popcount(a5 & r_avail[5, j])
                )  # fmt: skip
                common = min(common, saturation)
                formats = _popcount(shared) + np.uint64(city == r_city[j])
                ok = (
                    r_eligible[j]
                    & np.uint64((lang & r_lang[j]) != 0)
                    & (goal | np.uint64(skills != 0))
                    & (np.uint64(common != 0) | np.uint64(shared >= 2))  # common hours, or chat
                    & np.uint64(formats != 0)
                )
                same_to = np.uint64(sw_to == r_to[j])
                both = same_to & np.uint64(sw_from == r_from[j])
                score = brow[j]
                score += np.float32(common) * overlap_pts
                score += np.float32(formats) * format_pts
                score += np.float32(goal) * goal_pts
                score += np.float32(skills) * skill_pts
                score += np.float32(same_to) * switch_to_pts
                score += np.float32(both) * switch_both_pts
                score = min(score, _MAX_SCORE)
                row[j] = score if ok != 0 else failed


def score_block(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: ExcludeLike = None,
    workers: int = 1,
) -> np.ndarray:
    """matching.scoring.score_block, compiled: the same signature and the same scores."""
    if not available():
        return numpy_score_block(
            mentees, mentors, weights=weights, exclude=exclude, workers=workers
        )
    n, m = len(mentees), len(mentors)
    out = np.empty((n, m), dtype=np.float32)
    if out.size == 0:
        return out
    args = _arguments(mentees, mentors, weights)
    workers = max(1, min(int(workers), n))
    bounds = np.linspace(0, n, workers + 1).astype(int)
    parts = [(int(a), int(b)) for a, b in itertools.pairwise(bounds.tolist()) if b > a]
    if len(parts) == 1:
        _score_rows(out, 0, n, *args)
    else:
        with ThreadPoolExecutor(max_workers=len(parts)) as pool:  # the loop releases the GIL
            jobs = [pool.submit(_score_rows, out[a:b], a, b, *args) for a, b in parts]
            for job in jobs:
                job.result()
    for rows, cols in (
        same_person_pairs(mentees, mentors),
        excluded_pairs(exclude, mentees, mentors),
    ):
        out[rows, cols] = FAILED_SCORE
    return out


def _arguments(mentees: MenteeFeatures, mentors: MentorFeatures, weights: Weights) -> tuple:
    """The kernel's arrays: the numpy kernel's prepared sides, in uniform dtypes."""
    cached = mentors._cache.get(("compiled", weights))
    if cached is None:
        mo = mentor_side(mentors)
        k = weight_constants(mentors, weights)
        cached = (
            mo,
            (
                mentors.availability_by_word,
                mentors.skills_by_word,
                mo.languages.astype(np.uint64),
                mo.goal_areas.astype(np.uint64),
                mo.formats.astype(np.uint64),
                mo.city,
                mo.switch_from.astype(np.int32),
                mo.switch_to.astype(np.int32),
                mo.eligible.astype(np.uint64),
                k.base,
                k.overlap_per_slot,
                k.goal,
                k.switch_to,
                k.switch_both_extra,
                np.uint64(SATURATION_SLOTS),
            ),
        )
        mentors._cache[("compiled", weights)] = cached
    mo, mentor_args = cached
    me = mentee_side(mentees, mo, weights.points())

    def flat(values: np.ndarray, dtype) -> np.ndarray:
        return np.ascontiguousarray(values.reshape(-1)).astype(dtype, copy=False)

    mentee_args = (
        np.ascontiguousarray(me.availability),
        np.ascontiguousarray(me.skills),
        flat(me.languages, np.uint64),
        flat(me.goal_bit, np.uint64),
        flat(me.remote_formats, np.uint64),
        flat(me.city, np.int32),
        flat(me.switch_from, np.int32),
        flat(me.switch_to, np.int32),
        flat(me.stage, np.intp),
        flat(me.skill_points, np.float32),
        flat(me.format_points, np.float32),
    )
    return (*mentee_args, *mentor_args[:9], *mentor_args[9:])
