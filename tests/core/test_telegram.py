"""Telegram: a chat linked through the bot's deep link and webhook, notifications sent there
per the person's choice of channel, once each; 429 waits, a blocked bot unlinks the chat.
The Bot API is a local fake (tests/telegram_fake.py)."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core import notifications, telegram
from core.models import Channel, Notification, NotificationKind, OutboxMessage, TelegramChat
from core.notifications import notify
from core.tasks import send_notification_telegram
from tests.core.conftest import WEBHOOK_SECRET
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WEBHOOK = f"/telegram/webhook/{WEBHOOK_SECRET}/"
EMAIL_TASK = "mentorship.tasks.send_notification_email"
TELEGRAM_TASK = "core.tasks.send_notification_telegram"


def _start(client, code: str, chat_id: int = 555001):
    update = {"update_id": 1, "message": {"text": f"/start {code}", "chat": {"id": chat_id}}}
    return client.post(WEBHOOK, json.dumps(update), content_type="application/json")


def _linked(chat_id: int = 555001, **fields):
    person = UserFactory(**fields)
    TelegramChat.objects.create(user=person, chat_id=chat_id, linked_at=timezone.now())
    return person


def _tell(person, kind=NotificationKind.PHASE_ADVANCED, key="k1") -> Notification:
    return notify(user=person, kind=kind, key=key, title="Новый этап", body="Основной этап")


def _queued(task_name: str, notification: Notification) -> bool:
    return OutboxMessage.objects.filter(task_name=task_name, args=[notification.pk]).exists()


# --- Linking -----------------------------------------------------------------------------


def test_a_person_links_a_chat_through_the_deep_link_and_the_bots_start(client, fake_telegram):
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("mentorship:notification-settings")).content.decode()
    assert "Подключить Telegram" in page

    response = client.post(reverse("mentorship:telegram-link"))
    assert response.status_code == 302
    link = response["Location"]
    assert re.fullmatch(r"https://t\.me/nastavnik_test_bot\?start=[A-Za-z0-9_-]{32}", link)
    code = link.split("start=")[1]

    answer = _start(client, code, chat_id=777123)
    assert answer.status_code == 200
    assert answer.json()["method"] == "sendMessage"
    assert answer.json()["chat_id"] == 777123
    chat = TelegramChat.objects.get(user=person)
    assert chat.chat_id == 777123
    assert chat.code is None  # spent
    page = client.get(reverse("mentorship:notification-settings")).content.decode()
    assert "Telegram подключён" in page
    assert 'data-testid="telegram-channels"' in page

    # The code works once: a second /start with it links nothing.
    stranger = UserFactory()
    TelegramChat.objects.create(user=stranger, code="other-code", code_created_at=timezone.now())
    assert _start(client, code, chat_id=999).json() == {}
    assert not TelegramChat.objects.filter(chat_id=999).exists()


def test_an_old_or_unknown_code_or_a_wrong_secret_links_nothing(client, fake_telegram):
    person = UserFactory()
    link = telegram.telegram_link_start(user=person, now=timezone.now() - dt.timedelta(hours=2))
    code = link.split("start=")[1]
    assert _start(client, code).json() == {}
    assert _start(client, "no-such-code").json() == {}
    assert not TelegramChat.objects.filter(chat_id__isnull=False).exists()

    fresh = telegram.telegram_link_start(user=person).split("start=")[1]
    update = {"message": {"text": f"/start {fresh}", "chat": {"id": 1}}}
    wrong = client.post(
        "/telegram/webhook/guess/", json.dumps(update), content_type="application/json"
    )
    assert wrong.status_code == 404
    assert client.post(WEBHOOK, "{not json", content_type="application/json").status_code == 400
    for odd in ([], {"message": "x"}, {"message": {"text": 5, "chat": {"id": "1"}}}, None):
        assert client.post(WEBHOOK, json.dumps(odd), content_type="application/json").json() == {}
    assert not TelegramChat.objects.filter(chat_id__isnull=False).exists()


def test_without_a_bot_token_telegram_is_hidden_and_closed(client, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    settings.TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("mentorship:notification-settings")).content.decode()
    assert 'data-testid="telegram"' not in page
    assert client.post(reverse("mentorship:telegram-link")).status_code == 404
    assert _start(client, "any").status_code == 404
    # A chat left from before is not used either: e-mail only.
    TelegramChat.objects.create(user=person, chat_id=42)
    notification = _tell(person)
    assert (notification.email_wanted, notification.telegram_wanted) == (True, False)


def test_a_person_unlinks_and_notifications_go_by_email_again(client, fake_telegram):
    person = _linked()
    notifications.notification_channels_set(
        user=person, channels={NotificationKind.PHASE_ADVANCED: Channel.TELEGRAM}
    )
    before = _tell(person, key="before")
    assert (before.email_wanted, before.telegram_wanted) == (False, True)
    client.force_login(person)
    response = client.post(reverse("mentorship:telegram-unlink"))
    assert response.status_code == 302
    assert not TelegramChat.objects.filter(user=person).exists()
    after = _tell(person, key="after")
    assert (after.email_wanted, after.telegram_wanted) == (True, False)
    assert _queued(EMAIL_TASK, after)
    assert not _queued(TELEGRAM_TASK, after)


# --- Channels and sending ------------------------------------------------------------------


def test_each_kind_goes_where_the_person_chose(client, fake_telegram):
    person = _linked(chat_id=4242)
    client.force_login(person)
    response = client.post(
        reverse("mentorship:telegram-channels"),
        {
            **dict.fromkeys(NotificationKind.values, Channel.BOTH),
            NotificationKind.NEW_REQUEST: Channel.TELEGRAM,
            NotificationKind.SESSION_MOVED: Channel.EMAIL,
        },
    )
    assert response.status_code == 302
    only_telegram = _tell(person, NotificationKind.NEW_REQUEST, "a")
    only_email = _tell(person, NotificationKind.SESSION_MOVED, "b")
    both = _tell(person, NotificationKind.PHASE_ADVANCED, "c")
    assert (only_telegram.email_wanted, only_telegram.telegram_wanted) == (False, True)
    assert (only_email.email_wanted, only_email.telegram_wanted) == (True, False)
    assert (both.email_wanted, both.telegram_wanted) == (True, True)
    assert _queued(TELEGRAM_TASK, only_telegram)
    assert not _queued(EMAIL_TASK, only_telegram)
    assert _queued(EMAIL_TASK, only_email)
    assert not _queued(TELEGRAM_TASK, only_email)

    for notification in (only_telegram, both):
        assert telegram.notification_telegram_send(notification_id=notification.pk, run_id="r")
    assert telegram.notification_telegram_send(notification_id=only_email.pk, run_id="r") is False
    assert [call.payload["chat_id"] for call in fake_telegram.messages] == [4242, 4242]
    assert fake_telegram.texts()[1].startswith("Новый этап\n\nОсновной этап")
    # The e-mail of a Telegram-only notification is never sent, nor swept up.
    assert not notifications.notification_email_send(notification_id=only_telegram.pk, run_id="r")


def test_an_unknown_kind_or_channel_is_refused(fake_telegram):
    person = _linked()
    with pytest.raises(notifications.InvalidInput):
        notifications.notification_channels_set(user=person, channels={"nope": Channel.BOTH})
    with pytest.raises(notifications.InvalidInput):
        notifications.notification_channels_set(
            user=person, channels={NotificationKind.NEW_REQUEST: "pigeon"}
        )


def test_a_message_is_sent_once_whoever_runs_the_task_again(fake_telegram):
    notification = _tell(_linked())
    assert telegram.notification_telegram_send(notification_id=notification.pk, run_id="a")
    assert not telegram.notification_telegram_send(notification_id=notification.pk, run_id="b")
    assert not telegram.notification_telegram_send(notification_id=notification.pk, run_id="a")
    assert len(fake_telegram.messages) == 1
    notification.refresh_from_db()
    assert notification.telegram_sent_at is not None


def test_a_429_leaves_the_message_for_the_retry_after_the_time_telegram_asks(
    fake_telegram, monkeypatch
):
    notification = _tell(_linked())
    fake_telegram.answer(429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(telegram.TelegramError) as refused:
        telegram.notification_telegram_send(notification_id=notification.pk, run_id="a")
    assert (refused.value.status, refused.value.retry_after) == (429, 7)
    notification.refresh_from_db()
    assert notification.telegram_claimed_by == ""  # free for the retry
    assert notification.telegram_sent_at is None

    # The task asks Celery to run it again after exactly the time Telegram gave.
    fake_telegram.answer(429, "Too Many Requests: retry after 1", retry_after=1)
    countdowns = []

    class Retried(Exception):
        pass

    def retry(*args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return Retried()

    monkeypatch.setattr(send_notification_telegram, "retry", retry)
    with pytest.raises(Retried):
        send_notification_telegram.run(notification.pk)
    assert countdowns == [1]
    # The retry, when it comes, sends it.
    assert send_notification_telegram.run(notification.pk) is True
    assert len(fake_telegram.attempts) == 3
    assert len(fake_telegram.messages) == 1


def test_a_blocked_bot_unlinks_the_chat_and_the_email_goes_instead(fake_telegram):
    person = _linked()
    notifications.notification_channels_set(
        user=person, channels={NotificationKind.PHASE_ADVANCED: Channel.TELEGRAM}
    )
    notification = _tell(person)
    fake_telegram.answer(403, "Forbidden: bot was blocked by the user")
    assert not telegram.notification_telegram_send(notification_id=notification.pk, run_id="a")
    assert not TelegramChat.objects.filter(user=person).exists()
    notification.refresh_from_db()
    assert (notification.email_wanted, notification.telegram_wanted) == (True, False)
    assert _queued(EMAIL_TASK, notification)
    assert not fake_telegram.messages
    # And nothing more goes to that chat.
    later = _tell(person, key="later")
    assert (later.email_wanted, later.telegram_wanted) == (True, False)


def test_a_bad_request_gives_up_on_that_message_but_keeps_the_chat(fake_telegram):
    person = _linked()
    notification = _tell(person)
    fake_telegram.answer(400, "Bad Request: message text is empty")
    assert not telegram.notification_telegram_send(notification_id=notification.pk, run_id="a")
    assert TelegramChat.objects.filter(user=person, chat_id__isnull=False).exists()
    notification.refresh_from_db()
    assert notification.telegram_wanted is False
    assert not telegram.notification_telegram_send(notification_id=notification.pk, run_id="b")


def test_the_sweep_sends_again_what_telegram_never_got(fake_telegram, monkeypatch):
    notification = _tell(_linked())
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1), emailed_at=timezone.now()
    )
    sent = []
    monkeypatch.setattr(send_notification_telegram, "delay", lambda pk: sent.append(pk))
    assert notifications.notifications_unsent_resend() == 1
    assert sent == [notification.pk]
    telegram.notification_telegram_send(notification_id=notification.pk, run_id="sweep")
    sent.clear()
    assert notifications.notifications_unsent_resend() == 0
    assert sent == []
