"""Follow-up letters through a real worker: 1, 3 and 6 months after, each once,
not for someone who switched them off, none for a deleted account."""

import datetime as dt
import time

import pytest

from accounts.services import user_delete
from core.models import Notification, NotificationKind
from core.notifications import notification_settings_set
from mentorship.outcomes import add_months
from mentorship.tasks import send_follow_ups
from tests.factories import MenteeFactory, UserFactory
from tests.outcomes.conftest import T0, completed

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _follow_up_letters(worker) -> list[str]:
    # The completion itself also wrote to both sides (the phase changed): not these.
    return [letter for letter in worker.sent_mail() if "/follow-ups/reply/" in letter]


def test_follow_up_letters_at_one_three_and_six_months_each_once(celery_worker):
    answering = MenteeFactory(user=UserFactory(email="answers@example.org"))
    switched_off = MenteeFactory(user=UserFactory(email="off@example.org"))
    leaving = MenteeFactory(user=UserFactory(email="gone@example.org"))
    for mentee in (answering, switched_off, leaving):
        completed(T0, mentee=mentee)
    notification_settings_set(user=switched_off.user, off=[NotificationKind.OUTCOME_FOLLOW_UP])
    user_delete(user=leaving.user)

    for letters, months in enumerate((1, 3, 6), start=1):
        now = add_months(T0, months) + dt.timedelta(hours=1)
        assert send_follow_ups.delay(now.isoformat()).get(timeout=30) == 1
        # The beat runs again (and again): nothing more is sent for this moment.
        assert send_follow_ups.delay(now.isoformat()).get(timeout=30) == 0
        assert _wait_for(lambda n=letters: len(_follow_up_letters(celery_worker)) >= n), (
            celery_worker.log()
        )
    # Before the first is due, nothing.
    assert send_follow_ups.delay((T0 + dt.timedelta(days=27)).isoformat()).get(timeout=30) == 0

    time.sleep(1)  # a duplicate letter in flight would have landed by now
    mail = _follow_up_letters(celery_worker)
    assert len(mail) == 3, mail
    assert all("To: answers@example.org" in letter for letter in mail)
    assert Notification.objects.filter(kind=NotificationKind.OUTCOME_FOLLOW_UP).count() == 3
