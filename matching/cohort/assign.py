"""The optimal assignment of a cohort under every mentor's capacity.

One minimum-cost flow (OR-Tools) over the candidates, for the highest total
score or for the most people matched; ``greedy`` is the baseline it is
compared to (see the package docstring for the objectives).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.cohort import certify
from matching.cohort.candidates import (
    Candidates,
    _empty_candidates,
    _member,
    _pair_keys,
    candidates_concat,
)

# Scores (float 0..100) become integer costs in units of 1/SCORE_SCALE point.
# Rounding moves each pair's score by at most 1 / (2 * SCORE_SCALE) = 0.00025,
# so the total of any assignment of n pairs by at most n * 0.00025.  The
# assignment that is optimal for the rounded scores therefore loses at most
# 2 * n * 0.00025 = n * 0.0005 points against the true optimum: its true total
# is at least its rounded total - n * 0.00025, which is at least the rounded
# total of the true optimum - n * 0.00025, which is at least the true optimum's
# total - n * 0.0005.  Costs stay far from int64 limits (at most 200,000 per
# arc), and a larger scale only lengthens OR-Tools' cost scaling.
SCORE_SCALE = 2000

# After the first solve, the next ones work on the candidates whose slack under
# the last prices (u + v - gain) is at most this (5 points): the pairs a few
# moves of the flow could take. Measured on 100,000 x 20,000 (bench/cohort.py):
# 0.5 points gave more rounds, 20 points solves nearly as large as the first.
NEAR_SLACK = 5 * SCORE_SCALE

# Why a mentee ends up unmatched.
NO_CANDIDATE = "no_candidate"  # no mentor passed the hard filters, or all were forbidden
CAPACITY = "capacity"  # candidates existed, but their places went to others

Objective: TypeAlias = Literal["score", "coverage"]
_OBJECTIVES = ("score", "coverage")


class ForcedPairError(ValueError):
    """Forced pairs that cannot all hold: a mentee forced twice, a mentor forced
    beyond their capacity, or a pair both forced and forbidden."""


@dataclass(frozen=True, eq=False)
class Assignment:
    """Who is matched with whom, and why the others are not.

    Pairs are parallel arrays sorted by mentee; ``unmatched`` is sorted and
    ``reasons[i]`` (NO_CANDIDATE or CAPACITY) explains ``unmatched[i]``.
    """

    objective: str  # "score", "coverage" or "greedy"
    mentee: np.ndarray  # int32
    mentor: np.ndarray  # int32
    score: np.ndarray  # float32 (0 for a forced pair that was not a candidate)
    forced: np.ndarray  # bool: the pair was forced by the coordinator
    unmatched: np.ndarray  # int32
    reasons: tuple[str, ...]
    total_score: float

    @property
    def matched(self) -> int:
        return int(self.mentee.size)

    def pairs(self) -> list[tuple[int, int, float]]:
        """(mentee index, mentor index, score) per pair, by mentee."""
        return list(
            zip(self.mentee.tolist(), self.mentor.tolist(), self.score.tolist(), strict=True)
        )

    def reason_counts(self) -> dict[str, int]:
        return {reason: self.reasons.count(reason) for reason in (NO_CANDIDATE, CAPACITY)}


def assign(
    candidates: Candidates,
    *,
    n_mentees: int,
    capacity: np.ndarray | Sequence[int],
    objective: Objective = "score",
    forced: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
    pruned: certify.Pruned | None = None,
) -> Assignment:
    """The optimal assignment of the cohort under each mentor's ``capacity``.

    A minimum-cost flow: every mentee with candidates supplies one unit; it
    flows along mentee -> mentor arcs (capacity 1, cost -score in units of
    1/SCORE_SCALE) and mentor -> sink arcs (capacity: the mentor's places left
    after the forced pairs) into the sink.

    ``"score"``: each mentee also has a bypass arc straight to the sink (cost
    0, "unmatched"), so all supply always arrives, and the minimum cost is the
    highest total score; leaving someone out costs nothing, so the solver does
    so whenever their mentor's place is worth more to others.
    ``"coverage"``: no bypass arcs; ``solve_max_flow_with_min_cost`` sends the
    largest flow that can arrive (the most mentees matched) and, among flows
    that large, the one of least cost (the highest total score): exactly the
    order of the objective, with no bonus constant to tune.

    Forced pairs are fixed first and use up their mentors' places; a forced
    mentee takes part in nothing else.  Forbidden pairs are removed before the
    solve.  Candidate arcs are added in the canonical order and OR-Tools is
    deterministic, so the same input gives the same assignment.  See
    SCORE_SCALE for why the rounding of scores costs at most n * 0.0005 points.

    ``pruned``: the candidates are each mentee's best ``pruned.k`` of more pairs.
    The result is then proved optimal over every pair, not only the candidates:
    the flow's dual prices show which mentees' other pairs could raise the total,
    those pairs are added and the flow solved again until none can
    (matching/cohort/certify.py).  Without it the candidates are the whole graph.
    """
    if objective not in _OBJECTIVES:
        raise ValueError(f"objective must be one of {_OBJECTIVES}, got {objective!r}")
    capacity = _check_capacity(capacity)
    n_mentors = capacity.size
    _check_candidates(candidates, n_mentees, n_mentors)
    forced_mentee, forced_mentor = _index_pairs(forced, n_mentees, n_mentors, "forced")
    forbidden_mentee, forbidden_mentor = _index_pairs(forbidden, n_mentees, n_mentors, "forbidden")
    forbidden_keys = np.unique(_pair_keys(forbidden_mentee, forbidden_mentor))
    remaining = _places_after_forced(forced_mentee, forced_mentor, forbidden_keys, capacity)

    is_forced = np.zeros(n_mentees, dtype=bool)
    is_forced[forced_mentee] = True

    def usable(mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        """Not forbidden, not of a forced mentee, to a mentor with room: arcs of the flow."""
        allowed = ~_member(_pair_keys(mentee, mentor), forbidden_keys)
        return allowed & ~is_forced[mentee] & (remaining[mentor] > 0)

    evidence = None if pruned is None else certify.Evidence.start(candidates, n_mentees, pruned.k)
    if evidence is not None:
        evidence.bound[forced_mentee] = -1.0  # fixed: their other pairs do not matter
    active = None  # the candidates the flow is solved on: at first every usable one
    while True:
        can = usable(candidates.mentee, candidates.mentor)
        arcs = np.flatnonzero(can if active is None else can & active)
        chosen = arcs[_solve_flow(candidates, arcs, remaining, n_mentees, objective)]
        chosen = _fill_free_places(candidates, arcs, chosen, remaining, n_mentees)
        if pruned is None:
            break
        extra, near, outside = _certify(
            candidates, arcs, chosen, remaining, objective, pruned, evidence, usable, can
        )
        if not len(extra) and not outside:
            break  # no pair left out can raise the total: optimal over every pair
        # The next solve works on the candidates the prices leave near the margin
        # (the chosen, the ones that fail the prices, the new ones): a solve after
        # the first moves few pairs, and the proof still covers every pair.
        candidates, active = _merged(candidates, extra, near)
    if active is not None:  # a pair scoring 0 may wait outside the last solve
        arcs = np.flatnonzero(usable(candidates.mentee, candidates.mentor))
        chosen = _fill_free_places(candidates, arcs, chosen, remaining, n_mentees)
    allowed = ~_member(_pair_keys(candidates.mentee, candidates.mentor), forbidden_keys)
    has_candidate = np.zeros(n_mentees, dtype=bool)
    has_candidate[candidates.mentee[allowed]] = True

    known = candidates
    if pruned is not None and forced_mentee.size:  # a forced pair may lie beyond the best k
        known = candidates_concat([known, pruned.rows(forced_mentee, np.unique(forced_mentor))])
    forced_score = _scores_of(known, forced_mentee, forced_mentor)
    return _assignment(
        objective,
        mentee=np.concatenate([candidates.mentee[chosen], forced_mentee]),
        mentor=np.concatenate([candidates.mentor[chosen], forced_mentor]),
        score=np.concatenate([candidates.score[chosen], forced_score]),
        forced=np.concatenate([np.zeros(chosen.size, bool), np.ones(forced_mentee.size, bool)]),
        n_mentees=n_mentees,
        has_candidate=has_candidate,
    )


def greedy(
    candidates: Candidates, *, n_mentees: int, capacity: np.ndarray | Sequence[int]
) -> Assignment:
    """The baseline ``assign`` is measured against: pairs by score, best first
    (ties by mentee, then mentor), each taken when both are still free."""
    capacity = _check_capacity(capacity)
    _check_candidates(candidates, n_mentees, capacity.size)
    order = np.lexsort((candidates.mentor, candidates.mentee, -candidates.score))
    places = capacity.tolist()
    free = [True] * n_mentees
    mentees = candidates.mentee.tolist()
    mentors = candidates.mentor.tolist()
    left = min(int(capacity.sum()), int(np.unique(candidates.mentee).size))
    chosen = []
    for arc in order.tolist():
        if not left:
            break  # every place or every mentee with candidates is taken
        i, j = mentees[arc], mentors[arc]
        if free[i] and places[j] > 0:
            free[i] = False
            places[j] -= 1
            chosen.append(arc)
            left -= 1
    chosen = np.asarray(chosen, dtype=np.intp)
    has_candidate = np.zeros(n_mentees, dtype=bool)
    has_candidate[candidates.mentee] = True
    return _assignment(
        "greedy",
        mentee=candidates.mentee[chosen],
        mentor=candidates.mentor[chosen],
        score=candidates.score[chosen],
        forced=np.zeros(chosen.size, bool),
        n_mentees=n_mentees,
        has_candidate=has_candidate,
    )


def _check_capacity(capacity: np.ndarray | Sequence[int]) -> np.ndarray:
    array = np.asarray(capacity)
    if array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.integer)):
        raise ValueError("capacity must be a one-dimensional array of ints, one per mentor")
    if array.size and array.min() < 0:
        raise ValueError("capacity must be >= 0 for every mentor")
    return array.astype(np.int64)


def _check_candidates(candidates: Candidates, n_mentees: int, n_mentors: int) -> None:
    if n_mentees < 0:
        raise ValueError(f"n_mentees must be >= 0, got {n_mentees}")
    if len(candidates) and int(candidates.mentee.max()) >= n_mentees:
        raise ValueError(f"a candidate's mentee index is beyond n_mentees={n_mentees}")
    if len(candidates) and int(candidates.mentor.max()) >= n_mentors:
        raise ValueError(f"a candidate's mentor index is beyond the {n_mentors} capacities")


def _index_pairs(
    pairs: Iterable[tuple[int, int]], n_mentees: int, n_mentors: int, name: str
) -> tuple[np.ndarray, np.ndarray]:
    array = np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
    mentee, mentor = array[:, 0], array[:, 1]
    if mentee.size and (mentee.min() < 0 or mentee.max() >= n_mentees):
        raise ValueError(f"a {name} pair's mentee index is outside 0..{n_mentees - 1}")
    if mentor.size and (mentor.min() < 0 or mentor.max() >= n_mentors):
        raise ValueError(f"a {name} pair's mentor index is outside 0..{n_mentors - 1}")
    return mentee.astype(np.int32), mentor.astype(np.int32)


def _places_after_forced(
    mentee: np.ndarray, mentor: np.ndarray, forbidden_keys: np.ndarray, capacity: np.ndarray
) -> np.ndarray:
    """Each mentor's places left once the forced pairs hold; ForcedPairError if they cannot."""
    values, counts = np.unique(mentee, return_counts=True)
    if np.any(counts > 1):
        twice = int(values[np.argmax(counts > 1)])
        raise ForcedPairError(f"mentee {twice} is forced into more than one pair")
    clash = _member(_pair_keys(mentee, mentor), forbidden_keys)
    if np.any(clash):
        at = int(np.argmax(clash))
        raise ForcedPairError(
            f"the pair of mentee {int(mentee[at])} and mentor {int(mentor[at])} "
            "is both forced and forbidden"
        )
    remaining = capacity - np.bincount(mentor, minlength=capacity.size)
    if np.any(remaining < 0):
        over = int(np.argmax(remaining < 0))
        raise ForcedPairError(
            f"mentor {over} is forced {int(capacity[over] - remaining[over])} mentees "
            f"but has {int(capacity[over])} places"
        )
    return remaining


