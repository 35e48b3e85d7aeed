"""Every write about people and their profiles."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User


def welcome_email_send(*, user_id: int) -> bool:
    """Sends the welcome letter once; returns whether this call sent it.

    The row is claimed with a conditional UPDATE first, so a task delivered
    twice (or run by two workers) sends one letter. A worker that dies between
    the claim and the send loses that letter: a welcome is not worth a
    duplicate.
    """
    claimed = User.objects.filter(pk=user_id, welcome_sent_at__isnull=True).update(
        welcome_sent_at=timezone.now()
    )
    if not claimed:
        return False
    user = User.objects.get(pk=user_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/welcome_subject.txt", {"user": user}).strip()
        body = render_to_string("accounts/email/welcome.txt", {"user": user})
    send_mail(subject, body, None, [user.email])
    return True


def user_sign_up(*, email: str, password: str, full_name: str, timezone_name: str) -> User:
    """Creates the account and sends the welcome letter after commit."""
    from accounts.tasks import send_welcome_email

    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, timezone=timezone_name
        )
        send_welcome_email.delay_on_commit(user.pk)
    return user
