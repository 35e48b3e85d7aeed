"""Cohort matching: the best assignment of a whole cohort under every mentor's capacity.

Pure: numpy, OR-Tools and the standard library, never Django (a test checks),
so it runs in Celery workers, notebooks and benches alike.

Pipeline
    1. ``candidates_for`` keeps, for each mentee of a chunk, the best ``k`` (50)
       mentors by the scorer (``scoring.top_k_block``: only pairs that pass
       the hard filters, score 0..100).  Chunks are scored by separate Celery
       tasks of a chord; each returns ``Candidates.to_payload()`` (JSON-safe).
    2. The chord's callback rebuilds them with ``Candidates.from_payload`` and
       joins them with ``candidates_concat``.
    3. ``assign`` computes the optimal assignment once, as a minimum-cost flow
       (OR-Tools), never greedily; ``greedy`` is the baseline it is compared to.
       Given ``Pruned`` (the ``k`` and ``rows_of`` the features), it proves the
       result optimal over every possible pair, not only the candidates, adding
       the pairs the flow's dual prices show could raise the total (certify.py).
       The solves after the first work on the candidates near the prices'
       margin; a candidate left out that fails the prices joins the next one.

Indices, not ids
    A mentee is its index in the cohort (0..n_mentees-1) and a mentor its index
    in the mentor batch (0..len(capacity)-1).  ``exclude`` of ``candidates_for``
    is read as in ``scoring.score_block`` (a mask over the chunk, or
    (mentee_id, mentor_id) pairs); ``forced``/``forbidden`` of ``assign`` are
    index pairs.  Pass forbidden pairs to both, so that they do not take up
    any of a mentee's ``k`` candidate places.

Objectives
    ``"score"``: the highest total score.  It may leave a mentee unmatched when
    that raises the total (a mentor's place is worth more to someone else).
    ``"coverage"``: the most mentees matched and, among all assignments that
    match that many, the highest total score.  See ``assign`` for the encoding.
"""

from matching.cohort.assign import (
    CAPACITY,
    NO_CANDIDATE,
    SCORE_SCALE,
    Assignment,
    ForcedPairError,
    Objective,
    assign,
    greedy,
)
from matching.cohort.candidates import (
    DEFAULT_K,
    Candidates,
    candidates_concat,
    candidates_for,
    rows_of,
)
from matching.cohort.certify import Pruned

__all__ = [
    "CAPACITY",
    "DEFAULT_K",
    "NO_CANDIDATE",
    "SCORE_SCALE",
    "Assignment",
    "Candidates",
    "ForcedPairError",
    "Objective",
    "Pruned",
    "assign",
    "candidates_concat",
    "candidates_for",
    "greedy",
    "rows_of",
]
