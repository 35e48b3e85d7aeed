"""The assignment solved on each mentee's best k, with its certificate, is the
optimum over every possible pair (matching/cohort/certify.py).

Random cohorts where the best k leave out pairs the optimum needs: scipy's
linear_sum_assignment on the full matrix is the referee.
"""

from __future__ import annotations

import numpy as np
import pytest

from matching.cohort import Candidates, Pruned, assign, candidates_for, certify, rows_of
from tests.matching.scoring_data import random_batches
from tests.matching.test_cohort import ROUNDING, check_feasible, lsa_optimum

CASES = 120


def top_k(pairs: dict[tuple[int, int], float], k: int) -> Candidates:
    """Each mentee's best k pairs (ties by mentor), as candidates_for keeps them."""
    kept = []
    for i in sorted({i for i, _ in pairs}):
        mine = sorted(((-s, j) for (e, j), s in pairs.items() if e == i))[:k]
        kept += [(i, j, -s) for s, j in mine]
    return Candidates(
        mentee=[p[0] for p in kept], mentor=[p[1] for p in kept], score=[p[2] for p in kept]
    )


def full_rows(pairs: dict[tuple[int, int], float]):
    def rows(who: np.ndarray, mentors: np.ndarray) -> Candidates:
        wanted = set(who.tolist()), set(mentors.tolist())
        chosen = [(i, j, s) for (i, j), s in pairs.items() if i in wanted[0] and j in wanted[1]]
        return Candidates(
            mentee=np.array([p[0] for p in chosen], dtype=np.int32),
            mentor=np.array([p[1] for p in chosen], dtype=np.int32),
            score=np.array([p[2] for p in chosen], dtype=np.float32),
        )

    return rows


def block_rows(pairs: dict[tuple[int, int], float], size: int = 2):
    """full_rows that also gives its scores as blocks of ``size`` mentees, -1 for a
    pair that is not possible: the way certify reads rows_of's scores."""
    rows = full_rows(pairs)

    def blocks(who: np.ndarray, mentors: np.ndarray):
        for start in range(0, who.size, size):
            part = np.asarray(who[start : start + size], np.int64)
            scores = np.full((part.size, mentors.size), -1.0, dtype=np.float32)
            for r, i in enumerate(part.tolist()):
                for c, j in enumerate(mentors.tolist()):
                    scores[r, c] = pairs.get((i, j), -1.0)
            yield part, np.asarray(mentors, np.int64), scores

    rows.blocks = blocks
    return rows


ROWS = {"rows": full_rows, "blocks": block_rows}


def crowded_case(rng: np.random.Generator):
    """More mentees than places, most pairs possible, popular mentors: the best k
    of many mentees are the same few mentors, full long before everyone is placed."""
    n, m = int(rng.integers(3, 12)), int(rng.integers(2, 7))
    capacity = rng.integers(0, 3, size=m)
    appeal = rng.uniform(0, 60, size=m)
    values = (appeal[None, :] + rng.uniform(0, 40, size=(n, m))).astype(np.float32)
    if rng.random() < 0.3:
        values = np.round(values / 20).astype(np.float32) * 20  # ties
    present = rng.random((n, m)) < rng.uniform(0.5, 1.0)
    pairs = {(i, j): float(values[i, j]) for i, j in zip(*np.nonzero(present), strict=True)}
    forbidden = frozenset(p for p in pairs if rng.random() < 0.1)
    forced: dict[int, int] = {}
    places = capacity.copy()
    for i in range(n):
        j = int(rng.integers(0, m))
        if rng.random() < 0.1 and places[j] > 0 and (i, j) not in forbidden:
            forced[i] = j
            places[j] -= 1
    return n, capacity, pairs, forbidden, forced


