"""The certificate that an assignment solved on each mentee's best ``k`` is optimal
over every possible pair.

Linear-programming duality for the assignment with capacities: the flow is optimal
over a set of pairs exactly when there are values ``u`` (one per mentee, >= 0) and
prices ``v`` (one per mentor, >= 0) with ``u[i] + v[j] >= gain(i, j)`` on every pair,
equality on every chosen pair, ``u = 0`` for a mentee left out and ``v = 0`` for a
mentor with a free place.  The flow on the pruned pairs gives such values for those
pairs (``duals``); a pair left out of the candidates can only improve the total when
``gain(i, j) > u[i] + v[j]``.  Since ``v >= 0`` and a pruned pair of mentee ``i``
scores at most ``bound[i]`` (its ``k``-th best kept score), only a mentee with
``u[i] < bound[i]`` needs its whole row looked at: its violating pairs join the
candidates and the flow is solved again, until no pair violates.  The result is then
provably optimal over the full graph, not only over the candidates.

Gains are integers: the score in units of 1/SCORE_SCALE, plus, for the "coverage"
objective, a bonus larger than any total score (most mentees first, then score).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.cohort.candidates import Candidates, _empty_candidates, _member, _pair_keys

try:
    import numba
except ImportError:  # pragma: no cover - numba is a dependency
    numba = None


def _compiled(function):
    if numba is None:  # pragma: no cover
        return function
    return numba.njit(cache=True, nogil=True)(function)


@_compiled
def _prices(first, arc_mentor, arc_gain, match, match_gain, n_mentors):  # pragma: no cover
    """The least mentor prices v >= 0 with u[i] + v[j] >= gain on every arc and
    equality on the chosen ones, where u[i] = match_gain[i] - v[match[i]] (0 when
    unmatched). Longest paths by label correcting over the mentors; -1 in v[0]
    (with a size-1 result) when prices rise without end (the flow is not optimal)."""
    n = match.size
    v = np.zeros(n_mentors, np.int64)
    # Mentees matched at each mentor (CSR).
    count = np.zeros(n_mentors + 1, np.int64)
    for i in range(n):
        if match[i] >= 0:
            count[match[i] + 1] += 1
    for j in range(n_mentors):
        count[j + 1] += count[j]
    at = count[:-1].copy()
    held = np.empty(max(count[n_mentors], 1), np.int64)
    for i in range(n):
        if match[i] >= 0:
            held[at[match[i]]] = i
            at[match[i]] += 1
    for i in range(n):  # a mentee left out: u = 0, so v[j] >= gain
        if match[i] < 0:
            for a in range(first[i], first[i + 1]):
                if arc_gain[a] > v[arc_mentor[a]]:
                    v[arc_mentor[a]] = arc_gain[a]
    queue = np.empty(n_mentors, np.int64)
    queued = np.zeros(n_mentors, np.bool_)
    popped = np.zeros(n_mentors, np.int64)
    head = tail = size = 0
    for j in range(n_mentors):  # each mentor's mentees bound the others' prices
        if count[j + 1] > count[j]:
            queue[tail] = j
            tail = (tail + 1) % n_mentors
            size += 1
            queued[j] = True
    while size:
        j = queue[head]
        head = (head + 1) % n_mentors
        size -= 1
        queued[j] = False
        popped[j] += 1
        if popped[j] > n_mentors + 1:  # a rising cycle: no prices exist
            return np.full(1, -1, np.int64)
        for h in range(count[j], count[j + 1]):
            i = held[h]
            u = match_gain[i] - v[j]
            for a in range(first[i], first[i + 1]):
                other = arc_mentor[a]
                if arc_gain[a] - u > v[other]:
                    v[other] = arc_gain[a] - u
                    if not queued[other]:
                        queue[tail] = other
                        tail = (tail + 1) % n_mentors
                        size += 1
                        queued[other] = True
    return v


def duals(
    arc_mentee: np.ndarray,
    arc_mentor: np.ndarray,
    arc_gain: np.ndarray,
    match: np.ndarray,
    has_room: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(u per mentee, v per mentor) proving the chosen pairs optimal over the arcs.

    ``arc_*``: the pairs the solver could use, sorted by mentee; ``match[i]``: the
    index of mentee i's chosen arc, -1 if left out; ``has_room[j]``: mentor j still
    has a free place. RuntimeError when the values do not exist: then the chosen
    pairs were not optimal, which would be a solver defect.
    """
    n, n_mentors = match.size, has_room.size
    if n_mentors == 0 or arc_mentee.size == 0:
        return np.zeros(n, np.int64), np.zeros(n_mentors, np.int64)
    first = np.searchsorted(arc_mentee, np.arange(n + 1)).astype(np.int64)
    chosen = match >= 0
    matched_mentor = np.full(n, -1, np.int64)
    matched_mentor[chosen] = arc_mentor[match[chosen]]
    match_gain = np.zeros(n, np.int64)
    match_gain[chosen] = arc_gain[match[chosen]]
    v = _prices(
        first,
        arc_mentor.astype(np.int64),
        arc_gain.astype(np.int64),
        matched_mentor,
        match_gain,
        n_mentors,
    )
    if v.size != n_mentors or np.any(v[has_room] != 0):
        raise RuntimeError("the assignment is not optimal over its candidates: no prices prove it")
    u = np.where(chosen, match_gain - v[np.maximum(matched_mentor, 0)], 0)
    reduced = u[arc_mentee] + v[arc_mentor] - arc_gain
    if np.any(u < 0) or np.any(reduced < 0) or np.any(reduced[match[chosen]] != 0):
        raise RuntimeError("the assignment is not optimal over its candidates: prices fail")
    return u, v


