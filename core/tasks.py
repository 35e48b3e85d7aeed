"""Thin tasks: ids in, one service call, safe to run twice."""

import smtplib

from celery import shared_task

from core import notifications, outbox

# The task names stay those of the mentorship app, where these tasks were first
# written: messages already queued and the beat schedule keep finding them.


# A mail server that refuses or is unreachable: try again later, a few times.
@shared_task(
    name="mentorship.tasks.send_notification_email",
    bind=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=30,
    max_retries=6,
)
def send_notification_email(self, notification_id: int) -> bool:
    # The task id survives a redelivery, so a run that died can be finished by its message.
    run_id = self.request.id or f"local-{notification_id}"
    return notifications.notification_email_send(notification_id=notification_id, run_id=run_id)


@shared_task(name="mentorship.tasks.resend_unsent_notifications")
def resend_unsent_notifications() -> int:
    return notifications.notifications_unsent_resend()


@shared_task
def outbox_resend() -> int:
    """Beat: publishes what the broker refused when it was first sent."""
    return outbox.outbox_publish()
