"""Liveness of the parts the product cannot work without."""

import logging
from functools import cache

from django.conf import settings
from django.db import connection
from kombu import Connection
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

# The check answers within a few seconds whatever is down: a health probe that
# hangs is read as a dead server.
TIMEOUT_SECONDS = 1

log = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        log.exception("health: database unreachable")
        return False


@cache
def _redis(url: str) -> Redis:
    """One client per address and process, kept: its pool keeps the connection open.

    A probe then costs one PING, not a new connection (and, for the broker, a new
    Kombu transport): 3 ms of CPU per /healthz before. redis-py checks a pooled
    connection before it uses it and opens it again if the server closed it (a
    Redis restarted between two probes); a Redis that is down fails the PING
    itself, without a retry, so the probe answers within about a second.
    """
    return Redis.from_url(
        url,
        socket_connect_timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )


def broker_ok() -> bool:
    url = settings.CELERY_BROKER_URL
    # A Redis broker (every deployment) is asked like the cache; others through Kombu.
    if url.startswith(("redis://", "rediss://")):
        try:
            return bool(_redis(url).ping())
        except Exception:
            log.warning("health: broker unreachable", exc_info=True)
            return False
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=TIMEOUT_SECONDS,
            transport_options={"socket_connect_timeout": TIMEOUT_SECONDS},
        ) as conn:
            # Kombu's Redis transport pings the server when it opens the channel.
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT_SECONDS)
        return True
    except Exception:
        log.warning("health: broker unreachable", exc_info=True)
        return False


def cache_ok() -> bool:
    """Asks Redis itself: the cache backend answers a Redis that is down as a miss."""
    if not settings.CACHE_URL:
        return True  # the in-process cache of the zero-configuration demo
    try:
        return bool(_redis(settings.CACHE_URL).ping())
    except Exception:
        log.warning("health: cache unreachable", exc_info=True)
        return False
