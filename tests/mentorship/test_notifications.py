"""Notification e-mails: a failed send is not lost; the sweep picks up what a lost task left."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from core import notifications
from core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def notification(user):
    return Notification.objects.create(
        user=user, kind="phase_advanced", key="phase:1:main:1", title="Новый этап"
    )


def test_a_failed_send_releases_the_claim_so_a_retry_sends_once(notification, monkeypatch):
    real_send = EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(OSError, match="refused"):
        notifications.notification_email_send(notification_id=notification.pk, run_id="run-1")
    notification.refresh_from_db()
    assert (notification.email_claimed_by, notification.emailed_at) == ("", None)

    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert notifications.notification_email_send(notification_id=notification.pk, run_id="run-1")
    assert not notifications.notification_email_send(
        notification_id=notification.pk, run_id="run-2"
    )
    assert len(mail.outbox) == 1


def test_the_sweep_resends_only_what_is_unsent_and_unclaimed(notification, monkeypatch):
    sent = []
    monkeypatch.setattr("core.tasks.send_notification_email.delay", lambda pk: sent.append(pk))
    now = timezone.now()
    assert notifications.notifications_unsent_resend(now=now) == 0  # too fresh: its task is on
    later = now + dt.timedelta(minutes=20)
    assert notifications.notifications_unsent_resend(now=later) == 1
    assert sent == [notification.pk]
    Notification.objects.filter(pk=notification.pk).update(
        email_claimed_by="a-live-run", email_claimed_at=later
    )
    assert notifications.notifications_unsent_resend(now=later) == 0  # claimed: left alone
    Notification.objects.filter(pk=notification.pk).update(emailed_at=later)
    assert notifications.notifications_unsent_resend(now=later + dt.timedelta(hours=2)) == 0