def _solve_flow(
    candidates: Candidates,
    arcs: np.ndarray,
    remaining: np.ndarray,
    n_mentees: int,
    objective: str,
) -> np.ndarray:
    """Mask over ``arcs`` (indices into candidates) of the pairs in the optimal flow."""
    if arcs.size == 0:
        return np.zeros(0, dtype=bool)
    mentee = candidates.mentee[arcs]
    mentor = candidates.mentor[arcs]
    # Nodes only for the people on some arc: mentees 0..a-1, mentors a..a+b-1,
    # then the sink.  Lookup tables instead of np.unique: no sort of 5M arcs.
    mentee_node = _dense_numbers(mentee, n_mentees)
    n_mentee_nodes = int(mentee_node.max()) + 1
    mentor_number = _dense_numbers(mentor, remaining.size)
    n_mentor_nodes = int(mentor_number.max()) + 1
    mentor_node = n_mentee_nodes + mentor_number
    sink = n_mentee_nodes + n_mentor_nodes

    mentor_places = np.zeros(n_mentor_nodes, dtype=np.int64)
    mentor_places[mentor_number] = remaining[mentor]
    cost = -_gains(candidates.score[arcs], "score", n_mentees)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        mentee_node, mentor_node, np.ones(arcs.size, dtype=np.int64), cost
    )
    mentor_nodes = np.arange(n_mentee_nodes, sink, dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        mentor_nodes, np.full(n_mentor_nodes, sink), mentor_places, np.zeros(n_mentor_nodes, int)
    )
    if objective == "score":
        mentee_nodes = np.arange(n_mentee_nodes, dtype=np.int64)
        ones = np.ones(n_mentee_nodes, dtype=np.int64)
        flow.add_arcs_with_capacity_and_unit_cost(
            mentee_nodes, np.full(n_mentee_nodes, sink), ones, np.zeros(n_mentee_nodes, int)
        )
    flow.set_nodes_supplies(
        np.arange(sink + 1, dtype=np.int64),
        np.concatenate(
            [
                np.ones(n_mentee_nodes, np.int64),
                np.zeros(n_mentor_nodes, np.int64),
                [-n_mentee_nodes],
            ]
        ),
    )
    status = flow.solve() if objective == "score" else flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min cost flow failed: {status!r}")
    return flow.flows(np.arange(arcs.size, dtype=np.int64)) > 0


