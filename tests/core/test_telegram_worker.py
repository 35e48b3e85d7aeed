"""Telegram messages through a real worker: a worker killed mid-send leaves one message,
and a 429 is retried after the time Telegram asked for. The Bot API is a local fake."""

import os
import signal
import subprocess
import time

import pytest
from django.utils import timezone

from core.models import Notification, NotificationKind, TelegramChat
from core.tasks import send_notification_telegram
from tests.factories import UserFactory

pytestmark = pytest.mark.worker


def _wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _telegram_only(chat_id: int) -> Notification:
    person = UserFactory()
    TelegramChat.objects.create(user=person, chat_id=chat_id, linked_at=timezone.now())
    return Notification.objects.create(
        user=person,
        kind=NotificationKind.SESSION_TOMORROW,
        key=f"test:{person.pk}",
        title="Скоро встреча",
        email_wanted=False,
        telegram_wanted=True,
    )


# The fake must exist before the worker starts: the worker takes its address from the env.
def test_a_worker_killed_while_sending_is_redelivered_and_sends_exactly_once(
    fake_telegram, celery_worker
):
    fake_telegram.delay = 3  # Telegram answers after 3 s: the worker dies while it waits
    notification = _telegram_only(chat_id=31337)
    send_notification_telegram.apply_async((notification.pk,))

    assert _wait_for(lambda: fake_telegram.attempts), celery_worker.log()
    children = subprocess.run(
        ["pgrep", "-P", str(celery_worker.process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert children, celery_worker.log()
    for pid in children:  # the pool process running the task dies mid-send
        os.kill(int(pid), signal.SIGKILL)

    assert _wait_for(lambda: fake_telegram.messages, timeout=60), celery_worker.log()
    assert _wait_for(
        lambda: Notification.objects.filter(
            pk=notification.pk, telegram_sent_at__isnull=False
        ).exists()
    ), celery_worker.log()
    time.sleep(1)  # anything else in flight would have arrived by now
    assert len(fake_telegram.attempts) == 2  # the killed run and the redelivered one
    [message] = fake_telegram.messages
    assert message.payload["chat_id"] == 31337
    assert message.payload["text"] == "Скоро встреча"
    log = celery_worker.log()
    assert "WorkerLostError" in log or "lost" in log.lower()


def test_a_429_is_retried_by_the_worker_after_retry_after(fake_telegram, celery_worker):
    fake_telegram.answer(429, "Too Many Requests: retry after 2", retry_after=2)
    notification = _telegram_only(chat_id=4040)
    send_notification_telegram.apply_async((notification.pk,))

    assert _wait_for(lambda: fake_telegram.messages, timeout=60), celery_worker.log()
    first, second = fake_telegram.attempts
    assert second.at - first.at >= 2
    [message] = fake_telegram.messages
    assert message is second
    assert _wait_for(
        lambda: Notification.objects.filter(
            pk=notification.pk, telegram_sent_at__isnull=False
        ).exists()
    )
