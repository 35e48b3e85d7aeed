"""Telling people things: one row per notification, one e-mail at most.

`User` here is the project's user model (accounts.User), named by its Django base
class because core sits below the accounts app.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.models import (
    Channel,
    Notification,
    NotificationChannel,
    NotificationKind,
    NotificationOptOut,
    TelegramChat,
)
from core.telegram import telegram_enabled, telegram_linked


def notify(
    *,
    user: User,
    kind: NotificationKind,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    about: User | None = None,
) -> Notification | None:
    """Records a notification once per key and sends it after commit: by e-mail,
    to Telegram or both, as the person chose for this kind (channels_for).

    Returns None when a notification with this key already exists, or when the
    person switched this kind off. Call with the texts already rendered in the
    recipient's language, and with `about` = the person the texts name.
    """
    from core.tasks import send_notification_email, send_notification_telegram

    if NotificationOptOut.objects.filter(user=user, kind=kind).exists():
        return None
    email, telegram = channels_for(user, kind)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, key=key, title=title, body=body, url=url, about=about,
                email_wanted=email, telegram_wanted=telegram,
            )  # fmt: skip
    except IntegrityError:
        return None
    if email:
        send_notification_email.delay_on_commit(notification.pk)
    if telegram:
        send_notification_telegram.delay_on_commit(notification.pk)
    return notification


def channels_for(user: User, kind: str) -> tuple[bool, bool]:
    """(by e-mail, to Telegram) for one kind: the person's choice, Telegram only while a
    chat is linked and the bot configured, and e-mail whenever Telegram cannot be."""
    choice = (
        NotificationChannel.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    ) or Channel.BOTH
    telegram = telegram_enabled() and choice != Channel.EMAIL and telegram_linked(user)
    return (choice != Channel.TELEGRAM or not telegram), telegram


def notification_channels_of(user: User) -> dict[str, str]:
    """Every kind's channel for the person (both, unless they chose otherwise)."""
    chosen = dict(NotificationChannel.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, Channel.BOTH) for kind in NotificationKind.values}


def notification_channels_set(*, user: User, channels: dict[str, str]) -> dict[str, str]:
    """Sets the channel of the given kinds (the others stay as they are)."""
    unknown = set(channels) - set(NotificationKind.values)
    if unknown:
        raise InvalidInput(
            _("Неизвестный вид уведомлений: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))},
            field="channels",
        )
    if set(channels.values()) - set(Channel.values):
        raise InvalidInput(_("Выберите e-mail, Telegram или оба."), field="channels")
    with transaction.atomic():
        for kind, channel in channels.items():
            NotificationChannel.objects.update_or_create(
                user=user, kind=kind, defaults={"channel": channel}
            )
    return notification_channels_of(user)


def notification_email_send(*, notification_id: int, run_id: str) -> bool:
    """Sends the e-mail of one notification once; returns whether this run sent it.

    `run_id` names the task message (Celery's task id). A conditional UPDATE
    claims the notification for it: a duplicate task (another id) finds it
    claimed and stops, while the same message redelivered after its worker died
    may take it again. A claim older than the task time limit is abandoned and
    anyone may take it. The e-mail counts as sent once `emailed_at` is set.
    """
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS)
    claimed = (
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True, email_wanted=True)
        .filter(
            Q(email_claimed_by="")
            | Q(email_claimed_by=run_id)
            | Q(email_claimed_at__lt=now - lease)
        )
        .update(email_claimed_by=run_id, email_claimed_at=now)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{notification.url}".strip()
    message = EmailMessage(
        notification.title,
        body,
        to=[notification.user.email],
        # One Message-ID per notification lets mail systems drop a resend.
        headers={"Message-ID": f"<notification-{notification.pk}@{_mail_domain()}>"},
    )
    try:
        message.send()
    except Exception:
        # Not sent: let the retry (or the sweep) take it again at once.
        Notification.objects.filter(
            pk=notification_id, email_claimed_by=run_id, emailed_at__isnull=True
        ).update(email_claimed_by="", email_claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id, email_claimed_by=run_id).update(
        emailed_at=timezone.now()
    )
    return True


# E-mails still unsent after this long are sent again by the sweep (beat).
UNSENT_AFTER = dt.timedelta(minutes=15)
UNSENT_WITHIN = dt.timedelta(days=3)


def notifications_unsent_resend(*, now: dt.datetime | None = None) -> int:
    """Enqueues the e-mail of notifications whose task was lost or gave up.

    Safe alongside the original task: sending claims the notification, so
    whichever run comes second sends nothing. Telegram messages likewise.
    """
    from core.tasks import send_notification_email, send_notification_telegram

    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS)
    unsent = Notification.objects.filter(
        emailed_at__isnull=True,
        created_at__lte=now - UNSENT_AFTER,
        created_at__gte=now - UNSENT_WITHIN,
    ).filter(Q(email_claimed_by="") | Q(email_claimed_at__lt=now - lease), email_wanted=True)
    ids = list(unsent.values_list("pk", flat=True)[:1000])
    for pk in ids:
        send_notification_email.delay(pk)
    not_in_telegram = Notification.objects.filter(
        telegram_wanted=True,
        telegram_sent_at__isnull=True,
        created_at__lte=now - UNSENT_AFTER,
        created_at__gte=now - UNSENT_WITHIN,
    ).filter(Q(telegram_claimed_by="") | Q(telegram_claimed_at__lt=now - lease))
    telegram_ids = list(not_in_telegram.values_list("pk", flat=True)[:1000])
    for pk in telegram_ids:
        send_notification_telegram.delay(pk)
    return len(ids) + len(telegram_ids)


def _mail_domain() -> str:
    return settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "localhost"


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address (SITE_URL) and the path."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def in_language(user: User):
    """Renders texts for a recipient: Russian unless they chose otherwise."""
    return translation.override(user.language or "ru")


def notification_settings_set(*, user: User, off: Iterable[str]) -> list[str]:
    """Switches exactly these kinds off for the person (and every other kind on)."""
    off = set(off)
    unknown = off - set(NotificationKind.values)
    if unknown:
        raise InvalidInput(
            _("Неизвестный вид уведомлений: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))},
            field="off",
        )
    with transaction.atomic():
        NotificationOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
        for kind in off:
            NotificationOptOut.objects.get_or_create(user=user, kind=kind)
    return sorted(off)


def notification_settings_of(user: User) -> list[str]:
    """The kinds this person switched off."""
    return sorted(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


def notifications_unread_count(*, user: User) -> int:
    """How many notifications the person has not read (navigation, page, API)."""
    return Notification.objects.unread_of(user).count()


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Marks the person's notifications read (all of them when no ids are given)."""
    unread = Notification.objects.unread_of(user)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def notifications_export(*, person: User) -> dict[str, Any]:
    """The person's notifications and the kinds they switched off, for their export."""
    return {
        "notifications": [
            {"kind": n.kind, "title": n.title, "created_at": n.created_at.isoformat()}
            for n in Notification.objects.filter(user=person).order_by("created_at")
        ],
        "notifications_off": notification_settings_of(person),
        "notification_channels": notification_channels_of(person),
        "telegram_chat_id": TelegramChat.objects.filter(user=person)
        .values_list("chat_id", flat=True)
        .first(),
    }


def notifications_forget_person(*, person: User) -> int:
    """Removes the notifications others got about a person who deletes their account.

    Their texts name the person (and a new request quotes their goals), under
    whatever name they had then: deleting the rows is the one sure way to leave
    nothing of them. Only rows about this person (`about`) go.
    """
    deleted, _by_model = Notification.objects.filter(about=person).delete()
    return deleted
