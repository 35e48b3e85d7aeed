"""A programme's weights of the scorer's factors: its own, over the scorer's defaults.

A programme stores only the weights its coordinator set ({factor: points});
every other factor keeps the scorer's default. The rules about them live here
once: which weights a programme scores with, and that at least one must count.
"""

from typing import Any

from matching.scoring import DEFAULT_WEIGHTS, TRACK_OUTCOMES_PERCENT, Weights

# Not a factor of its own: the percent of the track factor that the mentor's outcome
# share takes (issue 16; matching.features), next to the factors' points.
TRACK_OUTCOMES = "track_outcomes"
FACTOR_NAMES = tuple(DEFAULT_WEIGHTS.__dict__)
WEIGHT_NAMES = (*FACTOR_NAMES, TRACK_OUTCOMES)


def effective_weights(own: dict[str, Any]) -> dict[str, float]:
    """The weights scored with: the programme's own, the defaults for the rest."""
    return {**DEFAULT_WEIGHTS.__dict__, TRACK_OUTCOMES: TRACK_OUTCOMES_PERCENT, **own}


def any_weight_counts(own: dict[str, Any]) -> bool:
    """Whether these weights leave at least one factor above zero (else nothing scores)."""
    weights = effective_weights(own)
    return any(weights[name] for name in FACTOR_NAMES)


def scoring_weights(own: dict[str, Any]) -> Weights:
    """The scorer's Weights for a programme's own weights."""
    weights = effective_weights(own)
    return Weights(**{name: weights[name] for name in FACTOR_NAMES})


def track_outcomes_of(own: dict[str, Any]) -> float:
    """The percent of the track factor the outcome share takes, for this programme."""
    return float(effective_weights(own)[TRACK_OUTCOMES])
