"""Candidate pairs of a cohort: each mentee's best mentors by the scorer.

``candidates_for`` scores one chunk of the cohort; ``Candidates.to_payload``
carries a chunk through a Celery result and ``candidates_concat`` joins the
chunks for the assignment (see the package docstring for the pipeline).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np

from matching import scoring
from matching.cohort import select
from matching.scoring import DEFAULT_WEIGHTS, MenteeFeatures, MentorFeatures, Weights
from matching.scoring.topk import _tie_breaker

# Candidates kept per mentee: enough that the best assignment almost never
# wants a pair beyond them (a mentee's 51st mentor only matters when the 50
# better ones are all taken), few enough that the flow has ~50 arcs per mentee.
DEFAULT_K = 50

# Scores computed at a time: a block of mentees against every mentor stays near
# 4 MB (52 mentees x 20,000 mentors; a whole cohort of 1,600 x 320 in one call).
_BLOCK_PAIRS = 1 << 20

# (mentee indices, mentor indices, their scores as a matrix, < 0 where a pair fails).
ScoreBlock: TypeAlias = tuple[np.ndarray, np.ndarray, np.ndarray]

_PAYLOAD_FORMAT = "cohort-candidates/1"
# Explicit little-endian dtypes, so a payload reads the same on any machine.
_INDEX = np.dtype("<i4")
_SCORE = np.dtype("<f4")


@dataclass(frozen=True, eq=False)
class Candidates:
    """Possible pairs with their scores, as parallel arrays.

    Always one row per pair, sorted by mentee then mentor: a pair given twice
    keeps its higher score.  So two Candidates with the same pairs are equal
    row for row, whatever order their chunks were scored or gathered in.
    """

    mentee: np.ndarray  # int32, mentee index in the cohort
    mentor: np.ndarray  # int32, mentor index in the mentor batch
    score: np.ndarray  # float32, 0..100

    def __post_init__(self) -> None:
        mentee = np.asarray(self.mentee)
        mentor = np.asarray(self.mentor)
        score = np.asarray(self.score)
        if not (mentee.ndim == mentor.ndim == score.ndim == 1):
            raise ValueError("Candidates arrays must be one-dimensional")
        if not (mentee.size == mentor.size == score.size):
            raise ValueError(
                f"Candidates arrays must have one length, got {mentee.size}, "
                f"{mentor.size} and {score.size}"
            )
        for name, values in (("mentee", mentee), ("mentor", mentor)):
            if values.size and not np.issubdtype(values.dtype, np.integer):
                raise ValueError(f"Candidates.{name} must hold integers, got {values.dtype}")
            if values.size and (values.min() < 0 or values.max() > np.iinfo(np.int32).max):
                raise ValueError(f"Candidates.{name} indices must be within 0..2**31-1")
        score = score.astype(np.float32)
        if score.size and not (np.all(np.isfinite(score)) and score.min() >= 0):
            raise ValueError("Candidate scores must be finite and >= 0 (pairs that pass)")
        mentee, mentor, score = _canonical(mentee.astype(np.int32), mentor.astype(np.int32), score)
        for name, values in (("mentee", mentee), ("mentor", mentor), ("score", score)):
            values = np.array(values, copy=True)  # own, read-only copies
            values.flags.writeable = False
            object.__setattr__(self, name, values)

    def __len__(self) -> int:
        return int(self.mentee.size)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Candidates):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, name), getattr(other, name))
            for name in ("mentee", "mentor", "score")
        )

    def to_payload(self) -> dict[str, Any]:
        """JSON-safe form for a Celery result: little-endian bytes in base64.

        About 16 bytes per pair (12 raw), e.g. 8 MB for 10,000 mentees x 50.
        """
        return {
            "format": _PAYLOAD_FORMAT,
            "size": len(self),
            "mentee": _encode(self.mentee, _INDEX),
            "mentor": _encode(self.mentor, _INDEX),
            "score": _encode(self.score, _SCORE),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Candidates:
        """The Candidates that ``to_payload`` gave; ValueError on anything else."""
        if not isinstance(payload, dict) or payload.get("format") != _PAYLOAD_FORMAT:
            raise ValueError(f"not a {_PAYLOAD_FORMAT} payload")
        size = payload.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError("payload size must be an int >= 0")
        return cls(
            mentee=_decode(payload.get("mentee"), _INDEX, size, "mentee"),
            mentor=_decode(payload.get("mentor"), _INDEX, size, "mentor"),
            score=_decode(payload.get("score"), _SCORE, size, "score"),
        )


def _encode(values: np.ndarray, dtype: np.dtype) -> str:
    return base64.b64encode(values.astype(dtype).tobytes()).decode("ascii")


def _decode(text: Any, dtype: np.dtype, size: int, name: str) -> np.ndarray:
    if not isinstance(text, str):
        raise ValueError(f"payload {name} must be a base64 string")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except ValueError as exc:  # binascii.Error and non-ASCII text are ValueErrors
        raise ValueError(f"payload {name} is not valid base64") from exc
    if len(raw) != size * dtype.itemsize:
        raise ValueError(f"payload {name} has {len(raw)} bytes, expected {size * dtype.itemsize}")
    return np.frombuffer(raw, dtype=dtype)


def _pair_keys(mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
    """One int64 per (mentee, mentor) that sorts like the pair (both are < 2**31)."""
    return (mentee.astype(np.int64) << 32) | mentor.astype(np.int64)


def _member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """``np.isin(keys, sorted_keys)`` for sorted unique ``sorted_keys``, by binary search
    (np.isin hashes all of ``keys`` even when ``sorted_keys`` is empty)."""
    if not sorted_keys.size or not keys.size:
        return np.zeros(keys.shape, dtype=bool)
    at = np.searchsorted(sorted_keys, keys).clip(max=sorted_keys.size - 1)
    return sorted_keys[at] == keys


def _canonical(
    mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sorted by (mentee, mentor), one per pair, a repeated pair keeping its best score."""
    keys = _pair_keys(mentee, mentor)
    if keys.size < 2 or np.all(keys[1:] > keys[:-1]):
        return mentee, mentor, score  # already canonical: candidates_for's own order
    order = np.lexsort((-score, keys))
    keys = keys[order]
    first = np.ones(keys.size, dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    keep = order[first]
    return mentee[keep], mentor[keep], score[keep]


def _empty_candidates() -> Candidates:
    return Candidates(
        mentee=np.empty(0, np.int32), mentor=np.empty(0, np.int32), score=np.empty(0, np.float32)
    )


def candidates_for(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    *,
    k: int = DEFAULT_K,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: scoring.ExcludeLike = None,
    first_mentee: int = 0,
    workers: int = 1,
    scorer: Callable[..., np.ndarray] = scoring.score_block,
) -> Candidates:
    """The best ``k`` mentors of each mentee (``scoring.top_k_block``'s choice), as Candidates.

    Only pairs that pass the hard filters are kept, so a mentee may have fewer
    than ``k`` or none.  ``first_mentee`` is the cohort index of ``mentees[0]``:
    a chunk of the cohort passes its offset, so that every chunk's candidates
    speak of cohort indices and can be joined by ``candidates_concat``.
    """
    if first_mentee < 0:
        raise ValueError(f"first_mentee must be >= 0, got {first_mentee}")
    n = len(mentees)
    if n == 0 or len(mentors) == 0:
        return _empty_candidates()
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if _is_mask(exclude) and exclude.shape != (n, len(mentors)):
        raise ValueError(f"exclude mask must have shape {(n, len(mentors))}, got {exclude.shape}")
    tie_breaker = _tie_breaker(mentors)
    block = max(1, _BLOCK_PAIRS // len(mentors))

    def best(start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = slice(start, min(start + block, n))
        scores = scorer(
            mentees.take(rows),
            mentors,
            weights=weights,
            exclude=exclude[rows] if _is_mask(exclude) else exclude,
        )
        # Each row's best k by mentor index: the canonical order, so gathering
        # the chunks needs no sort of the whole cohort.
        return select.best_k(scores, tie_breaker, k, first_mentee + start)

    starts = range(0, n, block)
    if workers > 1 and len(starts) > 1:
        # One pool for the whole chunk, the blocks shared out: the compiled scorer
        # and selection release the GIL (a pool per block cost more than it gave).
        with ThreadPoolExecutor(max_workers=int(workers)) as pool:
            parts = list(pool.map(best, starts))
    else:
        parts = [best(start) for start in starts]
    return Candidates(
        mentee=np.concatenate([p[0] for p in parts]),
        mentor=np.concatenate([p[1] for p in parts]),
        score=np.concatenate([p[2] for p in parts]),
    )


def rows_of(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: scoring.ExcludeLike = None,
    scorer: Callable[..., np.ndarray] = scoring.score_block,
    block: int = 512,
) -> Callable[[np.ndarray, np.ndarray], Candidates]:
    """``rows(mentee_indices, mentor_indices)``: every possible pair among them, as
    Candidates (what ``cohort.Pruned`` needs to prove an assignment optimal).
    ``exclude`` as in ``candidates_for``, but a mask must cover the whole cohort.

    ``rows.blocks(mentee_indices, mentor_indices)`` gives the same scores as
    blocks, ``(mentee indices, mentor indices, scores)`` with a score < 0 for a
    pair that fails the hard filters: the proof reads the pairs it needs from
    them without building every pair (certify.missing_pairs).
    """

    def blocks(who: np.ndarray, columns: np.ndarray) -> Iterator[ScoreBlock]:
        who, columns = np.asarray(who, np.int64), np.asarray(columns, np.int64)
        if not who.size or not columns.size:
            return
        some = mentors.take(columns)
        size = max(1, min(block, _BLOCK_PAIRS // columns.size))
        for start in range(0, who.size, size):
            part = who[start : start + size]
            mask = exclude[np.ix_(part, columns)] if _is_mask(exclude) else exclude
            yield part, columns, scorer(mentees.take(part), some, weights=weights, exclude=mask)

    def rows(who: np.ndarray, columns: np.ndarray) -> Candidates:
        parts = []
        for part, cols, scores in blocks(who, columns):
            r, c = np.nonzero(scores >= 0)
            parts.append((part[r], cols[c], scores[r, c]))
        if not parts:
            return _empty_candidates()
        return Candidates(
            mentee=np.concatenate([p[0] for p in parts]),
            mentor=np.concatenate([p[1] for p in parts]),
            score=np.concatenate([p[2] for p in parts]),
        )

    rows.blocks = blocks
    return rows


def _is_mask(exclude: scoring.ExcludeLike) -> bool:
    return isinstance(exclude, np.ndarray) and exclude.dtype == np.bool_


def candidates_concat(parts: Iterable[Candidates]) -> Candidates:
    """All the chunks' candidates as one; the order of the parts does not matter."""
    parts = sorted(parts, key=lambda part: int(part.mentee[0]) if len(part) else -1)
    if not parts:
        return _empty_candidates()
    return Candidates(
        mentee=np.concatenate([part.mentee for part in parts]),
        mentor=np.concatenate([part.mentor for part in parts]),
        score=np.concatenate([part.score for part in parts]),
    )
