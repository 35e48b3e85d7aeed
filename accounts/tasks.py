from celery import shared_task

from accounts import confirmation, services


@shared_task
def send_welcome_email(user_id: int) -> bool:
    return services.welcome_email_send(user_id=user_id)


@shared_task
def send_confirmation_email(user_id: int, number: int) -> bool:
    return confirmation.confirmation_email_send(user_id=user_id, number=number)
