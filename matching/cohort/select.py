"""Each row's best ``k`` possible mentors, compiled: scoring.top_k_block's choice
without numpy's argpartition over whole blocks.

The same unique keys as matching.scoring.topk (the float32 score's bits above the
id tie-breaker), so the same mentors are kept; they come out by mentor index, the
order of Candidates, so no sort follows.  Without numba, scoring's numpy code.
"""

from __future__ import annotations

import numpy as np

from matching.scoring.topk import _top_k_dense, _top_k_row

try:
    import numba
except ImportError:  # pragma: no cover - numba is a dependency
    numba = None


if numba is not None:

    @numba.njit(nogil=True, cache=True, boundscheck=False)
    def _best_k(bits, scores, tie, k, first, out_mentee, out_mentor, out_score):  # pragma: no cover
        """Writes the best k of each row (a min-heap of keys) from position 0; returns
        how many pairs it wrote."""
        heap = np.empty(k, np.int64)
        where = np.empty(k, np.int64)
        written = 0
        for r in range(bits.shape[0]):
            size = 0
            for j in range(bits.shape[1]):
                if bits[r, j] < 0:  # a failed pair's -1.0 (sign bit set)
                    continue
                key = (np.int64(bits[r, j]) << 32) | tie[j]
                if size < k:
                    at = size
                    size += 1
                    while at > 0:  # sift up
                        parent = (at - 1) >> 1
                        if heap[parent] <= key:
                            break
                        heap[at], where[at] = heap[parent], where[parent]
                        at = parent
                    heap[at], where[at] = key, j
                elif key > heap[0]:
                    at = 0
                    while True:  # sift down from the root
                        child = 2 * at + 1
                        if child >= k:
                            break
                        if child + 1 < k and heap[child + 1] < heap[child]:
                            child += 1
                        if heap[child] >= key:
                            break
                        heap[at], where[at] = heap[child], where[child]
                        at = child
                    heap[at], where[at] = key, j
            kept = np.sort(where[:size])
            for t in range(size):
                out_mentee[written + t] = first + r
                out_mentor[written + t] = kept[t]
                out_score[written + t] = scores[r, kept[t]]
            written += size
        return written


def best_k(
    scores: np.ndarray, tie_breaker: np.ndarray, k: int, first: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mentee, mentor, score) of each row's best ``k`` possible pairs, rows numbered
    from ``first``, by mentee then mentor."""
    n, m = scores.shape
    if numba is None:  # pragma: no cover
        return _numpy_best_k(scores, tie_breaker, k, first)
    size = n * min(k, m)
    mentee = np.empty(size, np.int32)
    mentor = np.empty(size, np.int32)
    score = np.empty(size, np.float32)
    scores = np.ascontiguousarray(scores, dtype=np.float32)
    written = _best_k(
        scores.view(np.int32), scores, tie_breaker.astype(np.int64), k, first, mentee, mentor, score
    )
    return mentee[:written], mentor[:written], score[:written]


def _numpy_best_k(scores, tie_breaker, k, first):  # pragma: no cover - without numba
    if scores.shape[1] <= 2048:
        chosen, _ = _top_k_dense(scores, tie_breaker, k)
        rows = [row[row >= 0] for row in chosen]
    else:
        rows = [_top_k_row(row, tie_breaker, k) for row in scores]
    mentor = [np.sort(row) for row in rows]
    mentee = [np.full(row.size, first + r) for r, row in enumerate(mentor)]
    mentor = np.concatenate(mentor or [np.empty(0, np.int64)]).astype(np.int32)
    mentee = np.concatenate(mentee or [np.empty(0, np.int64)]).astype(np.int32)
    return mentee, mentor, scores[mentee - first, mentor]
