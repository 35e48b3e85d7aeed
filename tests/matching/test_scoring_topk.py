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


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.integers(1, 30), st.integers(1, 12))
def test_ranking_a_block_at_once_chooses_what_ranking_row_by_row_does(seed, b, m, k):
    """Few mentors (a cohort): the block's rows ranked at once; many: row by row."""
    from matching.scoring.topk import _top_k_dense, _top_k_row

    rng = np.random.default_rng(seed)
    # Few distinct values and many failed pairs: ties everywhere.
    scores = rng.choice(np.array([-1, 0, 12.5, 40, 40, 100], dtype=np.float32), size=(b, m))
    tie_breaker = np.int64(0xFFFF_FFFF) - rng.permutation(m).astype(np.int64)
    indices, chosen = _top_k_dense(scores, tie_breaker, k)
    for r in range(b):
        expected = _top_k_row(scores[r], tie_breaker, k).tolist()
        assert indices[r][indices[r] >= 0].tolist() == expected
        assert chosen[r][: len(expected)].tolist() == scores[r, expected].tolist()
        assert set(chosen[r][len(expected) :].tolist()) <= {-1.0}
