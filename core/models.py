from django.db import models


class OutboxMessage(models.Model):
    """A task waiting for the broker (core/outbox.py).

    Written in the same transaction as the data the task is about, so a task
    exists exactly when its data does; deleted once the broker has taken it.
    """

    task_id = models.CharField(max_length=64, unique=True)
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.task_name}[{self.task_id}]"
