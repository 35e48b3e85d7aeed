"""Track record: a mentor's reviews and answers to requests, shrunk toward a prior."""

from matching.scoring.weights import (
    OUTCOME_PRIOR_MEAN,
    OUTCOME_PRIOR_WEIGHT,
    RATING_MAX,
    RATING_MIN,
    RATING_PRIOR_MEAN,
    RATING_PRIOR_WEIGHT,
    RESPONSIVENESS_PRIOR_MEAN,
    RESPONSIVENESS_PRIOR_WEIGHT,
    TRACK_RATING_SHARE,
    TRACK_RECORD_UNKNOWN,
    TRACK_RESPONSIVENESS_SHARE,
)


def bayesian_rating(
    total: float,
    count: int,
    prior_mean: float = RATING_PRIOR_MEAN,
    prior_weight: float = RATING_PRIOR_WEIGHT,
) -> float | None:
    """The average of ``count`` ratings adding up to ``total``, as if ``prior_weight``
    more ratings of ``prior_mean`` had been given; None when there are none.

    One 5 among no others is (5 + 4 * 5) / 6 = 4.17 with the defaults, not 5.
    """
    if count < 0 or prior_weight < 0:
        raise ValueError("count and prior_weight must be >= 0")
    if count == 0:
        return None
    return (float(total) + prior_mean * prior_weight) / (count + prior_weight)


def responsiveness(
    answered: int,
    expired: int,
    prior_mean: float = RESPONSIVENESS_PRIOR_MEAN,
    prior_weight: float = RESPONSIVENESS_PRIOR_WEIGHT,
) -> float | None:
    """The share of requests answered (0..1): the mean of a Beta posterior whose prior
    is ``prior_weight`` requests answered at ``prior_mean``; None when none was asked.

    One expired request and nothing else gives (0 + 3.2) / (1 + 4) = 0.64 with the
    defaults, not 0.
    """
    if answered < 0 or expired < 0 or prior_weight < 0:
        raise ValueError("answered, expired and prior_weight must be >= 0")
    if not 0 <= prior_mean <= 1:
        raise ValueError("prior_mean must be within 0..1")
    if answered + expired == 0:
        return None
    return (answered + prior_mean * prior_weight) / (answered + expired + prior_weight)


def _around_prior(value: float, low: float, prior: float, high: float) -> float:
    """``low``..``prior``..``high`` onto 0..TRACK_RECORD_UNKNOWN..1, linearly on each side.

    The prior is what we assume of a mentor we know nothing about, so it must
    score exactly like an unknown one: neither a lift nor a penalty.
    """
    value = min(max(float(value), low), high)
    if value <= prior:
        return TRACK_RECORD_UNKNOWN * (value - low) / (prior - low)
    return TRACK_RECORD_UNKNOWN + (1 - TRACK_RECORD_UNKNOWN) * (value - prior) / (high - prior)


def track_record(rating_avg: float | None, responsiveness: float | None) -> float | None:
    """The scorer's track-record value 0..1 from a Bayesian rating (1..5) and a
    responsiveness (0..1); a part not known counts as neutral, None when neither is."""
    if rating_avg is None and responsiveness is None:
        return None
    rating_part = (
        TRACK_RECORD_UNKNOWN
        if rating_avg is None
        else _around_prior(rating_avg, RATING_MIN, RATING_PRIOR_MEAN, RATING_MAX)
    )
    answer_part = (
        TRACK_RECORD_UNKNOWN
        if responsiveness is None
        else _around_prior(responsiveness, 0.0, RESPONSIVENESS_PRIOR_MEAN, 1.0)
    )
    return TRACK_RATING_SHARE * rating_part + TRACK_RESPONSIVENESS_SHARE * answer_part


def outcome_share(working: int, answered: int) -> float | None:
    """Of ``answered`` mentees, the share working in their aimed field (``working`` of them),
    shrunk toward OUTCOME_PRIOR_MEAN like responsiveness; None without answers.

    5 of 5 gives (5 + 1.6) / 9 = 0.73 with the defaults, not 1.
    """
    if not 0 <= working <= answered:
        raise ValueError("working must be within 0..answered")
    if answered == 0:
        return None
    return (working + OUTCOME_PRIOR_MEAN * OUTCOME_PRIOR_WEIGHT) / (answered + OUTCOME_PRIOR_WEIGHT)


def track_with_outcomes(
    record: float | None, outcome: float | None, percent: float
) -> float | None:
    """The track factor's value 0..1: the track record (reviews and answers) and the
    outcome share, the latter counting ``percent`` (0..100) of it once it is known.

    Without an outcome share the record alone is the value (most mentors, whose
    scores must not move); without a record the record's part is neutral; None
    when neither is known.
    """
    if outcome is None:
        return record
    share = min(max(float(percent), 0.0), 100.0) / 100
    record_part = TRACK_RECORD_UNKNOWN if record is None else float(record)
    outcome_part = (
        TRACK_RECORD_UNKNOWN
        if outcome is None
        else _around_prior(outcome, 0.0, OUTCOME_PRIOR_MEAN, 1.0)
    )
    return (1 - share) * record_part + share * outcome_part