def violations(
    row_mentee: np.ndarray,
    row_mentor: np.ndarray,
    row_gain: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
) -> np.ndarray:
    """Mask over the given pairs of those that could raise the total: gain > u + v."""
    return row_gain > u[row_mentee] + v[row_mentor]


@dataclass(frozen=True)
class Pruned:
    """How the candidates were pruned, for ``assign`` to prove its result optimal
    over every possible pair: each mentee kept its best ``k`` (fewer when fewer
    passed the hard filters), and ``rows(mentees, mentors)`` gives every possible
    pair of the given cohort mentee indices with the given mentor indices
    (``candidates.rows_of`` builds it from the features). A ``rows`` that also has
    ``rows.blocks(mentees, mentors)``, the same scores as (mentee indices, mentor
    indices, score matrix) blocks, lets the proof skip building every pair."""

    k: int
    rows: Callable[[np.ndarray, np.ndarray], Candidates]


def pruned_bounds(candidates: Candidates, n_mentees: int, k: int) -> np.ndarray:
    """Per mentee, the most a pair missing from the candidates can score: the lowest
    kept score of a mentee that kept ``k`` (its others score no more), else -1
    (nothing was left out)."""
    counts = np.bincount(candidates.mentee, minlength=n_mentees)
    lowest = np.full(n_mentees, np.inf, dtype=np.float64)
    np.minimum.at(lowest, candidates.mentee, candidates.score.astype(np.float64))
    return np.where(counts >= k, lowest, -1.0)


def gains(scores: np.ndarray, scale: int, bonus: int) -> np.ndarray:
    """Integer gains of scores: in units of 1/``scale`` point, plus ``bonus``."""
    gain = np.rint(np.asarray(scores, np.float32).astype(np.float64) * scale)
    return gain.astype(np.int64) + bonus


@dataclass(frozen=True)
class Prices:
    """The duals of one solve and how to read a score as a gain (``gains``)."""

    u: np.ndarray  # per mentee
    v: np.ndarray  # per mentor
    open: np.ndarray  # per mentor: still usable (places left after the forced pairs)
    scale: int
    bonus: int

    def gain_of(self, scores: np.ndarray) -> np.ndarray:
        return gains(scores, self.scale, self.bonus)


@dataclass
class Evidence:
    """What is known of each mentee's pairs left out of the candidates (gains):
    none beats gain(bound[i]); and, once the mentee's row was looked at in round
    ``seen_round[i]``, none beats ``seen_u[i] + seen_v[round][j]`` (the prices then:
    each such pair either did not violate them, or its mentor was priced above
    the mentee's reach). So a mentee needs looking at again only when the prices
    fell since for some mentor it could reach."""

    bound: np.ndarray  # float64 score, -1: nothing left out
    seen_round: np.ndarray  # int64, -1: never looked at
    seen_u: np.ndarray  # int64
    seen_v: list[np.ndarray]

    @classmethod
    def start(cls, candidates: Candidates, n_mentees: int, k: int) -> Evidence:
        return cls(
            bound=pruned_bounds(candidates, n_mentees, k),
            seen_round=np.full(n_mentees, -1, dtype=np.int64),
            seen_u=np.zeros(n_mentees, dtype=np.int64),
            seen_v=[],
        )


