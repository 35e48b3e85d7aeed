"""Thin tasks: ids in, one service call, safe to run twice."""

from celery import chord, shared_task

from matching import mentor_matrix, pending, services, suggestions


@shared_task
def refresh_suggestions(mentee_ids: list[int]) -> int:
    return suggestions.suggestions_refresh(mentee_ids=mentee_ids)


@shared_task
def refresh_person_suggestions(user_id: int) -> int:
    # Asking again from now on queues a fresh run after this one.
    pending.refresh_pending_clear(user_id=user_id)
    return suggestions.suggestions_refresh_person(user_id=user_id)


@shared_task
def refresh_all_suggestions(chunk: int = suggestions.REFRESH_CHUNK) -> str | None:
    """Fans the refresh of every active mentee out as chunk tasks any worker takes
    (each safe to run twice, like every refresh), gathered by a chord like the
    cohort run's: more workers, a shorter refresh. Returns the id of the chord's
    callback, whose result is the number of suggestions (None: no mentees)."""
    chunks = suggestions.refresh_chunks(size=chunk)
    if not chunks:
        return None
    return chord(refresh_suggestions.s(ids) for ids in chunks)(suggestions_refreshed.s()).id


@shared_task
def suggestions_refreshed(counts: list[int]) -> int:
    """The chord's callback: how many suggestions the mentees have now."""
    return sum(counts)


@shared_task
def prune_mentor_changes() -> int:
    """Daily: the mentor change log's entries old enough that no kept matrix needs them."""
    return mentor_matrix.prune_changes()


@shared_task
def expire_requests() -> int:
    mentee_ids = services.requests_expire()
    if mentee_ids:
        refresh_suggestions.delay(mentee_ids)
    return len(mentee_ids)


@shared_task
def remind_mentors() -> int:
    return services.requests_remind()
