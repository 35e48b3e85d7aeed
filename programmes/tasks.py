"""The cohort matching chord: thin tasks over programmes.runs."""

from celery import chord, shared_task

from programmes import runs


@shared_task
def run_cohort_matching(run_id: int) -> str:
    """Plans the run and fans the scoring out to any number of workers."""
    try:
        plan = runs.matching_run_plan(run_id=run_id)
    except Exception as error:
        runs.matching_run_fail(run_id=run_id, error=repr(error))
        raise
    if plan is None:
        return "already-claimed"
    mentee_ids, mentor_ids = plan["mentee_ids"], plan["mentor_ids"]
    header = [
        score_cohort_chunk.s(run_id, chunk, mentor_ids, index * runs.CHUNK)
        for index, chunk in enumerate(plan["chunks"])
    ]
    callback = assign_cohort.s(run_id, mentee_ids, mentor_ids)
    if not header:
        callback.delay([])
    else:
        chord(header)(callback.on_error(fail_cohort_matching.si(run_id)))
    return "started"


@shared_task
def score_cohort_chunk(
    run_id: int, mentee_ids: list[int], mentor_ids: list[int], first_index: int
) -> dict:
    return runs.cohort_chunk_score(
        run_id=run_id, mentee_ids=mentee_ids, mentor_ids=mentor_ids, first_index=first_index
    )


@shared_task
def assign_cohort(payloads: list[dict], run_id: int, mentee_ids: list[int], mentor_ids: list[int]):
    return runs.cohort_assign(
        run_id=run_id, payloads=payloads, mentee_ids=mentee_ids, mentor_ids=mentor_ids
    )


@shared_task
def fail_cohort_matching(run_id: int) -> None:
    runs.matching_run_fail(run_id=run_id, error="chunk failed")


@shared_task
def fail_stuck_matching_runs() -> int:
    return runs.matching_runs_fail_stuck()


@shared_task
def schedule_comparison_follow_ups() -> int:
    """Beat: follow-ups for the never-matched mentees of ended programmes (issue 16)."""
    from programmes.outcomes import comparison_follow_ups_schedule

    return comparison_follow_ups_schedule()