def _merged(
    candidates: Candidates, extra: Candidates, active: np.ndarray
) -> tuple[Candidates, np.ndarray]:
    """Both sets of pairs (``extra`` holds none of ``candidates``' pairs), in the
    canonical order: a stable sort of keys already nearly sorted, not a lexsort;
    with ``active`` (per candidate) carried along, every extra pair active."""
    mentee = np.concatenate([candidates.mentee, extra.mentee])
    mentor = np.concatenate([candidates.mentor, extra.mentor])
    order = np.argsort(_pair_keys(mentee, mentor), kind="stable")
    score = np.concatenate([candidates.score, extra.score])
    active = np.concatenate([active, np.ones(len(extra), dtype=bool)])
    merged = Candidates(mentee=mentee[order], mentor=mentor[order], score=score[order])
    return merged, active[order]


def _gains(scores: np.ndarray, objective: str, n_mentees: int) -> np.ndarray:
    """The flow's integer gain per pair: minus its cost, plus, for "coverage", a bonus
    per match above any total score (so the most matches come first)."""
    return certify.gains(scores, SCORE_SCALE, _bonus(objective, n_mentees))


def _bonus(objective: str, n_mentees: int) -> int:
    return (n_mentees + 1) * 100 * SCORE_SCALE + 1 if objective == "coverage" else 0


