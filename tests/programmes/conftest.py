"""The programme tests' helpers (fixtures coordinator, programme, cohort: tests/conftest.py)."""

import pytest

from programmes import runs
from programmes.models import MatchingRun


def run_inline(run: MatchingRun) -> MatchingRun:
    """The chord's steps in this process, in order (the worker test runs the real chord)."""
    assert runs.matching_run_in_process(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.fixture
def draft(coordinator, programme, cohort) -> MatchingRun:
    """The cohort's matching, computed in this process: four pairs, one mentee left out."""
    run = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    return run_inline(run)


@pytest.fixture
def member(cohort):
    """A mentee of the cohort: sees the programme, never the other members."""
    mentees, _mentors = cohort
    return mentees[0].user
