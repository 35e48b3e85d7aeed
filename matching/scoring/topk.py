"""The best k mentors of each mentee, ties broken by the smaller mentor id."""

from collections.abc import Callable

import numpy as np

from matching.scoring.kernel import score_block
from matching.scoring.pairs import ExcludeLike, id_order
from matching.scoring.profiles import MenteeFeatures, MentorFeatures
from matching.scoring.weights import DEFAULT_WEIGHTS, FAILED_SCORE, Weights


def _tie_breaker(mentors: MentorFeatures) -> np.ndarray:
    """Per mentor, a 32-bit number that is larger for a smaller id (ids are unique)."""
    cached = mentors._cache.get("tie_breaker")
    if cached is None:
        rank = np.empty(len(mentors), dtype=np.int64)
        rank[id_order(mentors)] = np.arange(len(mentors), dtype=np.int64)
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


# Up to this many mentors a block's rows are ranked all at once (a cohort of a few
# hundred mentors: ~1,600 per-row calls cost more than the scoring); beyond it
# row by row, on the few possible pairs only.
_DENSE_MENTORS = 2048


def _top_k_dense(
    scores: np.ndarray, tie_breaker: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """_top_k_row of every row of ``scores`` at once: (indices, scores) (b, min(k, m)),
    -1 past a row's possible pairs. The same unique keys, so the same choice."""
    bits = scores.view(np.int32).astype(np.int64)
    keys = np.where(scores >= 0, (bits << 32) | tie_breaker, -1)
    width = min(k, scores.shape[1])
    top = np.argpartition(-keys, width - 1, axis=1)[:, :width]
    top_keys = np.take_along_axis(keys, top, axis=1)
    order = np.argsort(-top_keys, axis=1)
    top = np.take_along_axis(top, order, axis=1)
    possible = np.take_along_axis(top_keys, order, axis=1) >= 0
    chosen = np.where(possible, top, -1)
    return chosen, np.where(possible, np.take_along_axis(scores, top, axis=1), FAILED_SCORE)


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
    scorer: Callable[..., np.ndarray] = score_block,
) -> tuple[np.ndarray, np.ndarray]:
    """Best ``k`` mentors for every mentee: (mentor indices int64 (n, k), scores float32 (n, k)).

    Same order as :func:`top_k`; index -1 and score -1 where fewer than ``k``
    mentors are possible.  Mentees are scored ``block`` at a time so memory
    stays at block x n_mentors scores. ``scorer`` is score_block or a function
    that gives the same scores (matching.compiled_kernel).
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
        scores = scorer(
            mentees.take(rows), mentors, weights=weights, exclude=part_exclude, workers=workers
        )
        tie_breaker = _tie_breaker(mentors)
        if len(mentors) <= _DENSE_MENTORS:
            chosen, chosen_scores = _top_k_dense(scores, tie_breaker, k)
            indices[rows, : chosen.shape[1]] = chosen
            best[rows, : chosen.shape[1]] = chosen_scores
            continue
        for r, row in enumerate(scores, start=rows.start):  # per mentee, vectorised over mentors
            chosen = _top_k_row(row, tie_breaker, k)
            indices[r, : chosen.size] = chosen
            best[r, : chosen.size] = row[chosen]
    return indices, best