def suspects(evidence: Evidence, prices: Prices) -> np.ndarray:
    """Mentees some of whose left-out pairs might beat the prices u + v."""
    if not np.any(prices.open):
        return np.zeros(0, dtype=np.int64)
    reach = prices.gain_of(evidence.bound) - prices.u
    columns = np.flatnonzero(prices.open)
    by_price = np.argsort(prices.v[columns], kind="stable")
    v_sorted = prices.v[columns][by_price]
    within = np.searchsorted(v_sorted, reach, side="left")  # open mentors with v < reach
    suspect = (evidence.bound >= 0) & (within > 0)
    for number, old_v in enumerate(evidence.seen_v):
        mine = np.flatnonzero(suspect & (evidence.seen_round == number))
        if not mine.size:
            continue
        # The largest fall of price among the cheapest ``within`` open mentors.
        fall = np.maximum.accumulate((old_v[columns] - prices.v[columns])[by_price])
        rise = prices.u[mine] - evidence.seen_u[mine]
        suspect[mine] = fall[within[mine] - 1] > rise
    return np.flatnonzero(suspect)


def missing_pairs(
    pruned: Pruned,
    who: np.ndarray,
    known: Candidates,
    usable: Callable[[np.ndarray, np.ndarray], np.ndarray],
    prices: Prices,
    evidence: Evidence,
) -> Candidates:
    """The pairs of the mentees ``who`` that violate the prices (to add to the
    candidates); records what the look tells of their other pairs (Evidence).

    Only mentors cheaper than some suspect's reach are scored: a left-out pair
    (i, j) gains at most gain(bound[i]), so it cannot violate when v[j] is as high.
    When ``pruned.rows`` also gives its scores as blocks (``rows_of`` does), the
    pairs are read block by block and only the violating ones are kept: the same
    pairs and the same evidence, without building every pair of the suspects.
    """
    bound = evidence.bound
    reach = (prices.gain_of(bound[who]) - prices.u[who]).max()
    mentors = np.flatnonzero(prices.open & (prices.v < reach))
    every = mentors.size == np.count_nonzero(prices.open)  # every usable pair is seen
    blocks = getattr(pruned.rows, "blocks", None)
    look = _look_at_blocks if blocks is not None else _look_at_rows
    added, left_mentee, left_score = look(pruned, who, mentors, known, usable, prices, every)
    if every:
        bound[who] = -1.0
        np.maximum.at(bound, left_mentee, left_score.astype(np.float64))
    evidence.seen_round[who] = len(evidence.seen_v)
    evidence.seen_u[who] = prices.u[who]
    evidence.seen_v.append(prices.v.copy())
    return added


def _look_at_rows(pruned, who, mentors, known, usable, prices, every):
    """(violating new pairs, and when ``every``: the new pairs left out, as mentee
    and score) from ``pruned.rows``, every pair of ``who`` with ``mentors`` at once."""
    rows = pruned.rows(who, mentors)
    keys = _pair_keys(rows.mentee, rows.mentor)
    new = ~_member(keys, _pair_keys(known.mentee, known.mentor)) & usable(rows.mentee, rows.mentor)
    gain = prices.gain_of(rows.score)
    add = new & violations(rows.mentee, rows.mentor, gain, prices.u, prices.v)
    left = new & ~add if every else np.zeros(len(rows), dtype=bool)
    added = Candidates(mentee=rows.mentee[add], mentor=rows.mentor[add], score=rows.score[add])
    return added, rows.mentee[left], rows.score[left]


