"""Pairs named by ids (exclusions, the same person on both sides) as (rows, cols)."""

from collections.abc import Collection
from typing import TypeAlias

import numpy as np

from matching.scoring.profiles import MenteeFeatures, MentorFeatures

# A bool mask over (mentees, mentors), or (mentee_id, mentor_id) pairs.
ExcludeLike: TypeAlias = "np.ndarray | Collection[tuple[int, int]] | None"


def _positions(ids: np.ndarray, order: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of each wanted id in ``ids`` (sorted by ``order``), -1 when absent."""
    if ids.size == 0:
        return np.full(wanted.shape, -1, dtype=np.intp)
    at = np.searchsorted(ids, wanted, sorter=order).clip(max=ids.size - 1)
    found = order[at]
    return np.where(ids[found] == wanted, found, -1).astype(np.intp)


def id_order(batch: MenteeFeatures | MentorFeatures) -> np.ndarray:
    cached = batch._cache.get("id_order")
    if cached is None:
        cached = np.argsort(batch.ids, kind="stable")
        batch._cache["id_order"] = cached
    return cached


def same_person_pairs(
    mentees: MenteeFeatures, mentors: MentorFeatures
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) where a mentee is also in the mentor batch (ids are unique per side)."""
    cols = _positions(mentors.ids, id_order(mentors), mentees.ids)
    rows = np.flatnonzero(cols >= 0)
    return rows, cols[rows]


def excluded_pairs(
    exclude: ExcludeLike, mentees: MenteeFeatures, mentors: MentorFeatures
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of the pairs named by ``exclude``; ids not in the batches are ignored."""
    empty = np.empty(0, dtype=np.intp)
    if exclude is None:
        return empty, empty
    if isinstance(exclude, np.ndarray) and exclude.dtype == np.bool_:
        if exclude.shape != (len(mentees), len(mentors)):
            raise ValueError(
                f"exclude mask must have shape {(len(mentees), len(mentors))}, got {exclude.shape}"
            )
        rows, cols = np.nonzero(exclude)
        return rows.astype(np.intp), cols.astype(np.intp)
    pairs = np.asarray(list(exclude), dtype=np.int64).reshape(-1, 2)
    rows = _positions(mentees.ids, id_order(mentees), pairs[:, 0])
    cols = _positions(mentors.ids, id_order(mentors), pairs[:, 1])
    keep = (rows >= 0) & (cols >= 0)
    return rows[keep], cols[keep]
