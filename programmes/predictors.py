"""What predicts a switch (issue 16): each matching factor's association with working
in the aimed field six months after the mentorship, and a weight set it suggests.

A logistic regression (statsmodels) of "works in the field they aimed at" (yes,
against not yet) on the factor values the scorer gave the pair when it was
matched (Match.factors), each 0..1: a coefficient is the change in log-odds
from a factor's worst to its best value, with its 95 % confidence interval.
People who changed their aim answer another question and are left out. It is an
association in a few dozen answers, not a cause: the suggested weights move
only the factors whose interval excludes zero, by at most half or double, and
are never applied by themselves — the coordinator applies them to the next run.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching import scoring
from matching.models import Match
from mentorship.follow_up_models import FollowUp, InTargetField
from programmes.models import Programme
from programmes.weights import effective_weights

MIN_SIX_MONTH_ANSWERS = 50
FACTORS = (
    scoring.FACTOR_GOAL, scoring.FACTOR_SKILLS, scoring.FACTOR_OVERLAP, scoring.FACTOR_FORMAT,
    scoring.FACTOR_STAGE, scoring.FACTOR_SWITCH, scoring.FACTOR_TRACK,
)  # fmt: skip
# A factor whose interval excludes zero moves its weight by exp(coefficient * STEP),
# bounded to [1 / MAX_CHANGE, MAX_CHANGE] times what it was.
STEP = 0.5
MAX_CHANGE = 2.0


@dataclass(frozen=True)
class Association:
    factor: str
    coefficient: float | None  # None: the factor did not vary among these pairs
    ci_low: float | None
    ci_high: float | None
    p_value: float | None

    @property
    def clear(self) -> bool:
        """Whether the 95 % interval lies on one side of zero."""
        return self.ci_low is not None and (self.ci_low > 0 or self.ci_high < 0)


def fit_associations(x: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> list[Association]:
    """Logistic regression of y (0/1) on the columns of x (with an intercept).

    Columns that do not vary are left out (and reported without a coefficient):
    they would make the design singular and say nothing anyway.
    """
    from statsmodels.discrete.discrete_model import Logit

    varying = [j for j in range(x.shape[1]) if np.ptp(x[:, j]) > 1e-9]
    design = np.column_stack([np.ones(len(y)), x[:, varying]])
    fitted = Logit(y, design).fit(disp=0, method="bfgs", maxiter=2000)
    params, intervals, pvalues = fitted.params, fitted.conf_int(0.05), fitted.pvalues
    at = {j: k + 1 for k, j in enumerate(varying)}
    result = []
    for j, name in enumerate(names):
        if j not in at:
            result.append(Association(name, None, None, None, None))
            continue
        k = at[j]
        result.append(
            Association(
                name,
                round(float(params[k]), 3),
                round(float(intervals[k][0]), 3),
                round(float(intervals[k][1]), 3),
                round(float(pvalues[k]), 4),
            )
        )
    return result


def suggested_weights(
    current: dict[str, float], associations: list[Association]
) -> dict[str, float]:
    """The current weights, each factor with a clear association moved toward it; the
    total stays what it was, and every weight is rounded to a half point."""
    moved = dict(current)
    for a in associations:
        if a.clear and a.factor in moved:
            change = min(max(math.exp(a.coefficient * STEP), 1 / MAX_CHANGE), MAX_CHANGE)
            moved[a.factor] = current[a.factor] * change
    total, new_total = sum(current.values()), sum(moved.values())
    scale = total / new_total if new_total else 1.0
    return {name: min(round(value * scale * 2) / 2, 100.0) for name, value in moved.items()}


def training_rows(programme: Programme | None) -> tuple[np.ndarray, np.ndarray]:
    """(factor values, working 0/1) of the six-month answers (a programme's, or the site's)."""
    answers = FollowUp.objects.answered().filter(
        months=6,
        mentorship__isnull=False,
        in_target_field__in=[InTargetField.YES, InTargetField.NOT_YET],
    )
    if programme is not None:
        answers = answers.filter(programme=programme)
    working = dict(answers.values_list("mentorship_id", "in_target_field"))
    factors = Match.objects.filter(mentorship_id__in=list(working)).values_list(
        "mentorship_id", "factors"
    )
    x, y = [], []
    for mentorship_id, facts in factors:
        values = {code: value for code, _weight, value in (facts or {}).get("f", [])}
        if not values:
            continue  # a pair the scorer never scored (none in practice)
        x.append([float(values.get(name, 0.0)) for name in FACTORS])
        y.append(int(working[mentorship_id] == InTargetField.YES))
    return np.array(x, dtype=float).reshape(-1, len(FACTORS)), np.array(y, dtype=float)


def predictors(programme: Programme | None) -> dict[str, Any]:
    """The table and the suggestion, or how many more six-month answers are needed."""
    x, y = training_rows(programme)
    answers = len(y)
    result: dict[str, Any] = {"answers": answers, "needed": MIN_SIX_MONTH_ANSWERS}
    if answers < MIN_SIX_MONTH_ANSWERS:
        return {**result, "missing": MIN_SIX_MONTH_ANSWERS - answers, "associations": []}
    if y.min() == y.max():
        return {**result, "missing": 0, "associations": [], "error": "all_the_same"}
    try:
        associations = fit_associations(x, y, FACTORS)
    except (np.linalg.LinAlgError, ValueError) as error:
        return {**result, "missing": 0, "associations": [], "error": repr(error)[:200]}
    current = effective_weights(programme.weights if programme else {})
    current = {name: float(current[name]) for name in FACTORS}
    return {
        **result,
        "missing": 0,
        "associations": [a.__dict__ | {"clear": a.clear} for a in associations],
        "current_weights": current,
        "suggested_weights": suggested_weights(current, associations),
    }
