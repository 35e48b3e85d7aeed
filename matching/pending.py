"""One pending suggestions refresh per person, however often they ask.

A refresh reads the profiles when it starts, so while one is queued for a
person another adds nothing: the request gets the queued task's id. The mark
is a cache key holding that id; the task clears it when it starts (changes
made during the run queue the next one) and it expires on its own should the
task never run.
"""

import logging
import uuid

from django.core.cache import cache

log = logging.getLogger(__name__)

# Longer than a refresh waits in a healthy queue; a lost task blocks no longer.
PENDING_SECONDS = 15 * 60


def _key(user_id: int) -> str:
    return f"matching:refresh-pending:{user_id}"


def refresh_enqueue(*, user_id: int) -> str:
    """Queues the refresh of what this person's profile touches unless one is
    pending; returns the task id either way.

    Without the cache the refresh is queued anyway (and logged): a few
    duplicate refreshes are harmless, a refused one is not.
    """
    from matching import tasks

    task_id = str(uuid.uuid4())
    key = _key(user_id)
    try:
        if not cache.add(key, task_id, timeout=PENDING_SECONDS):
            pending = cache.get(key)
            if pending:
                return pending
    except Exception:
        log.warning("The cache is unavailable; refresh for %s queued unmarked.", user_id)
    try:
        tasks.refresh_person_suggestions.apply_async_on_commit(args=[user_id], task_id=task_id)
    except Exception:
        refresh_pending_clear(user_id=user_id)
        raise
    return task_id


def refresh_pending_clear(*, user_id: int) -> None:
    try:
        cache.delete(_key(user_id))
    except Exception:
        log.warning("The cache is unavailable; the refresh mark of %s stays.", user_id)
