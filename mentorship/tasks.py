"""Thin tasks: ids in, one service call, safe to run twice."""

import smtplib

from celery import shared_task

from mentorship import notifications, reminders, services


# A mail server that refuses or is unreachable: try again later, a few times.
@shared_task(
    bind=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=30,
    max_retries=6,
)
def send_notification_email(self, notification_id: int) -> bool:
    # The task id survives a redelivery, so a run that died can be finished by its message.
    run_id = self.request.id or f"local-{notification_id}"
    return notifications.notification_email_send(notification_id=notification_id, run_id=run_id)


@shared_task
def remind_sessions() -> int:
    return reminders.sessions_remind_tomorrow()


@shared_task
def nudge_quiet_pairs() -> int:
    return reminders.mentorships_nudge_quiet()


@shared_task
def complete_overdue_closings() -> int:
    return len(services.mentorships_complete_overdue())


@shared_task
def resend_unsent_notifications() -> int:
    return notifications.notifications_unsent_resend()
