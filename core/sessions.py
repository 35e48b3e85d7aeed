"""Sessions in the database, with a copy in the cache that bounds its own life.

Django's `cached_db` store saves every session to the database and keeps a copy in
the cache, so a signed-in page reads Redis instead of asking the database (a query
on every page). When Redis is down the cache is empty (core/resilient_cache.py):
the session is read from the database and nobody is signed out, as a cache-only
session store would do.

The copy is what may go wrong. A write or a sign-out while Redis is unreachable
reaches the database but not the cache, so when Redis comes back it may still hold
the session as it was: a session signed out meanwhile would be found there again.
So a copy lives at most SESSION_CACHE_SECONDS (and never past the session's own
expiry, as in Django): that long after an outage, the database's word is read.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db


class _BoundedCopies:
    """The session cache, with every copy's timeout cut to SESSION_CACHE_SECONDS."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def set(self, key: str, value: Any, timeout: int) -> None:
        self._cache.set(key, value, min(timeout, settings.SESSION_CACHE_SECONDS))

    async def aset(self, key: str, value: Any, timeout: int) -> None:
        await self._cache.aset(key, value, min(timeout, settings.SESSION_CACHE_SECONDS))

    def __contains__(self, key: str) -> bool:
        return key in self._cache

    def __getattr__(self, name: str) -> Any:  # get, delete and their async twins
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _BoundedCopies(self._cache)
