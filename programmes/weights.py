"""A programme's weights of the scorer's factors: its own, over the scorer's defaults.

A programme stores only the weights its coordinator set ({factor: points});
every other factor keeps the scorer's default. The rules about them live here
once: which weights a programme scores with, and that at least one must count.
"""

from typing import Any

from matching.scoring import DEFAULT_WEIGHTS, Weights

WEIGHT_NAMES = tuple(DEFAULT_WEIGHTS.__dict__)


def effective_weights(own: dict[str, Any]) -> dict[str, float]:
    """The weights scored with: the programme's own, the defaults for the rest."""
    return {**DEFAULT_WEIGHTS.__dict__, **own}


def any_weight_counts(own: dict[str, Any]) -> bool:
    """Whether these weights leave at least one factor above zero (else nothing scores)."""
    return any(effective_weights(own).values())


def scoring_weights(own: dict[str, Any]) -> Weights:
    """The scorer's Weights for a programme's own weights."""
    return Weights(**effective_weights(own))
