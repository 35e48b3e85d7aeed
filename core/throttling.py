"""DRF's rate limits, counted in Redis with one round trip per request.

DRF's throttles read the list of a caller's recent request times from the cache
and write it back (two round trips, the whole list pickled both ways: up to the
rate's number of times), and two requests at once can both read the same list,
so both pass where only one should. Here the same sliding window is a Redis
sorted set, trimmed, counted and added to by one Lua script: atomic, one round
trip, a few bytes. The limits, the window and Retry-After are DRF's.

Without a Redis cache (the zero-configuration demo's in-process one) DRF's own
counting runs. A Redis that does not answer lets the request through, as the
cache does (core/resilient_cache.py): rate limits are not worth an outage.
"""

import hashlib
import uuid
from typing import Any

from django.core.cache.backends.redis import RedisCache
from django.utils.connection import ConnectionProxy
from redis.exceptions import NoScriptError
from rest_framework import throttling

# Logged as the cache logs its misses: at most once a minute per process.
from core.resilient_cache import UNREACHABLE, log_unreachable

# KEYS[1] the caller's window; ARGV: now, window seconds, limit, a unique member.
# Answers {1} when the request counts, or {0, requests in the window, the oldest time}.
WINDOW = """
local key, now, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count >= tonumber(ARGV[3]) then
  return {0, count, redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]}
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('EXPIRE', key, math.ceil(window))
return {1}
"""
WINDOW_SHA = hashlib.sha1(WINDOW.encode()).hexdigest()  # noqa: S324 - Redis names scripts so


def _redis_cache(cache: Any) -> RedisCache | None:
    # DRF's throttles hold django.core.cache.cache, a proxy to the default backend.
    if isinstance(cache, ConnectionProxy):
        cache = cache._connections[cache._alias]
    return cache if isinstance(cache, RedisCache) else None


def _count(client: Any, key: str, *args: Any) -> list[Any]:
    try:
        return client.evalsha(WINDOW_SHA, 1, key, *args)
    except NoScriptError:  # a Redis restarted since: it learns the script again
        return client.eval(WINDOW, 1, key, *args)


class OneTripMixin:
    """allow_request and wait of SimpleRateThrottle, over a Redis sorted set."""

    refused: tuple[int, float] | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        cache = _redis_cache(self.cache)
        if cache is None:
            return super().allow_request(request, view)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        # Not the key of DRF's list, which older processes may still be writing.
        key = cache.make_and_validate_key(f"{self.key}:window")
        self.now = self.timer()
        try:
            answer = _count(
                cache._cache.get_client(key, write=True),
                key,
                repr(self.now),
                self.duration,
                self.num_requests,
                f"{self.now!r}:{uuid.uuid4().hex}",
            )
        except UNREACHABLE as error:
            log_unreachable(error)
            return True
        if answer[0]:
            return True
        # A limit of 0 refuses with an empty window: no oldest request (Redis
        # drops the nil that ends the answer), so the window starts now.
        oldest = float(answer[2]) if len(answer) > 2 else self.now
        self.refused = (int(answer[1]), oldest)
        return self.throttle_failure()

    def wait(self) -> float | None:
        if self.refused is None:
            return super().wait()
        # DRF's formula, with its list's length and oldest entry.
        count, oldest = self.refused
        available = self.num_requests - count + 1
        if available <= 0:
            return None
        return (self.duration - (self.now - oldest)) / float(available)


class AnonRateThrottle(OneTripMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(OneTripMixin, throttling.UserRateThrottle):
    pass
