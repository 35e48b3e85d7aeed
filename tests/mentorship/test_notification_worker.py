"""Notification e-mails through a real worker: never twice, and not lost when a worker dies."""

import os
import signal
import subprocess
import time

import pytest
from django.db import transaction

from core.models import Notification, NotificationKind
from core.notifications import notify
from core.tasks import send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.worker


def _wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _notification(person) -> Notification:
    return Notification.objects.create(
        user=person, kind=NotificationKind.SESSION_TOMORROW, key=f"test:{person.pk}", title="Т"
    )


def test_a_notification_task_run_twice_sends_one_email(celery_worker):
    person = UserFactory(email="twice@example.org")
    with transaction.atomic():
        notification = notify(
            user=person, kind=NotificationKind.PHASE_ADVANCED, key="phase:1:main", title="Этап"
        )
        # The same notification announced again (a retried caller) is not recorded again.
        assert (
            notify(
                user=person, kind=NotificationKind.PHASE_ADVANCED, key="phase:1:main", title="Этап"
            )
            is None
        )
    assert _wait_for(lambda: celery_worker.sent_mail()), celery_worker.log()
    # And the task itself, run again (a duplicated message), sends nothing.
    assert send_notification_email.delay(notification.pk).get(timeout=30) is False
    assert send_notification_email.delay(notification.pk).get(timeout=30) is False
    [letter] = celery_worker.sent_mail()
    assert "To: twice@example.org" in letter
    assert f"notification-{notification.pk}@" in letter


@pytest.mark.worker_env(EMAIL_BACKEND="tests.slow_mail.SlowFileBackend", SLOW_MAIL_SECONDS="3")
def test_a_worker_killed_while_sending_is_redelivered_and_sends_exactly_once(celery_worker):
    person = UserFactory(email="redelivered@example.org")
    notification = _notification(person)
    send_notification_email.apply_async((notification.pk,))

    attempts = celery_worker.mail_dir / "attempts"
    assert _wait_for(lambda: attempts.exists() and any(attempts.iterdir())), celery_worker.log()
    children = subprocess.run(
        ["pgrep", "-P", str(celery_worker.process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert children, celery_worker.log()
    for pid in children:  # the pool process running the task dies mid-send
        os.kill(int(pid), signal.SIGKILL)

    assert _wait_for(lambda: celery_worker.sent_mail(), timeout=60), celery_worker.log()
    notification.refresh_from_db()
    assert _wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists()
    )
    time.sleep(1)  # anything else in flight would have written by now
    assert len(list(attempts.iterdir())) == 2  # the killed run and the redelivered one
    [letter] = celery_worker.sent_mail()
    assert "To: redelivered@example.org" in letter
    assert "WorkerLostError" in celery_worker.log() or "lost" in celery_worker.log().lower()
