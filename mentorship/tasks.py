from celery import shared_task

from mentorship import notifications


@shared_task
def send_notification_email(notification_id: int) -> bool:
    return notifications.notification_email_send(notification_id=notification_id)
