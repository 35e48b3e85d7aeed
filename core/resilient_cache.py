"""Django's Redis cache, but a Redis that is down is a cache that is empty.

The cache holds nothing the product needs (rate-limit counters, a "refresh
already waiting" mark); it must not turn every request into a 500 when Redis
is unreachable or refuses to work. Connection errors, timeouts and the errors
a reachable Redis answers with when it cannot serve (MISCONF with a full disk,
OOM at its memory limit, READONLY on a replica after a failover) are logged (at
most once a minute per process) and answered as a miss: reads find nothing,
writes are dropped, `add` reports it stored the value. So while Redis is down, rate limits
allow every request and nothing may use this cache as a lock.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Every error of the Redis client: connection, timeout, and Redis's own refusals.
UNREACHABLE = (RedisError,)
LOG_EVERY_SECONDS = 60.0
_last_logged = 0.0


def log_unreachable(error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        log.error("cache unreachable, answered as a miss: %r", error)


class _ForgivingClient(RedisCacheClient):
    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        try:
            return super().add(key, value, timeout)
        except UNREACHABLE as error:
            log_unreachable(error)
            return True

    def get(self, key: Any, default: Any) -> Any:
        try:
            return super().get(key, default)
        except UNREACHABLE as error:
            log_unreachable(error)
            return default

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        try:
            super().set(key, value, timeout)
        except UNREACHABLE as error:
            log_unreachable(error)

    def touch(self, key: Any, timeout: Any) -> bool:
        try:
            return super().touch(key, timeout)
        except UNREACHABLE as error:
            log_unreachable(error)
            return False

    def delete(self, key: Any) -> bool:
        try:
            return super().delete(key)
        except UNREACHABLE as error:
            log_unreachable(error)
            return False

    def get_many(self, keys: Any) -> dict[Any, Any]:
        try:
            return super().get_many(keys)
        except UNREACHABLE as error:
            log_unreachable(error)
            return {}

    def has_key(self, key: Any) -> bool:
        try:
            return super().has_key(key)
        except UNREACHABLE as error:
            log_unreachable(error)
            return False

    def incr(self, key: Any, delta: int) -> int:
        try:
            return super().incr(key, delta)
        except UNREACHABLE as error:
            log_unreachable(error)
            # What Django raises for a key that is not there.
            raise ValueError(f"Key {key!r} not found.") from error

    def set_many(self, data: dict[Any, Any], timeout: Any) -> None:
        try:
            super().set_many(data, timeout)
        except UNREACHABLE as error:
            log_unreachable(error)

    def delete_many(self, keys: Any) -> None:
        try:
            super().delete_many(keys)
        except UNREACHABLE as error:
            log_unreachable(error)

    def clear(self) -> bool:
        try:
            return super().clear()
        except UNREACHABLE as error:
            log_unreachable(error)
            return False


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ForgivingClient
