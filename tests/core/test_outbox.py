"""The outbox (core/outbox.py): a task exists exactly when its data does, and waits
for a broker that refuses it. The broker itself is replaced by `_send` here; the
whole path through gunicorn, Redis and a worker is in tests/faults/test_outages.py."""

import threading
import time

import pytest
from django.db import connection, transaction

from accounts.tasks import send_welcome_email
from core import outbox
from core.models import OutboxMessage
from matching.tasks import refresh_suggestions
from mentorship.celery import app as celery_app


@pytest.fixture
def broker(monkeypatch):
    """Records what reaches the broker; `broker.down = True` makes it refuse."""

    class Broker:
        down = False
        sent: list[tuple[str, list, str]] = []

    def send(row):
        if Broker.down:
            raise ConnectionRefusedError("broker down")
        Broker.sent.append((row.task_name, row.args, row.task_id))

    Broker.sent = []
    monkeypatch.setattr(outbox, "_send", send)
    return Broker


@pytest.mark.django_db
def test_a_task_of_a_rolled_back_transaction_is_neither_kept_nor_sent(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_welcome_email.delay_on_commit(1)
        transaction.set_rollback(True)
    assert not OutboxMessage.objects.exists()
    assert broker.sent == []


@pytest.mark.django_db
def test_a_committed_task_is_sent_on_commit_under_the_id_it_was_given(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        task_id = refresh_suggestions.delay_on_commit([7, 8])
        # Written in the transaction, before anything reaches the broker.
        row = OutboxMessage.objects.get()
        assert (row.task_name, row.args, row.task_id) == (
            refresh_suggestions.name,
            [[7, 8]],
            task_id,
        )
    assert broker.sent == []
    for callback in callbacks:
        callback()
    assert broker.sent == [(refresh_suggestions.name, [[7, 8]], task_id)]
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_refused_task_waits_with_its_error_and_the_resend_sends_it_once(
    broker, django_capture_on_commit_callbacks, caplog
):
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        task_id = send_welcome_email.delay_on_commit(5)
    row = OutboxMessage.objects.get()
    assert (row.attempts, row.last_error) == (1, "ConnectionRefusedError('broker down')")
    assert task_id in caplog.text

    broker.down = False
    assert outbox.outbox_publish() == 1
    assert outbox.outbox_publish() == 0
    assert broker.sent == [(send_welcome_email.name, [5], task_id)]
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_the_resend_stops_at_the_first_refusal_and_keeps_the_rest(broker):
    for pk in (1, 2, 3):
        outbox.enqueue(send_welcome_email, [pk])  # waiting: the test's transaction never commits
    broker.down = True
    assert outbox.outbox_publish() == 0
    attempts = OutboxMessage.objects.order_by("pk").values_list("attempts", flat=True)
    assert list(attempts) == [1, 0, 0]
    broker.down = False
    assert outbox.outbox_publish() == 3
    assert [args for _name, args, _id in broker.sent] == [[1], [2], [3]]


@pytest.mark.django_db
def test_a_task_id_already_waiting_stays_one_message(broker, django_capture_on_commit_callbacks):
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        first = send_welcome_email.apply_async_on_commit((9,), task_id="run-1")
    with django_capture_on_commit_callbacks(execute=True):
        second = send_welcome_email.apply_async_on_commit((9,), task_id="run-1")
    assert first == second == "run-1"
    assert OutboxMessage.objects.get().attempts == 2


@pytest.mark.django_db
def test_in_process_tasks_run_after_commit_without_a_row(
    monkeypatch, django_capture_on_commit_callbacks
):
    ran = []
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(
        send_welcome_email, "apply_async", lambda args, kwargs, task_id: ran.append(args)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_welcome_email.delay_on_commit(3)
        assert ran == []
    assert ran == [[3]]
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_publishers_at_once_send_a_row_once(monkeypatch):
    sent, started = [], threading.Event()

    def slow_send(row):
        started.set()
        time.sleep(1)  # the other publisher runs meanwhile
        sent.append(row.task_id)

    OutboxMessage.objects.create(task_id="t-1", task_name=send_welcome_email.name, args=[1])
    monkeypatch.setattr(outbox, "_send", slow_send)

    counts = []

    def publish():
        try:
            counts.append(outbox.outbox_publish())
        finally:
            connection.close()

    first = threading.Thread(target=publish)
    first.start()
    assert started.wait(timeout=30)
    second = threading.Thread(target=publish)
    second.start()
    second.join(timeout=30)
    first.join(timeout=30)
    assert sorted(counts) == [0, 1]
    assert len(sent) == 1
    assert not OutboxMessage.objects.exists()
