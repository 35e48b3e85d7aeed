"""Tasks enqueued after commit survive a broker that is down: the transactional outbox.

`task.delay_on_commit(...)` (every task's base class is `OutboxTask`) writes a
row in the current transaction and publishes it once that commits. A broker
that does not answer fails the publish within about a second; the error is
logged, the request answers as usual, and the row stays until the beat task
`core.tasks.outbox_resend` publishes it once the broker is back.

Delivery is at least once: a publish that reached the broker but whose row
could not be deleted is sent again, so every task routed here must be safe to
run twice (they claim their work with conditional UPDATEs). Two publishers never
send one row at the same time: each locks the rows it sends (SKIP LOCKED) and
deletes them in that transaction.

With tasks run in-process (no broker, CELERY_TASK_ALWAYS_EAGER) nothing is
written: the task simply runs after commit, as Celery's own delay_on_commit does.
"""

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from celery import current_app
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from django.db.models import F

log = logging.getLogger(__name__)

# Rows one publish pass takes; the next beat run takes the rest.
BATCH = 500


def enqueue(
    task: Any, args: Iterable[Any] = (), kwargs: dict[str, Any] | None = None, *, task_id: str = ""
) -> str:
    """Publishes `task(*args, **kwargs)` after the current transaction commits.

    Returns the task id, chosen here (or passed in) so that it can be answered
    or stored before the message exists.
    """
    from core.models import OutboxMessage

    args, kwargs, task_id = list(args), dict(kwargs or {}), task_id or str(uuid.uuid4())
    if current_app.conf.task_always_eager:
        transaction.on_commit(lambda: task.apply_async(args, kwargs, task_id=task_id))
        return task_id
    # A task id already waiting (a run started again) is one message, not two.
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(task_id=task_id, task_name=task.name, args=args, kwargs=kwargs)],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: outbox_publish(task_ids=[task_id]), robust=True)
    return task_id


def outbox_publish(*, task_ids: list[str] | None = None) -> int:
    """Sends waiting rows (these ids, or the oldest BATCH) to the broker; returns how many.

    Stops at the first refusal: the broker is down, and the rest would wait for
    the same timeout each.
    """
    from core.models import OutboxMessage

    sent: list[int] = []
    with transaction.atomic():
        rows = OutboxMessage.objects.select_for_update(skip_locked=True).order_by("pk")
        if task_ids is not None:
            rows = rows.filter(task_id__in=task_ids)
        for row in rows[:BATCH]:
            try:
                _send(row)
            except Exception as error:
                log.warning(
                    "outbox: the broker did not take %s[%s], left for the re-send: %r",
                    row.task_name,
                    row.task_id,
                    error,
                )
                OutboxMessage.objects.filter(pk=row.pk).update(
                    attempts=F("attempts") + 1, last_error=repr(error)[:500]
                )
                break
            sent.append(row.pk)
        OutboxMessage.objects.filter(pk__in=sent).delete()
    return len(sent)


def _send(row: Any) -> None:
    # ignore_result: the sender never waits for the result; without it Celery's
    # Redis result backend subscribes to the result first, and retries that for
    # about 20 seconds when Redis is down.
    current_app.tasks[row.task_name].apply_async(
        row.args, row.kwargs, task_id=row.task_id, ignore_result=True
    )


class OutboxTask(DjangoTask):
    """Every task's base class (mentorship/celery.py): `delay_on_commit` and
    `apply_async_on_commit` go through the outbox and return the task id."""

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> str:
        return enqueue(self, args, kwargs)

    def apply_async_on_commit(
        self,
        args: Iterable[Any] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        task_id: str = "",
    ) -> str:
        return enqueue(self, args or (), kwargs, task_id=task_id)
