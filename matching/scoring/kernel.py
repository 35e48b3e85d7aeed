"""The vectorised scorer: every mentee of a block against every mentor, in tiles.

0..100 for a possible pair, ``-1`` for a pair that fails a hard filter; never
NaN or ``-inf``, so callers can sort and compare without special cases.
matching.scoring.reference is the same scoring as a plain loop over pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.scoring.pairs import ExcludeLike, excluded_pairs, same_person_pairs
from matching.scoring.profiles import Format, MenteeFeatures, MentorFeatures
from matching.scoring.sides import (
    Constants,
    MenteeSide,
    MentorSide,
    mentee_side,
    mentor_side,
    weight_constants,
)
from matching.scoring.week import SATURATION_SLOTS, WORDS
from matching.scoring.weights import DEFAULT_WEIGHTS, FAILED_SCORE, Weights

# Tile size, tuned by bench/_scoring.py on the 2-core x86-64 machine
# with numpy 2.x: tiles of ~128k pairs amortise the ~1 us fixed cost of each
# of the ~50 numpy calls per tile, and rows of >= 4096 mentors matter because
# numpy's broadcast loops ((b, 1) op (m,)) were ~3x slower per element on
# rows of 2048 or less.
_TILE_PAIRS = 1 << 17
_TILE_WIDTH = 4096
_MAX_SCORE = np.float32(100.0)


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
        self._saturation = np.full(pairs, SATURATION_SLOTS, dtype=np.uint8)

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
    me: MenteeSide,
    rows: slice,
    mo: MentorSide,
    cols: slice,
    k: Constants,
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


def _tile_shape(n_mentees: int, n_mentors: int) -> tuple[int, int]:
    # Few mentees (top_k for one person): one wide tile, fewer numpy calls.
    width = min(n_mentors, max(_TILE_WIDTH, _TILE_PAIRS // max(n_mentees, 1)))
    height = max(1, min(n_mentees, _TILE_PAIRS // width))
    return height, width


def _score_tiles(
    out: np.ndarray,
    me: MenteeSide,
    mo: MentorSide,
    k: Constants,
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
    mo = mentor_side(mentors)
    k = weight_constants(mentors, weights)
    me = mentee_side(mentees, mo, weights.points())
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
        same_person_pairs(mentees, mentors),
        excluded_pairs(exclude, mentees, mentors),
    ):
        out[rows, cols] = FAILED_SCORE
    return out