def _look_at_blocks(pruned, who, mentors, known, usable, prices, every):
    """What _look_at_rows finds, from ``pruned.rows.blocks``: per block of scores,
    in one compiled pass, the violating pairs, and each mentee's best new pair
    left out (the bound).

    The violating pairs are few: the known ones among them (a candidate the flow
    was not solved on may fail the prices) are dropped after the blocks.
    """
    found, left_mentee, left_score = [], [], []
    for part, columns, scores in pruned.rows.blocks(who, mentors):
        known_row, known_column = _known_cells(known, part, columns) if every else _NO_CELLS
        over_row, over_column, best, best_column = _scan_block(
            np.ascontiguousarray(scores, dtype=np.float32),
            prices.u[part],
            prices.v[columns],
            prices.scale,
            prices.bonus,
            np.searchsorted(known_row, np.arange(part.size + 1)),
            known_column,
            every,
        )
        m, j = part[over_row], columns[over_column]
        ok = usable(m, j)
        found.append((m[ok], j[ok], scores[over_row[ok], over_column[ok]]))
        if every:
            some = np.flatnonzero(best_column >= 0)
            bad = some[~usable(part[some], columns[best_column[some]])]
            if bad.size:  # a forbidden pair is no candidate: the row's next best
                best[bad] = _best_usable(scores[bad], part[bad], columns, known, prices, usable)
            kept = best >= 0
            left_mentee.append(part[kept])
            left_score.append(best[kept])
    if not found:
        return _empty_candidates(), np.zeros(0, np.int64), np.zeros(0, np.float32)
    mentee = np.concatenate([f[0] for f in found])
    mentor = np.concatenate([f[1] for f in found])
    new = ~_member(_pair_keys(mentee, mentor), _pair_keys(known.mentee, known.mentor))
    score = np.concatenate([f[2] for f in found])
    added = Candidates(mentee=mentee[new], mentor=mentor[new], score=score[new])
    if not every:
        return added, np.zeros(0, np.int64), np.zeros(0, np.float32)
    return added, np.concatenate(left_mentee), np.concatenate(left_score)


_NO_CELLS = (np.zeros(0, np.int64), np.zeros(0, np.int64))


@_compiled
def _scan_block(
    scores, u, v, scale, bonus, known_start, known_column, every
):  # pragma: no cover - compiled; the tests compare it with _look_at_rows
    """One pass over a block of scores (rows: mentees, columns: mentors; < 0 fails):
    the cells whose gain beats u[row] + v[column], and, when ``every``, each row's
    best passing cell that does not and is not known (-1: none)."""
    n_rows, n_columns = scores.shape
    capacity = 64
    over_row = np.empty(capacity, np.int64)
    over_column = np.empty(capacity, np.int64)
    count = 0
    best = np.full(n_rows, -1.0, np.float32)
    best_column = np.full(n_rows, -1, np.int64)
    skip = np.zeros(n_columns, np.bool_)
    for r in range(n_rows):
        if every:
            for h in range(known_start[r], known_start[r + 1]):
                skip[known_column[h]] = True
        for c in range(n_columns):
            score = scores[r, c]
            if score < 0:
                continue
            gain = np.int64(np.rint(np.float64(score) * scale)) + bonus
            if gain > u[r] + v[c]:
                if count == capacity:
                    capacity *= 2
                    grown_row = np.empty(capacity, np.int64)
                    grown_column = np.empty(capacity, np.int64)
                    grown_row[:count] = over_row[:count]
                    grown_column[:count] = over_column[:count]
                    over_row, over_column = grown_row, grown_column
                over_row[count] = r
                over_column[count] = c
                count += 1
            elif every and not skip[c] and score > best[r]:
                best[r] = score
                best_column[r] = c
        if every:
            for h in range(known_start[r], known_start[r + 1]):
                skip[known_column[h]] = False
    return over_row[:count], over_column[:count], best, best_column


def _best_usable(scores, part, columns, known, prices, usable):
    """Each row's best usable pair that neither beats the prices nor is known (the
    scan's answer when its best was a forbidden pair): -1 when none."""
    gain = prices.gain_of(scores)
    left = np.where(
        (scores >= 0) & (gain <= prices.u[part][:, None] + prices.v[columns][None, :]),
        scores,
        -1.0,
    )
    known_row, known_column = _known_cells(known, part, columns)
    left[known_row, known_column] = -1.0
    rows = np.arange(part.size)
    while True:
        at = left.argmax(axis=1)
        best = left[rows, at]
        bad = (best >= 0) & ~usable(part, columns[at])
        if not bad.any():
            return best
        left[rows[bad], at[bad]] = -1.0


def _known_cells(known: Candidates, part: np.ndarray, columns: np.ndarray):
    """(row, column) positions in a block of the pairs already among ``known``
    (sorted by mentee; ``columns`` sorted)."""
    lo = np.searchsorted(known.mentee, part, side="left")
    counts = np.searchsorted(known.mentee, part, side="right") - lo
    total = int(counts.sum())
    if not total:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.cumsum(counts) - counts
    at = np.arange(total) - np.repeat(starts, counts) + np.repeat(lo, counts)
    row = np.repeat(np.arange(part.size), counts)
    mentor = known.mentor[at]
    position = np.searchsorted(columns, mentor).clip(max=columns.size - 1)
    inside = columns[position] == mentor
    return row[inside], position[inside]
