"""The compiled kernel (matching.compiled_kernel) against the numpy reference:
the same scores to the bit, filters, exclusions and weights included. Pure: no database."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import compiled_kernel, scoring
from tests.matching.scoring_data import FAST, random_batches

pytestmark = pytest.mark.skipif(
    not compiled_kernel.available(), reason="numba is not installed (or MATCHING_KERNEL=numpy)"
)

weights_strategy = st.builds(
    scoring.Weights,
    goal=st.floats(0, 50),
    skills=st.floats(0, 50),
    overlap=st.floats(0, 50),
    format=st.floats(0, 50),
    stage=st.floats(0, 50),
    switch=st.floats(0, 50),
    track=st.floats(1, 50),
)


@FAST
@given(
    seed=st.integers(0, 2**32 - 1),
    n_mentees=st.integers(1, 12),
    n_mentors=st.integers(1, 40),
    weights=weights_strategy,
    workers=st.integers(1, 3),
)
def test_compiled_scores_equal_the_numpy_kernels_to_the_bit(
    seed, n_mentees, n_mentors, weights, workers
):
    mentees, mentors = random_batches(seed, n_mentees, n_mentors)
    rng = np.random.default_rng(seed)
    exclude = rng.random((n_mentees, n_mentors)) < 0.1
    expected = scoring.score_block(mentees, mentors, weights=weights, exclude=exclude)
    got = compiled_kernel.score_block(
        mentees, mentors, weights=weights, exclude=exclude, workers=workers
    )
    assert got.dtype == expected.dtype
    assert np.array_equal(got, expected)


def test_every_filter_and_factor_is_exercised_by_the_comparison():
    """The random batches make both outcomes of each filter common, so the test
    above compares failing and passing pairs alike."""
    mentees, mentors = random_batches(7, 30, 60)
    scores = compiled_kernel.score_block(mentees, mentors)
    assert 0.05 < np.mean(scores < 0) < 0.95
    assert np.unique(scores[scores >= 0]).size > 20


def test_top_k_block_with_the_compiled_scorer_picks_the_same_mentors():
    mentees, mentors = random_batches(11, 20, 50)
    reference = scoring.top_k_block(mentees, mentors, 5)
    compiled = scoring.top_k_block(mentees, mentors, 5, scorer=compiled_kernel.score_block)
    assert np.array_equal(reference[0], compiled[0])
    assert np.array_equal(reference[1], compiled[1])
