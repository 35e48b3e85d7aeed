"""Liveness of the parts the product cannot work without."""

import logging

from django.conf import settings
from django.db import connection
from kombu import Connection
from redis import Redis

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


def broker_ok() -> bool:
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
        client = Redis.from_url(
            settings.CACHE_URL,
            socket_connect_timeout=TIMEOUT_SECONDS,
            socket_timeout=TIMEOUT_SECONDS,
            retry_on_timeout=False,
        )
        with client:
            return bool(client.ping())
    except Exception:
        log.warning("health: cache unreachable", exc_info=True)
        return False
