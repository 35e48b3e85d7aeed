"""Thin tasks: ids in, one service call, safe to run twice."""

from celery import shared_task
from django.core.cache import cache

from matching import services, suggestions


@shared_task
def refresh_suggestions(mentee_ids: list[int]) -> int:
    return suggestions.suggestions_refresh(mentee_ids=mentee_ids)


@shared_task
def refresh_all_suggestions() -> int:
    # Profile changes made from now on enqueue a fresh run after this one.
    cache.delete("matching:refresh-all-pending")
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
