"""Telegram: a person links a chat with the bot, and notifications go there once each.

The Bot API is called over HTTPS with the standard library (one JSON POST per
message). Settings: TELEGRAM_BOT_TOKEN (without it Telegram is off and hidden),
TELEGRAM_API_URL (the public Bot API by default; tests point it at a local fake),
TELEGRAM_BOT_NAME (for the t.me deep link), TELEGRAM_WEBHOOK_SECRET (the webhook's path).

Sending claims the notification like its e-mail does (core.notifications): a
conditional UPDATE names the task run; a duplicate task finds it claimed, the
same message redelivered after its worker died takes it again, and a claim older
than the lease is free. The Bot API has no idempotency key, so a worker killed
after Telegram took the message but before its answer was written sends it
again: the one window left, as with e-mail.
"""

import datetime as dt
import json
import logging
import secrets
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import Notification, TelegramChat

log = logging.getLogger(__name__)

# A deep link's code works for this long after the settings page made it.
CODE_TTL = dt.timedelta(hours=1)
MESSAGE_LIMIT = 4096  # characters in one Telegram message


class TelegramError(Exception):
    """The Bot API refused a call: its HTTP status, description and, for 429, retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{status} {description}")
        self.status = status
        self.description = description
        self.retry_after = retry_after


def telegram_enabled() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN)


def bot_call(method: str, payload: dict[str, Any]) -> Any:
    """Calls a Bot API method; returns its `result` or raises TelegramError (OSError when
    the API cannot be reached)."""
    base = settings.TELEGRAM_API_URL.rstrip("/")
    request = urllib.request.Request(  # noqa: S310 (the URL is the configured Bot API)
        f"{base}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.TELEGRAM_TIMEOUT_SECONDS
        ) as response:
            answer = _json(response.read())
    except urllib.error.HTTPError as error:
        answer = _json(error.read())
        retry_after = (answer.get("parameters") or {}).get("retry_after")
        raise TelegramError(
            error.code,
            str(answer.get("description", "")),
            retry_after if isinstance(retry_after, int) else None,
        ) from None
    if not answer.get("ok"):
        raise TelegramError(200, str(answer.get("description", "not ok")))
    return answer.get("result")


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- Linking -----------------------------------------------------------------------------


def telegram_link_start(*, user: User, now: dt.datetime | None = None) -> str:
    """A new one-time code for the person; returns the deep link that opens the bot with it."""
    code = secrets.token_urlsafe(24)  # 32 of [A-Za-z0-9_-]: what a start parameter allows
    TelegramChat.objects.update_or_create(
        user=user, defaults={"code": code, "code_created_at": now or timezone.now()}
    )
    return f"https://t.me/{settings.TELEGRAM_BOT_NAME}?start={code}"


def telegram_update_receive(*, update: Any, now: dt.datetime | None = None) -> int | None:
    """The webhook's update: "/start <code>" from a chat links that chat to the code's
    person and spends the code. Returns the linked chat id, or None when the update is
    something else or the code is unknown, used or too old."""
    message = update.get("message") if isinstance(update, dict) else None
    if not isinstance(message, dict):
        return None
    text, chat = message.get("text"), message.get("chat")
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    if not isinstance(text, str) or not isinstance(chat_id, int) or isinstance(chat_id, bool):
        return None
    command, _space, code = text.strip().partition(" ")
    if command.split("@")[0] != "/start" or not code.strip():
        return None
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            TelegramChat.objects.select_for_update()
            .filter(code=code.strip(), code_created_at__gte=now - CODE_TTL)
            .first()
        )
        if row is None:
            return None
        # One chat belongs to one person: linked elsewhere before, it moves here.
        TelegramChat.objects.filter(chat_id=chat_id).exclude(pk=row.pk).delete()
        row.chat_id, row.code, row.linked_at = chat_id, None, now
        row.save(update_fields=["chat_id", "code", "linked_at"])
    return chat_id


def telegram_chat_of(user: User) -> TelegramChat | None:
    return TelegramChat.objects.filter(user=user).first()


def telegram_linked(user: User) -> bool:
    return TelegramChat.objects.filter(user=user, chat_id__isnull=False).exists()


def telegram_unlink(*, user: User) -> bool:
    """The person unlinks Telegram; returns whether a chat was linked."""
    deleted, _by_model = TelegramChat.objects.filter(user=user).delete()
    return bool(deleted)


# --- Sending -----------------------------------------------------------------------------


def notification_telegram_send(*, notification_id: int, run_id: str) -> bool:
    """Sends one notification to the person's chat once; returns whether this run sent it.

    A 429 (with retry_after) or a server error leaves it for the retry; a 403 means
    the person blocked the bot: the chat is unlinked. Whenever Telegram cannot take
    it for good, the e-mail goes instead if it was not meant to go already.
    """
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS)
    claimed = (
        Notification.objects.filter(
            pk=notification_id, telegram_wanted=True, telegram_sent_at__isnull=True
        )
        .filter(
            Q(telegram_claimed_by="")
            | Q(telegram_claimed_by=run_id)
            | Q(telegram_claimed_at__lt=now - lease)
        )
        .update(telegram_claimed_by=run_id, telegram_claimed_at=now)
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    chat = TelegramChat.objects.filter(user_id=notification.user_id, chat_id__isnull=False).first()
    if chat is None or not telegram_enabled():
        _give_up(notification)
        return False
    try:
        bot_call(
            "sendMessage",
            {
                "chat_id": chat.chat_id,
                "text": _text(notification),
                "link_preview_options": {"is_disabled": True},
            },
        )
    except TelegramError as error:
        if error.status == 403:
            log.info("telegram: chat of person %s blocked the bot; unlinked", chat.user_id)
            TelegramChat.objects.filter(pk=chat.pk, chat_id=chat.chat_id).delete()
        elif error.status == 429 or error.status >= 500:
            _release(notification_id, run_id)
            raise
        else:
            log.warning("telegram: notification %s refused: %s", notification_id, error)
        _give_up(notification)
        return False
    except Exception:
        _release(notification_id, run_id)
        raise
    Notification.objects.filter(pk=notification_id, telegram_claimed_by=run_id).update(
        telegram_sent_at=timezone.now()
    )
    return True


def _text(notification: Notification) -> str:
    parts = [notification.title, notification.body, notification.url]
    return "\n\n".join(part for part in parts if part)[:MESSAGE_LIMIT]


def _release(notification_id: int, run_id: str) -> None:
    """Not sent: the retry (or the sweep) may take it again at once."""
    Notification.objects.filter(
        pk=notification_id, telegram_claimed_by=run_id, telegram_sent_at__isnull=True
    ).update(telegram_claimed_by="", telegram_claimed_at=None)


def _give_up(notification: Notification) -> None:
    """Telegram will not take this one: stop trying, and send the e-mail instead when
    the person wanted it in Telegram only."""
    from core.tasks import send_notification_email

    Notification.objects.filter(pk=notification.pk).update(telegram_wanted=False)
    if not notification.email_wanted:
        Notification.objects.filter(pk=notification.pk).update(email_wanted=True)
        send_notification_email.delay_on_commit(notification.pk)
