"""Shared data of the scorer's tests: rows, random batches, bitsets built by hand.

Independent of the scorer's own helpers, so the tests check it rather than reuse it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

from matching import scoring
from matching.scoring import (
    SLOTS_PER_WEEK,
    WORDS,
    Format,
    MenteeFeatures,
    MenteeRow,
    MentorFeatures,
    MentorRow,
    Slot,
    Stage,
    explain_pair,
    pack_mentees,
    pack_mentors,
    score_block,
)

FAST = settings(max_examples=40, deadline=None)

# Mondays around Berlin's spring change (last Sunday of March: 2026-03-29, 2027-03-28).
BEFORE_DST = {2026: dt.date(2026, 3, 23), 2027: dt.date(2027, 3, 22)}
AFTER_DST = {2026: dt.date(2026, 3, 30), 2027: dt.date(2027, 3, 29)}
WEEK = dt.date(2026, 3, 23)


def bits(*slots: int) -> np.ndarray:
    """Bitset with the given UTC slot indices set."""
    out = np.zeros(WORDS, dtype=np.uint64)
    for slot in slots:
        out[slot // 64] |= np.uint64(1) << np.uint64(slot % 64)
    return out


def flags(bitset: np.ndarray) -> np.ndarray:
    """(336,) bool per slot, via Python ints (independent of the module's helpers)."""
    value = sum(int(word) << (64 * w) for w, word in enumerate(bitset))
    return np.array([bool(value >> s & 1) for s in range(SLOTS_PER_WEEK)])


def from_int(value: int) -> np.ndarray:
    return np.array([(value >> (64 * w)) & (2**64 - 1) for w in range(WORDS)], dtype=np.uint64)


def etc_zone(hours_east: int) -> str:
    """IANA fixed-offset zone for UTC+hours (the Etc/GMT names have inverted signs)."""
    return f"Etc/GMT{-hours_east:+d}"


MONDAY_EVENING = bits(*range(36, 42))  # Monday 18:00-21:00 UTC, 180 minutes


def mentee_row(**changes) -> MenteeRow:
    row = MenteeRow(
        id=1,
        goal_area=2,
        skills=[3, 70],
        languages={0},
        formats={Format.VIDEO},
        availability=MONDAY_EVENING,
        stage=Stage.JOB_SEARCH,
        switch_from=4,
        switch_to=5,
        city=7,
    )
    return replace(row, **changes)


def mentor_row(**changes) -> MentorRow:
    row = MentorRow(
        id=101,
        goal_areas=[2, 9],
        skills=[3, 70, 11],
        languages={0, 1},
        formats={Format.VIDEO, Format.CHAT},
        availability=MONDAY_EVENING,
        years_experience=12.0,
        free_places=2,
        accepting=True,
        switch_from=4,
        switch_to=5,
        city=7,
        track_record=1.0,
    )
    return replace(row, **changes)


def pair_score(mentee: MenteeRow, mentor: MentorRow, **kwargs) -> float:
    return float(score_block(pack_mentees([mentee]), pack_mentors([mentor]), **kwargs)[0, 0])


def pair_explanation(mentee: MenteeRow, mentor: MentorRow, **kwargs) -> scoring.Explanation:
    return explain_pair(pack_mentees([mentee]), 0, pack_mentors([mentor]), 0, **kwargs)


def factor(explanation: scoring.Explanation, code: str) -> scoring.Factor:
    return next(f for f in explanation.factors if f.code == code)


def random_batches(seed: int, n_mentees: int, n_mentors: int):
    """Random features from small value pools, so that every filter and factor
    takes both outcomes often; ids overlap so that some pairs are one person."""
    rng = np.random.default_rng(seed)

    def pool_masks(n: int, pool: list[int], p: float) -> list[int]:
        return [sum(1 << b for b in pool if rng.random() < p) for _ in range(n)]

    def words(values: list[int], n_words: int) -> np.ndarray:
        return np.array(
            [[(v >> (64 * w)) & (2**64 - 1) for w in range(n_words)] for v in values],
            dtype=np.uint64,
        ).reshape(len(values), n_words)

    # Slots on both sides of every word boundary and of the week's end.
    slot_pool = [0, 1, 40, 63, 64, 127, 128, 191, 192, 255, 256, 319, 320, 334, 335]
    skill_pool = [0, 1, 2, 63, 64, 65, 100, 127]

    def common(n: int) -> dict:
        return {
            "skills": words(pool_masks(n, skill_pool, 0.3), scoring.SKILL_WORDS),
            "languages": np.array(pool_masks(n, [0, 1, 2], 0.5), dtype=np.uint64),
            "formats": rng.integers(0, 8, size=n).astype(np.uint8),
            "availability": words(pool_masks(n, slot_pool, 0.35), WORDS),
            "switch_from": rng.integers(-1, 3, size=n),
            "switch_to": rng.integers(-1, 3, size=n),
            "city": rng.integers(-1, 3, size=n),
        }

    mentees = MenteeFeatures(
        ids=np.arange(1, n_mentees + 1),
        goal_area=rng.integers(-1, 4, size=n_mentees),
        stage=rng.integers(0, 4, size=n_mentees),
        **common(n_mentees),
    )
    track = np.where(rng.random(n_mentors) < 0.5, 0.5, rng.random(n_mentors))
    mentors = MentorFeatures(
        ids=np.arange(n_mentees - 1, n_mentees - 1 + n_mentors),
        goal_areas=np.array(pool_masks(n_mentors, [0, 1, 2, 3], 0.4), dtype=np.uint64),
        years_experience=rng.choice([0.0, 1.5, 2.0, 4.99, 5.0, 9.9, 10.0, 30.0], size=n_mentors),
        free_places=rng.integers(-1, 3, size=n_mentors),
        accepting=rng.random(n_mentors) < 0.85,
        track_record=track,
        **common(n_mentors),
    )
    return mentees, mentors


slots_strategy = st.builds(
    lambda weekday, start, length: Slot(weekday, start * 30, min(48, start + length) * 30),
    st.integers(0, 6),
    st.integers(0, 47),
    st.integers(1, 8),
)
bitsets = st.integers(0, 2**SLOTS_PER_WEEK - 1).map(from_int)
seeds = st.integers(0, 2**32 - 1)


def common_minutes(a: np.ndarray, b: np.ndarray) -> int:
    """Common minutes per week of two bitsets, counted slot by slot."""
    return int(np.count_nonzero(flags(a) & flags(b))) * 30
