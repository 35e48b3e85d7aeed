"""Helpers of bench/cohort.py: a synthetic cohort and the timed pipeline.

The people come from bench/_scoring.py's generator (the same one the scorer's
benchmark uses); mentors get 1..5 places each, as a programme would give them.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import _scoring
import numpy as np

from matching import cohort, compiled_kernel
from matching.scoring import MenteeFeatures, MentorFeatures

T = TypeVar("T")

MIN_PLACES = 1
MAX_PLACES = 5


@dataclass(frozen=True)
class Timed:
    wall: float  # seconds
    cpu: float  # seconds of this process, all threads


def timed(fn: Callable[[], T]) -> tuple[T, Timed]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, Timed(time.perf_counter() - wall, time.process_time() - cpu)


def cohort_data(
    n_mentees: int, n_mentors: int, seed: int = _scoring.SEED
) -> tuple[MenteeFeatures, MentorFeatures, np.ndarray]:
    """(mentees, mentors, capacity): each mentor's free places are their capacity."""
    rng = np.random.default_rng(seed)
    mentors = _scoring.random_mentors(rng, n_mentors)
    capacity = rng.integers(MIN_PLACES, MAX_PLACES + 1, size=n_mentors)
    mentors = dataclasses.replace(mentors, free_places=capacity.astype(np.int16))
    mentees = _scoring.random_mentees(rng, n_mentees)
    return mentees, mentors, capacity.astype(np.int64)


def chunks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


def chunk_payloads(
    mentees: MenteeFeatures, mentors: MentorFeatures, *, chunk: int, k: int, workers: int
) -> list[dict]:
    """What the chord's header tasks return: one JSON-safe payload per chunk of mentees."""
    return [
        cohort.candidates_for(
            mentees.take(rows),
            mentors,
            k=k,
            first_mentee=rows.start,
            workers=workers,
            scorer=compiled_kernel.score_block,  # what programmes.runs uses
        ).to_payload()
        for rows in chunks(len(mentees), chunk)
    ]


def gather(payloads: list[dict]) -> cohort.Candidates:
    """What the chord's callback does before the assignment."""
    return cohort.candidates_concat(cohort.Candidates.from_payload(p) for p in payloads)
