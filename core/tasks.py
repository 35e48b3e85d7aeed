"""Thin tasks: ids in, one service call, safe to run twice."""

import smtplib

from celery import shared_task

from core import notifications, outbox, telegram

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


# Telegram asks to wait (429 with retry_after) or is down: try again then, a few times.
@shared_task(bind=True, max_retries=8)
def send_notification_telegram(self, notification_id: int) -> bool:
    run_id = self.request.id or f"local-{notification_id}"
    try:
        return telegram.notification_telegram_send(notification_id=notification_id, run_id=run_id)
    except telegram.TelegramError as error:
        raise self.retry(countdown=error.retry_after or _backoff(self.request.retries)) from error
    except OSError as error:
        raise self.retry(countdown=_backoff(self.request.retries)) from error


def _backoff(retries: int) -> int:
    return min(30 * 2**retries, 3600)


@shared_task(name="mentorship.tasks.resend_unsent_notifications")
def resend_unsent_notifications() -> int:
    return notifications.notifications_unsent_resend()


@shared_task
def outbox_resend() -> int:
    """Beat: publishes what the broker refused when it was first sent."""
    return outbox.outbox_publish()
