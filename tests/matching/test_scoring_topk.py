"""The best k mentors of each mentee: order, ties, exclusions, the blockwise form.

Pure numpy and hypothesis: no database.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.scoring import pack_mentees, pack_mentors, score_block, top_k, top_k_block
from tests.matching.scoring_data import FAST, mentee_row, mentor_row, random_batches, seeds


def test_top_k_breaks_ties_by_mentor_id():
    mentors = pack_mentors([mentor_row(id=i) for i in (50, 10, 40, 20, 30)])
    result = top_k(0, pack_mentees([mentee_row()]), mentors, k=3)
    assert result == [(10, 100.0), (20, 100.0), (30, 100.0)]


@FAST
@given(seeds, st.integers(1, 12))
def test_top_k_is_sorted_best_first_and_matches_a_full_sort(seed, k):
    mentees, mentors = random_batches(seed, 4, 60)
    row = score_block(mentees, mentors)[2]
    expected = sorted(
        ((int(mentors.ids[j]), float(row[j])) for j in range(len(mentors)) if row[j] >= 0),
        key=lambda pair: (-pair[1], pair[0]),
    )[:k]
    assert top_k(2, mentees, mentors, k=k) == expected


@FAST
@given(seeds)
def test_top_k_does_not_depend_on_mentor_order(seed):
    mentees, mentors = random_batches(seed, 3, 50)
    shuffled = mentors.take(np.random.default_rng(seed).permutation(len(mentors)))
    assert top_k(1, mentees, mentors, k=8) == top_k(1, mentees, shuffled, k=8)


def test_top_k_returns_only_possible_mentors():
    mentors = pack_mentors([mentor_row(id=101), mentor_row(id=102, accepting=False)])
    assert top_k(0, pack_mentees([mentee_row()]), mentors, k=10) == [(101, 100.0)]


def test_top_k_rejects_k_below_one():
    mentees, mentors = pack_mentees([mentee_row()]), pack_mentors([mentor_row()])
    with pytest.raises(ValueError, match="at least 1"):
        top_k(0, mentees, mentors, k=0)
    with pytest.raises(ValueError, match="at least 1"):
        top_k_block(mentees, mentors, k=0)


@pytest.mark.parametrize("kind", ["pairs", "mask", "row_mask"])
def test_top_k_respects_exclusions(kind):
    mentees = pack_mentees([mentee_row(id=1), mentee_row(id=2)])
    mentors = pack_mentors([mentor_row(id=101), mentor_row(id=102)])
    exclude = {
        "pairs": {(2, 101)},
        "mask": np.array([[False, False], [True, False]]),
        "row_mask": np.array([True, False]),
    }[kind]
    assert top_k(1, mentees, mentors, k=5, exclude=exclude) == [(102, 100.0)]


@FAST
@given(seeds)
def test_top_k_block_agrees_with_top_k(seed):
    mentees, mentors = random_batches(seed, 6, 45)
    indices, scores = top_k_block(mentees, mentors, k=5, block=4)
    for i in range(len(mentees)):
        expected = top_k(i, mentees, mentors, k=5)
        got = [
            (int(mentors.ids[j]), float(s))
            for j, s in zip(indices[i], scores[i], strict=True)
            if j >= 0
        ]
        assert got == expected
        # Padding only at the end, with index -1 and score -1.
        assert indices[i, len(expected) :].tolist() == [-1] * (5 - len(expected))
        assert scores[i, len(expected) :].tolist() == [-1.0] * (5 - len(expected))
