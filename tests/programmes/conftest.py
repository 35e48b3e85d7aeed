"""The programme tests' helper (fixtures coordinator, programme, cohort: tests/conftest.py)."""

from programmes import runs
from programmes.models import MatchingRun


def run_inline(run: MatchingRun) -> MatchingRun:
    """The chord's steps in this process, in order (the worker test runs the real chord)."""
    plan = runs.matching_run_plan(run_id=run.pk)
    assert plan is not None
    payloads = [
        runs.cohort_chunk_score(
            run_id=run.pk,
            mentee_ids=chunk,
            mentor_ids=plan["mentor_ids"],
            first_index=index * runs.CHUNK,
        )
        for index, chunk in enumerate(plan["chunks"])
    ]
    runs.cohort_assign(
        run_id=run.pk,
        payloads=payloads,
        mentee_ids=plan["mentee_ids"],
        mentor_ids=plan["mentor_ids"],
    )
    run.refresh_from_db()
    return run
