"""The compiled best-k of matching.cohort.select keeps scoring.topk's mentors, ties included."""

from __future__ import annotations

import numpy as np
import pytest

from matching.cohort import candidates, candidates_for
from matching.cohort.select import best_k
from matching.scoring.topk import _top_k_row
from tests.matching.scoring_data import random_batches


@pytest.mark.parametrize("k", [1, 3, 50])
def test_best_k_keeps_the_mentors_scoring_topk_keeps(k):
    rng = np.random.default_rng(k)
    scores = rng.integers(-1, 6, size=(40, 300)).astype(np.float32) * 10  # many ties
    scores[scores < 0] = -1.0
    scores[5] = -1.0  # a mentee without any possible pair
    scores[:, 7] = rng.uniform(0, 100, size=40).astype(np.float32)
    tie_breaker = np.int64(0xFFFF_FFFF) - rng.permutation(300).astype(np.int64)
    mentee, mentor, score = best_k(scores, tie_breaker, k, first=1000)
    for r, row in enumerate(scores):
        expected = np.sort(_top_k_row(row, tie_breaker, k))
        mine = mentee == 1000 + r
        assert mentor[mine].tolist() == expected.tolist(), r
        assert score[mine].tolist() == row[expected].tolist()
    assert np.all(np.diff(mentee) >= 0)


def test_candidates_for_on_threads_in_small_blocks_equals_one_block(monkeypatch):
    mentees, mentors = random_batches(3, 60, 40)
    whole = candidates_for(mentees, mentors, k=5, first_mentee=7)
    monkeypatch.setattr(candidates, "_BLOCK_PAIRS", 40 * 7)  # blocks of 7 mentees
    assert candidates_for(mentees, mentors, k=5, first_mentee=7, workers=2) == whole
    assert len(whole) > 60
