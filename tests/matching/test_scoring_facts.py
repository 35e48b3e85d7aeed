"""Explanations: the facts behind a score, as explain_pair and pair_facts give them.

Pure numpy and hypothesis: no database.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import scoring
from matching.scoring import SLOTS_PER_WEEK, WORDS, Format, explain_pair, score_block
from matching.scoring.reference import runs
from tests.matching.scoring_data import (
    FAST,
    bits,
    factor,
    flags,
    mentee_row,
    mentor_row,
    pair_explanation,
    random_batches,
    seeds,
)


@FAST
@given(seeds, st.integers(0, 5), st.integers(0, 29))
def test_explain_pair_score_equals_score_block(seed, i, j):
    mentees, mentors = random_batches(seed, 6, 30)
    explanation = explain_pair(mentees, i, mentors, j)
    assert explanation.score == float(score_block(mentees, mentors)[i, j])
    assert explanation.passes == (explanation.score >= 0) == (not explanation.blockers)
    if explanation.passes:
        total = sum(f.points for f in explanation.factors)
        assert total == pytest.approx(explanation.score, abs=1e-4)


def test_explanation_carries_the_facts_for_sentences():
    mentee = mentee_row(skills=[3, 99], formats={Format.VIDEO, Format.CHAT})
    mentor = mentor_row(availability=bits(*range(38, 44)), switch_from=8)
    explanation = pair_explanation(mentee, mentor)
    assert [f.code for f in explanation.factors] == [
        "goal", "skills", "overlap", "format", "stage", "switch", "track",
    ]  # fmt: skip
    assert factor(explanation, "overlap").data["intervals"] == ((38 * 30, 42 * 30),)
    assert factor(explanation, "overlap").data["minutes"] == 120
    assert factor(explanation, "skills").data["shared_skills"] == (3,)
    assert factor(explanation, "format").data["shared_formats"] == ("video", "chat")
    assert factor(explanation, "switch").data["match"] == "to"
    assert factor(explanation, "stage").data["stage"] == "job_search"
    assert (explanation.mentee_id, explanation.mentor_id) == (1, 101)


@FAST
@given(seeds)
def test_pair_facts_are_the_facts_of_explain_pair(seed):
    mentees, mentors = random_batches(seed, 5, 12)
    pairs = [(i, j) for i in range(5) for j in range(12)]
    expected = [scoring.PairFacts.of(explain_pair(mentees, i, mentors, j)) for i, j in pairs]
    assert list(scoring.pair_facts(mentees, mentors, pairs)) == expected


@given(st.integers(min_value=0, max_value=2**SLOTS_PER_WEEK - 1))
def test_runs_of_a_bitset_are_its_maximal_runs_of_set_slots(value):
    words = np.array([(value >> (64 * w)) & (2**64 - 1) for w in range(WORDS)], dtype=np.uint64)
    on = flags(words).tolist()
    expected = []
    for slot, is_on in enumerate(on):
        if is_on and (slot == 0 or not on[slot - 1]):
            expected.append([slot, slot + 1])
        elif is_on:
            expected[-1][1] = slot + 1
    assert [list(run) for run in runs(value)] == expected
