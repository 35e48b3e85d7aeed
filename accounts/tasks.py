from celery import shared_task

from accounts import services


@shared_task
def send_welcome_email(user_id: int) -> bool:
    return services.welcome_email_send(user_id=user_id)
