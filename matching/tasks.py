"""Thin tasks: ids in, one service call, safe to run twice."""

from celery import shared_task

from matching import pending, services, suggestions


@shared_task
def refresh_suggestions(mentee_ids: list[int]) -> int:
    return suggestions.suggestions_refresh(mentee_ids=mentee_ids)


@shared_task
def refresh_person_suggestions(user_id: int) -> int:
    # Asking again from now on queues a fresh run after this one.
    pending.refresh_pending_clear(user_id=user_id)
    return suggestions.suggestions_refresh_person(user_id=user_id)


@shared_task
def refresh_all_suggestions() -> int:
    return suggestions.suggestions_refresh()


@shared_task
def expire_requests() -> int:
    mentee_ids = services.requests_expire()
    if mentee_ids:
        refresh_suggestions.delay(mentee_ids)
    return len(mentee_ids)


@shared_task
def remind_mentors() -> int:
    return services.requests_remind()
