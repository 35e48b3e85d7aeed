"""The Celery application; configuration lives in settings under CELERY_*."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

# Every task's delay_on_commit goes through the outbox: a broker that is down
# never fails the request that enqueued it.
app = Celery("mentorship", task_cls="core.outbox:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