@pytest.mark.parametrize("read", ROWS)
@pytest.mark.parametrize("objective", ["score", "coverage"])
def test_best_k_with_certificate_equals_the_optimum_over_every_pair(objective, read):
    rng = np.random.default_rng(20261204 if objective == "score" else 41)
    pruned_short = 0
    for case in range(CASES):
        n, capacity, pairs, forbidden, forced = crowded_case(rng)
        k = int(rng.integers(1, 3))
        kwargs = {
            "n_mentees": n,
            "capacity": capacity,
            "objective": objective,
            "forced": forced.items(),
            "forbidden": forbidden,
        }
        result = assign(top_k(pairs, k), pruned=Pruned(k=k, rows=ROWS[read](pairs)), **kwargs)
        best, most = lsa_optimum(
            n, capacity, pairs, forced=forced, forbidden=forbidden, coverage=objective == "coverage"
        )
        check_feasible(result, n, capacity, pairs, forbidden, forced)
        if objective == "coverage":
            assert result.matched == most, case
        assert best - n * ROUNDING <= result.total_score <= best + 1e-6, case
        plain = assign(top_k(pairs, k), **kwargs)
        pruned_short += plain.total_score < best - n * ROUNDING or plain.matched < most
    # The cases do test the certificate: without it the best k often fall short.
    assert pruned_short > CASES // 10


def test_certified_candidates_of_real_features_reach_the_full_optimum():
    mentees, mentors = random_batches(np.random.default_rng(5), 120, 25)
    capacity = np.random.default_rng(6).integers(0, 3, size=len(mentors))
    everything = candidates_for(mentees, mentors, k=len(mentors))
    full = assign(everything, n_mentees=len(mentees), capacity=capacity)
    rows = rows_of(mentees, mentors)
    for k in (1, 3, 10):
        result = assign(
            candidates_for(mentees, mentors, k=k),
            n_mentees=len(mentees),
            capacity=capacity,
            pruned=Pruned(k=k, rows=rows),
        )
        assert result.total_score == pytest.approx(full.total_score, abs=1e-3), k


@pytest.mark.parametrize("objective", ["score", "coverage"])
def test_reading_the_rows_as_blocks_proves_the_same_assignment(objective):
    """The blocks (only the violating pairs kept) and the whole rows find the same
    pairs each round, so the rounds and the result are the same."""
    rng = np.random.default_rng(7)
    for case in range(CASES):
        n, capacity, pairs, forbidden, forced = crowded_case(rng)
        k = int(rng.integers(1, 3))
        results = [
            assign(
                top_k(pairs, k),
                n_mentees=n,
                capacity=capacity,
                objective=objective,
                forced=forced.items(),
                forbidden=forbidden,
                pruned=Pruned(k=k, rows=read(pairs)),
            )
            for read in (full_rows, block_rows)
        ]
        assert results[0].pairs() == results[1].pairs(), case
        assert results[0].reasons == results[1].reasons, case


@pytest.mark.parametrize("bonus", [0, 10**9 + 1], ids=["score", "coverage"])
def test_the_blocks_find_the_same_pairs_and_bounds_as_the_rows(bonus):
    """certify.missing_pairs both ways, under random prices (not only a flow's):
    the same pairs added and the same evidence, forbidden pairs included."""
    rng = np.random.default_rng(11)
    for case in range(CASES):
        n, capacity, pairs, forbidden, _forced = crowded_case(rng)
        m, k = capacity.size, int(rng.integers(1, 3))
        known = top_k(pairs, k)
        prices = certify.Prices(
            u=rng.integers(0, 80 * 2000, size=n) + bonus,
            v=rng.integers(0, 60 * 2000, size=m) * (rng.random(m) < 0.7),
            open=rng.random(m) < 0.9,
            scale=2000,
            bonus=bonus,
        )
        forbidden_keys = np.array(sorted((i << 32) | j for i, j in forbidden), dtype=np.int64)

        def usable(mentee, mentor, forbidden_keys=forbidden_keys, prices=prices):
            keys = (mentee.astype(np.int64) << 32) | mentor.astype(np.int64)
            return ~np.isin(keys, forbidden_keys) & prices.open[mentor]

        looks = []
        for read in (full_rows, block_rows):
            evidence = certify.Evidence.start(known, n, k)
            who = np.flatnonzero(evidence.bound >= 0)
            if not who.size:
                break
            pruned = Pruned(k=k, rows=read(pairs))
            added = certify.missing_pairs(pruned, who, known, usable, prices, evidence)
            looks.append((added, evidence.bound))
        if looks:
            (added_rows, bound_rows), (added_blocks, bound_blocks) = looks
            assert added_rows == added_blocks, case
            np.testing.assert_array_equal(bound_rows, bound_blocks, err_msg=str(case))
