"""Telling people things: one row per notification, one e-mail at most."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.models import User
from mentorship.models import Notification, NotificationKind


def notify(
    *, user: User, kind: NotificationKind, key: str, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Records a notification once per key and e-mails it after commit.

    Returns None when a notification with this key already exists.
    Call with the texts already rendered in the recipient's language.
    """
    from mentorship.tasks import send_notification_email

    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, key=key, title=title, body=body, url=url
            )
    except IntegrityError:
        return None
    send_notification_email.delay_on_commit(notification.pk)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Sends the e-mail of one notification at most once (a conditional UPDATE claims it)."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{notification.url}".strip()
    send_mail(notification.title, body, None, [notification.user.email])
    return True


def in_language(user: User):
    """Renders texts for a recipient: Russian unless they chose otherwise."""
    return translation.override(user.language or "ru")
