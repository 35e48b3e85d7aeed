"""The scorer's weights (points out of 100), tuning constants and the codes it reports.

Kept in one module so that a product discussion about "what matters" is a diff
of this file only.
"""

from dataclasses import dataclass

import numpy as np

W_GOAL = 20.0  # mentee's goal area is one the mentor mentors in
W_SKILLS = 25.0  # share of the skills the mentee wants that the mentor has
W_OVERLAP = 20.0  # common weekly hours (saturating)
W_FORMAT = 10.0  # share of the mentee's formats the mentor offers
W_STAGE = 10.0  # mentee's stage against mentor's years of experience
W_SWITCH = 10.0  # mentor made the same career switch
W_TRACK = 5.0  # mentor's past mentoring outcomes

# 3 hours a week is plenty for mentoring; more common time adds nothing.
OVERLAP_SATURATION_MINUTES = 180
# A mentor who reached the same target role knows the destination even when
# they started from elsewhere, so that is most of the value of the same switch.
SWITCH_TO_ONLY = 0.6
SWITCH_BOTH = 1.0
# Unknown track record is neutral, neither rewarded nor punished.
TRACK_RECORD_UNKNOWN = 0.5
# Ratings (1..5) become a Bayesian average: RATING_PRIOR_WEIGHT imagined reviews of
# RATING_PRIOR_MEAN join the real ones, so one review moves a mentor a little and many
# reviews move them all the way. The prior is what we assume of a mentor nobody has
# rated yet, so it counts as neutral (TRACK_RECORD_UNKNOWN).
RATING_MIN = 1.0
RATING_MAX = 5.0
RATING_PRIOR_MEAN = 4.0
RATING_PRIOR_WEIGHT = 5.0
# A rating is private to the mentee who gave it, yet the prior above is public and fixed,
# so from the published average and count of one mentee's reviews the mentor could work
# back each of them. Reviews therefore count only once a mentorship is over, all of a
# pair's at once (mentorship/track_record.py), and the rating is published (card,
# catalogue, API, explanations, ranking) only when mentees of at least MIN_RATED_MENTEES
# finished mentorships have given some: the figure then pools several people's reviews.
# Below that the rating is unknown, which is neutral.
MIN_RATED_MENTEES = 3
# Responsiveness is the share of requests a mentor answers before they expire, with a
# Beta prior of RESPONSIVENESS_PRIOR_WEIGHT imagined requests answered at
# RESPONSIVENESS_PRIOR_MEAN: most mentors answer, so one expired request costs little.
RESPONSIVENESS_PRIOR_MEAN = 0.8
RESPONSIVENESS_PRIOR_WEIGHT = 4.0
# Shares of the track record (they add up to 1). Reviews say how the mentoring went;
# answering requests only says whether it starts.
TRACK_RATING_SHARE = 0.7
TRACK_RESPONSIVENESS_SHARE = 0.3
# Outcomes (issue 16): of the mentees who answered a follow-up, the share now working in
# the field they aimed at, with a Beta prior of OUTCOME_PRIOR_WEIGHT imagined answers at
# OUTCOME_PRIOR_MEAN. Published from MIN_OUTCOME_ANSWERS mentees, republished only when
# MIN_RATED_MENTEES more stand behind it (mentorship/outcome_record.py). In the track
# factor it takes TRACK_OUTCOMES_PERCENT of the factor, unless a programme sets its own
# share (its weights' "track_outcomes", programmes/weights.py).
OUTCOME_PRIOR_MEAN = 0.4
OUTCOME_PRIOR_WEIGHT = 4.0
MIN_OUTCOME_ANSWERS = 5
TRACK_OUTCOMES_PERCENT = 30.0

# Years of experience are bucketed: <2, 2..5, 5..10, >=10 years.
EXPERIENCE_BUCKET_EDGES: tuple[float, ...] = (2.0, 5.0, 10.0)
# Fit of a mentee stage (rows) to a mentor experience bucket (columns).
# Exploring/learning mentees need someone who remembers the beginning and has
# time, so mid-career mentors fit best and very senior ones are not better.
# Job-search and first-job mentees profit from years: hiring-side insight,
# interview practice, referrals and navigating a first team grow with
# seniority, and a junior mentor can offer little there.
STAGE_EXPERIENCE_FIT: tuple[tuple[float, ...], ...] = (
    (0.7, 1.0, 0.9, 0.8),  # exploring
    (0.7, 1.0, 1.0, 0.8),  # learning
    (0.3, 0.7, 1.0, 1.0),  # job_search
    (0.2, 0.6, 0.9, 1.0),  # first_job
)

# Machine codes for hard-filter failures (rendered into sentences elsewhere).
NO_COMMON_LANGUAGE = "no_common_language"
NO_COMMON_FORMAT = "no_common_format"
NO_FREE_PLACE = "no_free_place"
NOT_ACCEPTING = "not_accepting"
NO_COMMON_HOURS = "no_common_hours"
NO_COMMON_GOAL = "no_common_goal"
SAME_PERSON = "same_person"
EXCLUDED = "excluded"

# Factor codes, in the order they are reported.
FACTOR_GOAL = "goal"
FACTOR_SKILLS = "skills"
FACTOR_OVERLAP = "overlap"
FACTOR_FORMAT = "format"
FACTOR_STAGE = "stage"
FACTOR_SWITCH = "switch"
FACTOR_TRACK = "track"

FAILED_SCORE = -1.0


@dataclass(frozen=True)
class Weights:
    """Relative importance of the factors.

    Scores are normalised by the total, so a programme may pass any
    non-negative weights (e.g. drop ``track`` to 0) and scores stay in 0..100.
    """

    goal: float = W_GOAL
    skills: float = W_SKILLS
    overlap: float = W_OVERLAP
    format: float = W_FORMAT
    stage: float = W_STAGE
    switch: float = W_SWITCH
    track: float = W_TRACK

    def __post_init__(self) -> None:
        values = self.as_dict()
        for name, value in values.items():
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"weight {name!r} must be a finite number >= 0, got {value!r}")
        if sum(values.values()) <= 0:
            raise ValueError("at least one weight must be positive")

    def as_dict(self) -> dict[str, float]:
        return {
            FACTOR_GOAL: float(self.goal),
            FACTOR_SKILLS: float(self.skills),
            FACTOR_OVERLAP: float(self.overlap),
            FACTOR_FORMAT: float(self.format),
            FACTOR_STAGE: float(self.stage),
            FACTOR_SWITCH: float(self.switch),
            FACTOR_TRACK: float(self.track),
        }

    def points(self) -> dict[str, float]:
        """Maximum points of each factor after normalising the total to 100."""
        values = self.as_dict()
        scale = 100.0 / sum(values.values())
        # Rounded through float32 so the Python explanation and the float32
        # kernel multiply by exactly the same numbers.
        return {name: float(np.float32(value * scale)) for name, value in values.items()}


DEFAULT_WEIGHTS = Weights()
