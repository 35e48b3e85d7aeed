"""Behaviour of matching.cohort: candidates, the optimal assignment, the greedy baseline.

Pure numpy, OR-Tools and scipy: no database, no Django, milliseconds per test.
The optimum is checked against scipy's linear_sum_assignment on the expanded
matrix (one column per mentor place, one "unmatched" column per mentee).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from matching import scoring
from matching.cohort import (
    CAPACITY,
    NO_CANDIDATE,
    Candidates,
    ForcedPairError,
    assign,
    candidates_concat,
    candidates_for,
    greedy,
)
from tests.matching.scoring_data import random_batches

ROOT = Path(__file__).resolve().parents[2]
CASES = 400
# Rounding to 1/SCORE_SCALE point may cost at most this per mentee (see SCORE_SCALE).
ROUNDING = 0.0005
NOT_ALLOWED = -1e9


def candidates(pairs: dict[tuple[int, int], float]) -> Candidates:
    keys = list(pairs)
    return Candidates(
        mentee=[i for i, _ in keys], mentor=[j for _, j in keys], score=list(pairs.values())
    )


def as_dict(given: Candidates) -> dict[tuple[int, int], float]:
    pairs = zip(given.mentee.tolist(), given.mentor.tolist(), strict=True)
    return dict(zip(pairs, given.score.tolist(), strict=True))


def lsa_optimum(
    n_mentees: int,
    capacity: np.ndarray,
    pairs: dict[tuple[int, int], float],
    *,
    forced: dict[int, int] | None = None,
    forbidden: frozenset[tuple[int, int]] = frozenset(),
    coverage: bool = False,
) -> tuple[float, int]:
    """(total score, mentees matched) of the optimum, by scipy on the expanded matrix.

    Coverage adds a bonus per match larger than any total score, so that the
    most matches win first and the score decides among them.
    """
    forced = forced or {}
    slots = np.repeat(np.arange(capacity.size), capacity)
    bonus = 100.0 * (n_mentees + 1) if coverage else 0.0
    value = np.full((n_mentees, slots.size + n_mentees), NOT_ALLOWED)
    for i in range(n_mentees):
        if i in forced:
            value[i, np.flatnonzero(slots == forced[i])] = pairs.get((i, forced[i]), 0.0) + bonus
            continue
        value[i, slots.size + i] = 0.0  # unmatched
        for j in range(capacity.size):
            if (i, j) in pairs and (i, j) not in forbidden:
                value[i, np.flatnonzero(slots == j)] = pairs[(i, j)] + bonus
    rows, cols = linear_sum_assignment(value, maximize=True)
    assert value[rows, cols].min() > NOT_ALLOWED / 2
    matched = int(np.count_nonzero(cols < slots.size))
    return float(value[rows, cols].sum()) - bonus * matched, matched


def random_case(rng: np.random.Generator):
    """Small cohort: sparse or dense candidates, capacities 0..3, ties, forbidden and forced."""
    n, m = int(rng.integers(1, 9)), int(rng.integers(1, 6))
    capacity = rng.integers(0, 4, size=m)
    present = rng.random((n, m)) < rng.uniform(0.1, 1.0)
    kind = rng.integers(0, 3)
    if kind == 0:  # arbitrary float32 scores
        values = rng.uniform(0, 100, size=(n, m)).astype(np.float32)
    elif kind == 1:  # many ties, zeros included
        values = rng.integers(0, 4, size=(n, m)).astype(np.float32) * 10
    else:  # scores closer together than the rounding step
        values = (50 + rng.integers(0, 3, size=(n, m)) * 0.0001).astype(np.float32)
    pairs = {(i, j): float(values[i, j]) for i, j in zip(*np.nonzero(present), strict=True)}
    forbidden = frozenset(
        (i, j) for i in range(n) for j in range(m) if rng.random() < 0.15 and (i, j) in pairs
    ) | frozenset((int(rng.integers(0, n)), int(rng.integers(0, m))) for _ in range(2))
    forced: dict[int, int] = {}
    places = capacity.copy()
    for i in range(n):
        j = int(rng.integers(0, m))
        if rng.random() < 0.15 and places[j] > 0 and (i, j) not in forbidden:
            forced[i] = j
            places[j] -= 1
    return n, capacity, pairs, forbidden, forced


def check_feasible(result, n, capacity, pairs, forbidden=frozenset(), forced=None):
    forced = forced or {}
    chosen = set(zip(result.mentee.tolist(), result.mentor.tolist(), strict=True))
    assert len(set(result.mentee.tolist())) == result.matched, "a mentee matched twice"
    assert np.all(np.bincount(result.mentor, minlength=capacity.size) <= capacity)
    assert not chosen & forbidden
    assert {(i, j) for i, j in forced.items()} <= chosen
    for i, j, score, was_forced in zip(
        result.mentee.tolist(),
        result.mentor.tolist(),
        result.score.tolist(),
        result.forced.tolist(),
        strict=True,
    ):
        assert was_forced == (i in forced)
        assert score == pytest.approx(pairs.get((i, j), 0.0))
        assert was_forced or (i, j) in pairs
    assert result.total_score == pytest.approx(float(result.score.sum(dtype=np.float64)))
    assert sorted(result.unmatched.tolist() + result.mentee.tolist()) == list(range(n))


def check_reasons(result, capacity, pairs, forbidden=frozenset()):
    load = np.bincount(result.mentor, minlength=capacity.size)
    for i, reason in zip(result.unmatched.tolist(), result.reasons, strict=True):
        mentors = [j for (e, j) in pairs if e == i and (e, j) not in forbidden]
        if not mentors:
            assert reason == NO_CANDIDATE
        else:
            assert reason == CAPACITY
            assert all(load[j] >= capacity[j] for j in mentors), "a candidate still has room"


# --- the optimum against scipy ---------------------------------------------------


def test_score_objective_equals_linear_sum_assignment_on_random_cohorts():
    rng = np.random.default_rng(20261126)
    for case in range(CASES):
        n, capacity, pairs, forbidden, forced = random_case(rng)
        result = assign(
            candidates(pairs),
            n_mentees=n,
            capacity=capacity,
            objective="score",
            forced=forced.items(),
            forbidden=forbidden,
        )
        best, _ = lsa_optimum(n, capacity, pairs, forced=forced, forbidden=forbidden)
        assert best - n * ROUNDING <= result.total_score <= best + 1e-6, case
        check_feasible(result, n, capacity, pairs, forbidden, forced)
        check_reasons(result, capacity, pairs, forbidden)


def test_coverage_objective_matches_the_most_then_scores_best_on_random_cohorts():
    rng = np.random.default_rng(7)
    for case in range(CASES):
        n, capacity, pairs, forbidden, forced = random_case(rng)
        result = assign(
            candidates(pairs),
            n_mentees=n,
            capacity=capacity,
            objective="coverage",
            forced=forced.items(),
            forbidden=forbidden,
        )
        best, most = lsa_optimum(
            n, capacity, pairs, forced=forced, forbidden=forbidden, coverage=True
        )
        assert result.matched == most, case
        assert best - n * ROUNDING <= result.total_score <= best + 1e-6, case
        check_feasible(result, n, capacity, pairs, forbidden, forced)
        check_reasons(result, capacity, pairs, forbidden)


def test_greedy_is_feasible_and_never_beats_either_objective():
    rng = np.random.default_rng(11)
    greedy_worse = coverage_differs = 0
    for case in range(CASES):
        n, capacity, pairs, _forbidden, _forced = random_case(rng)
        given = candidates(pairs)
        baseline = greedy(given, n_mentees=n, capacity=capacity)
        by_score = assign(given, n_mentees=n, capacity=capacity, objective="score")
        by_coverage = assign(given, n_mentees=n, capacity=capacity, objective="coverage")
        check_feasible(baseline, n, capacity, pairs)
        check_reasons(baseline, capacity, pairs)
        assert baseline.total_score <= by_score.total_score + n * ROUNDING, case
        assert baseline.matched <= by_coverage.matched, case
        assert by_score.matched <= by_coverage.matched, case
        assert by_coverage.total_score <= by_score.total_score + n * ROUNDING, case
        greedy_worse += baseline.total_score < by_score.total_score - n * ROUNDING
        coverage_differs += by_score.matched < by_coverage.matched
    # The random cases are not all easy ones.
    assert greedy_worse > CASES // 20
    assert coverage_differs > CASES // 50


# --- concrete cases ----------------------------------------------------------------


def test_greedy_takes_the_best_pair_and_loses_a_mentee_the_optimum_keeps():
    # Mentee 0 likes mentor 0 most (90) but is nearly as happy with mentor 1 (80);
    # mentee 1 can only have mentor 0 (85).  Greedy gives mentor 0 to mentee 0.
    given = candidates({(0, 0): 90.0, (0, 1): 80.0, (1, 0): 85.0})
    baseline = greedy(given, n_mentees=2, capacity=[1, 1])
    best = assign(given, n_mentees=2, capacity=[1, 1])
    assert baseline.pairs() == [(0, 0, 90.0)]
    assert baseline.reasons == (CAPACITY,)
    assert best.pairs() == [(0, 1, 80.0), (1, 0, 85.0)]
    assert best.total_score == 165.0 > baseline.total_score


def test_score_objective_leaves_a_mentee_out_when_that_raises_the_total():
    # Matching both (10 + 5) scores less than giving mentor 0 to mentee 1 (100).
    given = candidates({(0, 0): 10.0, (1, 0): 100.0, (1, 1): 5.0})
    by_score = assign(given, n_mentees=2, capacity=[1, 1], objective="score")
    by_coverage = assign(given, n_mentees=2, capacity=[1, 1], objective="coverage")
    assert by_score.pairs() == [(1, 0, 100.0)]
    assert by_score.unmatched.tolist() == [0]
    assert by_score.reasons == (CAPACITY,)
    assert by_coverage.pairs() == [(0, 0, 10.0), (1, 1, 5.0)]
    assert by_coverage.matched == 2


def test_coverage_prefers_the_better_scoring_of_two_full_assignments():
    given = candidates({(0, 0): 10.0, (0, 1): 60.0, (1, 0): 50.0, (1, 1): 20.0})
    result = assign(given, n_mentees=2, capacity=[1, 1], objective="coverage")
    assert result.pairs() == [(0, 1, 60.0), (1, 0, 50.0)]


def test_mentor_capacity_above_one_takes_several_mentees():
    given = candidates({(0, 0): 70.0, (1, 0): 60.0, (2, 0): 50.0, (2, 1): 10.0})
    result = assign(given, n_mentees=3, capacity=[2, 1])
    assert result.pairs() == [(0, 0, 70.0), (1, 0, 60.0), (2, 1, 10.0)]


def test_scores_a_thousandth_of_a_point_apart_are_told_apart():
    for better in (0, 1):  # either way round, so that a tie broken by order cannot pass
        given = candidates({(better, 0): 50.001, (1 - better, 0): 50.0})
        for objective in ("score", "coverage"):
            result = assign(given, n_mentees=2, capacity=[1], objective=objective)
            assert result.mentee.tolist() == [better]


def test_a_zero_score_pair_with_a_free_place_is_matched_not_left_out():
    result = assign(candidates({(0, 0): 0.0}), n_mentees=1, capacity=[1])
    assert result.pairs() == [(0, 0, 0.0)]


def test_unmatched_reasons_tell_no_candidate_from_no_place():
    given = candidates({(0, 0): 90.0, (1, 0): 80.0, (2, 1): 70.0})
    result = assign(given, n_mentees=4, capacity=[1, 1], forbidden=[(2, 1)])
    assert result.pairs() == [(0, 0, 90.0)]
    # 1 lost mentor 0 to 0; 2's only candidate is forbidden; 3 had none at all.
    assert dict(zip(result.unmatched.tolist(), result.reasons, strict=True)) == {
        1: CAPACITY,
        2: NO_CANDIDATE,
        3: NO_CANDIDATE,
    }
    assert result.reason_counts() == {NO_CANDIDATE: 2, CAPACITY: 1}


def test_a_mentor_without_places_is_a_capacity_reason():
    result = assign(candidates({(0, 0): 90.0}), n_mentees=1, capacity=[0])
    assert result.matched == 0
    assert result.reasons == (CAPACITY,)


def test_no_candidates_at_all_leaves_everyone_unmatched():
    for objective in ("score", "coverage"):
        result = assign(candidates({}), n_mentees=3, capacity=[2], objective=objective)
        assert result.matched == 0
        assert result.total_score == 0.0
        assert result.reasons == (NO_CANDIDATE,) * 3


# --- forced and forbidden pairs --------------------------------------------------------


def test_forced_pair_takes_its_place_even_against_the_best_total():
    given = candidates({(0, 0): 90.0, (1, 0): 10.0, (1, 1): 5.0})
    result = assign(given, n_mentees=2, capacity=[1, 1], forced=[(1, 0)])
    assert result.pairs() == [(1, 0, 10.0)]
    assert result.forced.tolist() == [True]
    assert result.reasons == (CAPACITY,)  # mentee 0's only mentor is taken


def test_forced_pair_outside_the_candidates_counts_zero_points():
    result = assign(candidates({(0, 0): 90.0}), n_mentees=2, capacity=[1, 1], forced=[(1, 1)])
    assert result.pairs() == [(0, 0, 90.0), (1, 1, 0.0)]
    assert result.forced.tolist() == [False, True]


def test_forced_mentee_takes_no_other_pair():
    given = candidates({(0, 0): 10.0, (0, 1): 90.0})
    result = assign(given, n_mentees=1, capacity=[1, 1], forced=[(0, 0)])
    assert result.pairs() == [(0, 0, 10.0)]


def test_forbidden_pair_is_never_chosen_even_when_it_is_the_only_one():
    given = candidates({(0, 0): 90.0, (0, 1): 10.0, (1, 0): 50.0})
    for objective in ("score", "coverage"):
        result = assign(
            given, n_mentees=2, capacity=[1, 1], objective=objective, forbidden=[(0, 0), (1, 0)]
        )
        assert result.pairs() == [(0, 1, 10.0)]
        assert result.reasons == (NO_CANDIDATE,)


@pytest.mark.parametrize(
    ("forced", "forbidden", "message"),
    [
        ([(0, 0), (0, 1)], [], "mentee 0 is forced into more than one pair"),
        ([(0, 0), (1, 0)], [], "mentor 0 is forced 2 mentees but has 1 places"),
        ([(1, 1)], [(1, 1)], "mentee 1 and mentor 1 is both forced and forbidden"),
    ],
)
def test_forced_pairs_that_cannot_hold_are_refused(forced, forbidden, message):
    given = candidates({(0, 0): 90.0, (1, 0): 80.0})
    with pytest.raises(ForcedPairError, match=message):
        assign(given, n_mentees=2, capacity=[1, 1], forced=forced, forbidden=forbidden)


def test_forced_pair_error_is_a_value_error():
    assert issubclass(ForcedPairError, ValueError)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"objective": "fairness"},
        {"forced": [(5, 0)]},
        {"forbidden": [(0, 7)]},
        {"capacity": [1, -1]},
        {"capacity": [1.5, 1]},
        {"n_mentees": 1},  # a candidate speaks of mentee 1
    ],
)
def test_invalid_input_is_refused(kwargs):
    given = candidates({(0, 0): 90.0, (1, 1): 80.0})
    arguments = {"n_mentees": 2, "capacity": [1, 1], **kwargs}
    with pytest.raises(ValueError):  # noqa: PT011 — each case has its own message
        assign(given, **arguments)


# --- determinism and candidates ----------------------------------------------------------


def test_assignment_does_not_depend_on_the_order_of_candidates():
    rng = np.random.default_rng(3)
    n, m = 40, 8
    mentee = np.repeat(np.arange(n), m)
    mentor = np.tile(np.arange(m), n)
    score = rng.integers(0, 5, size=n * m).astype(np.float32) * 10  # many ties
    capacity = rng.integers(1, 4, size=m)
    shuffle = rng.permutation(n * m)
    ordered = Candidates(mentee=mentee, mentor=mentor, score=score)
    shuffled = Candidates(mentee=mentee[shuffle], mentor=mentor[shuffle], score=score[shuffle])
    assert ordered == shuffled
    for objective in ("score", "coverage"):
        first = assign(ordered, n_mentees=n, capacity=capacity, objective=objective)
        again = assign(shuffled, n_mentees=n, capacity=capacity, objective=objective)
        assert first.pairs() == again.pairs()
        assert first.reasons == again.reasons


def test_candidates_keep_one_row_per_pair_with_its_best_score():
    given = Candidates(mentee=[1, 0, 1, 0], mentor=[0, 2, 0, 1], score=[10.0, 5.0, 30.0, 7.0])
    assert given.mentee.tolist() == [0, 0, 1]
    assert given.mentor.tolist() == [1, 2, 0]
    assert given.score.tolist() == [7.0, 5.0, 30.0]
    assert not given.score.flags.writeable


@pytest.mark.parametrize(
    ("mentee", "mentor", "score"),
    [([0], [0], [-1.0]), ([0], [0], [np.nan]), ([-1], [0], [1.0]), ([0, 1], [0], [1.0, 2.0])],
)
def test_candidates_refuse_failing_or_malformed_pairs(mentee, mentor, score):
    with pytest.raises(ValueError):  # noqa: PT011 — each case has its own message
        Candidates(mentee=mentee, mentor=mentor, score=score)


def test_candidates_for_keeps_the_scorer_top_k_of_each_mentee():
    mentees, mentors = random_batches(5, 30, 300)
    indices, scores = scoring.top_k_block(mentees, mentors, 4)
    result = candidates_for(mentees, mentors, k=4)
    expected = {
        (i, int(j)): float(s)
        for i in range(30)
        for j, s in zip(indices[i], scores[i], strict=True)
        if j >= 0
    }
    assert as_dict(result) == expected
    passing = (scoring.score_block(mentees, mentors) >= 0).sum(axis=1)
    assert passing.max() > 4  # some mentee lost candidates beyond k...
    assert passing.min() < 4  # ...and some had fewer than k


def test_chunked_candidates_gathered_in_any_order_equal_the_whole():
    mentees, mentors = random_batches(9, 50, 30)
    whole = candidates_for(mentees, mentors, k=5)
    chunks = [
        candidates_for(mentees.take(slice(start, start + 16)), mentors, k=5, first_mentee=start)
        for start in range(0, 50, 16)
    ]
    assert candidates_concat(chunks) == whole
    assert candidates_concat(reversed(chunks)) == whole
    assert len(candidates_concat([])) == 0


def test_candidates_for_drops_excluded_pairs():
    mentees, mentors = random_batches(5, 10, 20)
    whole = candidates_for(mentees, mentors, k=20)
    i, j = int(whole.mentee[0]), int(whole.mentor[0])
    mask = np.zeros((10, 20), dtype=bool)
    mask[i, j] = True
    result = candidates_for(mentees, mentors, k=20, exclude=mask)
    pairs = set(zip(result.mentee.tolist(), result.mentor.tolist(), strict=True))
    assert (i, j) not in pairs
    assert len(result) == len(whole) - 1


def test_payload_survives_json_and_gives_back_the_same_candidates():
    mentees, mentors = random_batches(2, 40, 30)
    given = candidates_for(mentees, mentors, k=6, first_mentee=1000)
    payload = json.loads(json.dumps(given.to_payload()))
    assert Candidates.from_payload(payload) == given
    assert Candidates.from_payload(Candidates(mentee=[], mentor=[], score=[]).to_payload()) == (
        candidates({})
    )


@pytest.mark.parametrize(
    "change",
    [
        {"format": "other"},
        {"size": 3},
        {"score": "not base64!"},
        {"mentor": None},
    ],
)
def test_malformed_payload_is_refused(change):
    payload = {**candidates({(0, 0): 1.0, (1, 0): 2.0}).to_payload(), **change}
    with pytest.raises(ValueError):  # noqa: PT011 — each case has its own message
        Candidates.from_payload(payload)


def test_cohort_on_real_scores_is_at_least_as_good_as_greedy():
    mentees, mentors = random_batches(4, 60, 20)
    given = candidates_for(mentees, mentors, k=10)
    capacity = np.ones(20, dtype=np.int64)
    pairs = as_dict(given)
    best, _ = lsa_optimum(60, capacity, pairs)
    result = assign(given, n_mentees=60, capacity=capacity)
    assert best - 60 * ROUNDING <= result.total_score <= best + 1e-6
    assert greedy(given, n_mentees=60, capacity=capacity).total_score <= result.total_score


# --- module boundary -----------------------------------------------------------------------


def test_cohort_module_does_not_import_django():
    code = (
        "import sys, matching.cohort; "
        "assert not any(m.split('.')[0] == 'django' for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