def _certify(
    candidates: Candidates,
    arcs: np.ndarray,
    chosen: np.ndarray,
    remaining: np.ndarray,
    objective: str,
    pruned: certify.Pruned,
    evidence: certify.Evidence,
    usable,
    can: np.ndarray,
) -> tuple[Candidates, np.ndarray, bool]:
    """What the flow's prices say of the pairs it was not solved on: (pairs beyond
    the candidates that could raise the total, the usable candidates near the
    prices' margin, whether a usable candidate outside ``arcs`` fails the prices).
    Nothing beyond and nothing failing: optimal over every pair."""
    n_mentees = evidence.bound.size
    match = np.full(n_mentees, -1, dtype=np.int64)
    match[candidates.mentee[chosen]] = np.searchsorted(arcs, chosen)
    places = remaining - np.bincount(candidates.mentor[chosen], minlength=remaining.size)
    u, v = certify.duals(
        candidates.mentee[arcs].astype(np.int64),
        candidates.mentor[arcs].astype(np.int64),
        _gains(candidates.score[arcs], objective, n_mentees),
        match,
        places > 0,
    )
    slack = (
        u[candidates.mentee] + v[candidates.mentor] - _gains(candidates.score, objective, n_mentees)
    )
    near = can & (slack <= NEAR_SLACK)
    outside = bool(np.any(can & (slack < 0)))  # never on ``arcs``: the prices hold there
    prices = certify.Prices(
        u=u, v=v, open=remaining > 0, scale=SCORE_SCALE, bonus=_bonus(objective, n_mentees)
    )
    who = certify.suspects(evidence, prices)
    if not who.size:
        return _empty_candidates(), near, outside
    extra = certify.missing_pairs(pruned, who, candidates, usable, prices, evidence)
    return extra, near, outside


