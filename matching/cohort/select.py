"""Each row's best ``k`` possible mentors, compiled: scoring.top_k_block's choice
without numpy's argpartition over whole blocks.

The same unique keys as matching.scoring.topk (the float32 score's bits above the
id tie-breaker), so the same mentors are kept; they come out by mentor index, the
order of Candidates, so no sort follows.  One pass per row: the k-th best key
from a min-heap, then the pairs at or above it in the row's order.  Without
numba, scoring's numpy code.
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
        """Writes the best k of each row from position 0, by mentor; returns how many
        pairs it wrote. The k-th best key is the root of a min-heap of the row's
        keys; the pairs at or above it are then written in the row's own order."""
        m = bits.shape[1]
        passing = np.empty(m, np.int64)
        keys = np.empty(m, np.int64)
        heap = np.empty(k, np.int64)
        written = 0
        for r in range(bits.shape[0]):
            size = 0
            for j in range(m):  # a failed pair's -1.0 has the sign bit set
                passing[size] = j
                size += bits[r, j] >= 0
            if size > k:
                for t in range(size):
                    j = passing[t]
                    keys[t] = (np.int64(bits[r, j]) << 32) | tie[j]
                for t in range(k):
                    key, at = keys[t], t
                    while at > 0:  # sift up
                        parent = (at - 1) >> 1
                        if heap[parent] <= key:
                            break
                        heap[at] = heap[parent]
                        at = parent
                    heap[at] = key
                for t in range(k, size):
                    key = keys[t]
                    if key <= heap[0]:
                        continue
                    at = 0
                    while True:  # sift down from the root
                        child = 2 * at + 1
                        if child >= k:
                            break
                        if child + 1 < k and heap[child + 1] < heap[child]:
                            child += 1
                        if heap[child] >= key:
                            break
                        heap[at] = heap[child]
                        at = child
                    heap[at] = key
                threshold, kept = heap[0], 0
                for t in range(size):
                    if keys[t] >= threshold:
                        passing[kept] = passing[t]
                        kept += 1
                size = kept
            for t in range(size):
                j = passing[t]
                out_mentee[written + t] = first + r
                out_mentor[written + t] = j
                out_score[written + t] = scores[r, j]
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
