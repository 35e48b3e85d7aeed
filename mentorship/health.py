"""Liveness of the parts the product cannot work without."""

import logging

from django.conf import settings
from django.db import connection
from kombu import Connection

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
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            # Kombu's Redis transport pings the server when it opens the channel.
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        log.warning("health: broker unreachable", exc_info=True)
        return False
