"""Seeding without noise: the demo's first start prints what to sign in with."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.test.utils import override_settings

# In-process tasks log each success, and kombu its in-memory broker's default host once.
QUIET_LOGGERS = ("celery.app.trace", "kombu.connection")


@contextmanager
def seeding_quietly() -> Iterator[None]:
    """While this lasts, e-mail goes to memory (Django's locmem backend) and the
    in-process tasks' routine log lines are held back: the demo's first start should
    print what to sign in with, not two dozen letters to made-up addresses."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [each.level for each in loggers]
    for each in loggers:
        each.setLevel(logging.ERROR)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)
