"""Mentor–mentee match scoring: pure numpy, no Django.

Everything a view or a batch job needs to rank mentors for mentees, working on
column-oriented numpy batches so that scoring is vectorised over mentors (and
over blocks of mentees).  Django code turns model rows into ``MenteeRow`` /
``MentorRow`` values, packs them once, and renders the structured
``Explanation`` facts into translated sentences itself.

One concern per module, from the ground up:

    weights    the weights, tuning constants and reported codes
    track      a mentor's track record from reviews and answers
    week       the UTC week grid and availability packing (DST-exact)
    profiles   rows and column batches of mentees and mentors
    packing    rows into batches
    pairs      pairs named by ids (exclusions, the same person)
    sides      each side of a block prepared for broadcasting
    kernel     score_block, the vectorised scorer
    topk       the best k mentors of each mentee
    reference  the plain-Python pair (score_block_python, the tested reference)
    facts      explanations and the facts a stored suggestion keeps

Callers import from ``matching.scoring``; the names below are its public face.
Imports numpy and the standard library only (a test checks that importing the
package loads no Django), so it runs in workers, notebooks and benches.
"""

from matching.scoring.facts import (
    Explanation,
    Factor,
    PairFacts,
    blockers_against,
    explain_pair,
    pair_facts,
)
from matching.scoring.kernel import score_block
from matching.scoring.packing import pack_mentees, pack_mentors
from matching.scoring.pairs import ExcludeLike
from matching.scoring.profiles import (
    MAX_GOAL_AREAS,
    MAX_LANGUAGES,
    MAX_SKILLS,
    SKILL_WORDS,
    Format,
    MenteeFeatures,
    MenteeRow,
    MentorFeatures,
    MentorRow,
    Stage,
)
from matching.scoring.reference import score_block_python
from matching.scoring.topk import top_k, top_k_block
from matching.scoring.track import (
    bayesian_rating,
    outcome_share,
    responsiveness,
    track_record,
    track_with_outcomes,
)
from matching.scoring.week import (
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    SLOTS_PER_WEEK,
    WORDS,
    Slot,
    week_bitset,
    week_bitsets,
    week_bitsets_of_slots,
)
from matching.scoring.weights import (
    DEFAULT_WEIGHTS,
    EXCLUDED,
    FACTOR_FORMAT,
    FACTOR_GOAL,
    FACTOR_OVERLAP,
    FACTOR_SKILLS,
    FACTOR_STAGE,
    FACTOR_SWITCH,
    FACTOR_TRACK,
    FAILED_SCORE,
    MIN_OUTCOME_ANSWERS,
    MIN_RATED_MENTEES,
    NO_COMMON_FORMAT,
    NO_COMMON_GOAL,
    NO_COMMON_HOURS,
    NO_COMMON_LANGUAGE,
    NO_FREE_PLACE,
    NOT_ACCEPTING,
    OVERLAP_SATURATION_MINUTES,
    RATING_PRIOR_MEAN,
    RATING_PRIOR_WEIGHT,
    RESPONSIVENESS_PRIOR_MEAN,
    RESPONSIVENESS_PRIOR_WEIGHT,
    SAME_PERSON,
    TRACK_OUTCOMES_PERCENT,
    TRACK_RECORD_UNKNOWN,
    Weights,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "EXCLUDED",
    "FACTOR_FORMAT",
    "FACTOR_GOAL",
    "FACTOR_OVERLAP",
    "FACTOR_SKILLS",
    "FACTOR_STAGE",
    "FACTOR_SWITCH",
    "FACTOR_TRACK",
    "FAILED_SCORE",
    "MAX_GOAL_AREAS",
    "MAX_LANGUAGES",
    "MAX_SKILLS",
    "MINUTES_PER_DAY",
    "MINUTES_PER_WEEK",
    "MIN_OUTCOME_ANSWERS",
    "MIN_RATED_MENTEES",
    "NOT_ACCEPTING",
    "NO_COMMON_FORMAT",
    "NO_COMMON_GOAL",
    "NO_COMMON_HOURS",
    "NO_COMMON_LANGUAGE",
    "NO_FREE_PLACE",
    "OVERLAP_SATURATION_MINUTES",
    "RATING_PRIOR_MEAN",
    "RATING_PRIOR_WEIGHT",
    "RESPONSIVENESS_PRIOR_MEAN",
    "RESPONSIVENESS_PRIOR_WEIGHT",
    "SAME_PERSON",
    "SKILL_WORDS",
    "SLOTS_PER_DAY",
    "SLOTS_PER_WEEK",
    "SLOT_MINUTES",
    "TRACK_OUTCOMES_PERCENT",
    "TRACK_RECORD_UNKNOWN",
    "WORDS",
    "ExcludeLike",
    "Explanation",
    "Factor",
    "Format",
    "MenteeFeatures",
    "MenteeRow",
    "MentorFeatures",
    "MentorRow",
    "PairFacts",
    "Slot",
    "Stage",
    "Weights",
    "bayesian_rating",
    "blockers_against",
    "explain_pair",
    "outcome_share",
    "pack_mentees",
    "pack_mentors",
    "pair_facts",
    "responsiveness",
    "score_block",
    "score_block_python",
    "top_k",
    "top_k_block",
    "track_record",
    "track_with_outcomes",
    "week_bitset",
    "week_bitsets",
    "week_bitsets_of_slots",
]
