"""Counting events per key in the cache, for limits such as reset letters per address."""

import hashlib
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def private_key(prefix: str, value: str) -> str:
    """A cache key naming a person's e-mail or address without storing it."""
    return f"{prefix}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()}"


def within_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Counts one event under `key`; False once there were more than `limit` in the window.

    The window starts with the first event (a fixed window). A cache that is
    down allows the event and says so in the log: a limit is a guard, and
    refusing everyone while Redis restarts would be the bigger harm.
    """
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=window_seconds)
            count = 1
    except Exception:
        log.warning("The cache is unavailable; the limit %s is not applied.", key, exc_info=True)
        return True
    return count <= limit
