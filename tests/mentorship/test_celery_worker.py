"""Tasks run in a separate worker process, and only after their transaction commits."""

import time
import uuid

import pytest
from celery.result import AsyncResult
from django.db import transaction

from accounts.models import User
from accounts.tasks import send_welcome_email
from mentorship.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = pytest.mark.worker


def _wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_task_enqueued_in_a_committed_transaction_runs_in_the_worker(celery_worker):
    assert not celery_app.conf.task_always_eager
    with transaction.atomic():
        person = UserFactory(email="committed@example.org")
        send_welcome_email.delay_on_commit(person.pk)
    assert _wait_for(lambda: celery_worker.sent_mail()), celery_worker.log()
    [letter] = celery_worker.sent_mail()
    assert "To: committed@example.org" in letter
    person.refresh_from_db()
    assert person.welcome_sent_at is not None
    # The worker process, not this one, logged the run.
    assert f"Task {send_welcome_email.name}[" in celery_worker.log()


def test_task_enqueued_in_a_rolled_back_transaction_never_runs(celery_worker):
    ghost_task_id = str(uuid.uuid4())

    with transaction.atomic():
        ghost = UserFactory(email="ghost@example.org")
        transaction.on_commit(
            lambda: send_welcome_email.apply_async((ghost.pk,), task_id=ghost_task_id)
        )
        transaction.set_rollback(True)

    # The worker takes one message at a time in order: once a later task has
    # run, the rolled-back one would have run too had it been sent.
    with transaction.atomic():
        later = UserFactory(email="later@example.org")
        transaction.on_commit(lambda: send_welcome_email.apply_async((later.pk,)))
    assert _wait_for(lambda: celery_worker.sent_mail()), celery_worker.log()

    assert AsyncResult(ghost_task_id, app=celery_app).state == "PENDING"
    assert ghost_task_id not in celery_worker.log()
    assert not User.objects.filter(email="ghost@example.org").exists()
    assert [("ghost@example.org" in letter) for letter in celery_worker.sent_mail()] == [False]


def test_welcome_task_run_twice_sends_one_letter(celery_worker):
    person = UserFactory(email="twice@example.org")
    first = send_welcome_email.delay(person.pk)
    second = send_welcome_email.delay(person.pk)
    assert first.get(timeout=30) is True
    assert second.get(timeout=30) is False
    assert len(celery_worker.sent_mail()) == 1