def _dense_numbers(values: np.ndarray, limit: int) -> np.ndarray:
    """0, 1, 2... for the distinct values in increasing order, per value."""
    present = np.zeros(limit, dtype=bool)
    present[values] = True
    return (np.cumsum(present) - 1)[values]


def _fill_free_places(
    candidates: Candidates,
    arcs: np.ndarray,
    chosen: np.ndarray,
    remaining: np.ndarray,
    n_mentees: int,
) -> np.ndarray:
    """Chosen arcs plus, for a mentee left out while a candidate mentor still has
    room, that pair.

    Only a pair scoring 0 (after rounding) can be in that state, since any
    other would raise the total; the solver is indifferent to it.  Matching it
    costs nothing and makes CAPACITY true of every unmatched mentee.
    """
    places = remaining - np.bincount(candidates.mentor[chosen], minlength=remaining.size)
    matched = np.zeros(n_mentees, dtype=bool)
    matched[candidates.mentee[chosen]] = True
    open_arcs = arcs[~matched[candidates.mentee[arcs]] & (places[candidates.mentor[arcs]] > 0)]
    extra = []
    for arc in open_arcs.tolist():  # a handful at most: ties at score 0
        i, j = int(candidates.mentee[arc]), int(candidates.mentor[arc])
        if not matched[i] and places[j] > 0:
            matched[i] = True
            places[j] -= 1
            extra.append(arc)
    return np.concatenate([chosen, np.asarray(extra, dtype=chosen.dtype)])


def _scores_of(candidates: Candidates, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
    """Candidate scores of the given pairs; 0 for a pair that is not a candidate
    (a coordinator may force a pair the scorer filtered out or ranked beyond k)."""
    scores = np.zeros(mentee.size, dtype=np.float32)
    if not len(candidates):
        return scores
    keys = _pair_keys(candidates.mentee, candidates.mentor)  # sorted: canonical order
    wanted = _pair_keys(mentee, mentor)
    at = np.searchsorted(keys, wanted).clip(max=keys.size - 1)
    found = keys[at] == wanted
    scores[found] = candidates.score[at[found]]
    return scores


def _assignment(
    objective: str,
    *,
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    forced: np.ndarray,
    n_mentees: int,
    has_candidate: np.ndarray,
) -> Assignment:
    order = np.argsort(mentee, kind="stable")
    matched = np.zeros(n_mentees, dtype=bool)
    matched[mentee] = True
    unmatched = np.flatnonzero(~matched).astype(np.int32)
    reasons = tuple(
        CAPACITY if flag else NO_CANDIDATE for flag in has_candidate[unmatched].tolist()
    )
    columns = {
        "mentee": mentee[order].astype(np.int32),
        "mentor": mentor[order].astype(np.int32),
        "score": score[order].astype(np.float32),
        "forced": forced[order].astype(bool),
        "unmatched": unmatched,
    }
    for values in columns.values():
        values.flags.writeable = False
    return Assignment(
        objective=objective,
        reasons=reasons,
        total_score=float(columns["score"].sum(dtype=np.float64)),
        **columns,
    )
