"""The programme tests' helper (fixtures coordinator, programme, cohort: tests/conftest.py)."""

from programmes import runs
from programmes.models import MatchingRun


def run_inline(run: MatchingRun) -> MatchingRun:
    """The chord's steps in this process, in order (the worker test runs the real chord)."""
    assert runs.matching_run_in_process(run_id=run.pk)
    run.refresh_from_db()
    return run
