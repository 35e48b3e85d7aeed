from celery import shared_task

from core import outbox


@shared_task
def outbox_resend() -> int:
    """Beat: publishes what the broker refused when it was first sent."""
    return outbox.outbox_publish()
