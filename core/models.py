"""The ground floor's models: notifications (what a person is told, in the app and
by e-mail) and the outbox of tasks waiting for the broker.

The tables keep their old names (mentorship_notification…): the models moved
here from the mentorship app without moving any data.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    NEW_REQUEST = "new_request", _("новый запрос")
    MATCH_ACCEPTED = "match_accepted", _("пара состоялась")
    REQUEST_REMINDER = "request_reminder", _("напоминание о запросе")
    REQUEST_EXPIRED = "request_expired", _("запрос истёк")
    REQUEST_WITHDRAWN = "request_withdrawn", _("запрос отозван")
    SESSION_TOMORROW = "session_tomorrow", _("встреча завтра")
    SESSION_MOVED = "session_moved", _("встреча перенесена")
    PHASE_ADVANCED = "phase_advanced", _("новый этап наставничества")
    NO_SESSION_NUDGE = "no_session_nudge", _("давно не было встреч")
    MENTOR_INVITE = "mentor_invite", _("приглашение стать наставником")
    OUTCOME_FOLLOW_UP = "outcome_follow_up", _("вопросы после наставничества")


class NotificationQuerySet(models.QuerySet):
    def unread_of(self, user) -> "NotificationQuerySet":
        """The person's notifications they have not read yet."""
        return self.filter(user=user, read_at__isnull=True)


class Notification(models.Model):
    """Something a person is told, in the app and by e-mail.

    `key` is unique: whoever builds a notification names it by what it is about
    ("request_expired:match:42"), so a retried or duplicated task finds the
    row already there and nothing is sent twice.
    """

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    key = models.CharField(max_length=200, unique=True)
    # The person the text names, if any: their name is taken out when they delete
    # their account (core.notifications.notifications_forget_person).
    about = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Which task run is sending the e-mail, and since when (see notification_email_send).
    email_claimed_by = models.CharField(max_length=64, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    # The channels chosen for this kind when it was recorded (NotificationChannel):
    # the re-send sweeps look only at what was meant to go.
    email_wanted = models.BooleanField(default=True)
    telegram_wanted = models.BooleanField(default=False)
    # The Telegram message: claimed and marked sent like the e-mail (core.telegram).
    telegram_sent_at = models.DateTimeField(null=True, blank=True)
    telegram_claimed_by = models.CharField(max_length=64, blank=True)
    telegram_claimed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "mentorship_notification"
        ordering = ["-created_at"]
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class NotificationOptOut(models.Model):
    """A kind of notification a person switched off (neither in the app nor by e-mail)."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)

    class Meta:
        db_table = "mentorship_notificationoptout"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ✕ {self.kind}"


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    TELEGRAM = "telegram", _("Telegram")
    BOTH = "both", _("e-mail и Telegram")


class NotificationChannel(models.Model):
    """Where a person wants one kind of notification besides the site. Without a row:
    both e-mail and Telegram (Telegram once a chat is linked)."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notification_channels"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.BOTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_channel_once"),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="notification_channel_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} → {self.channel}"


class TelegramChat(models.Model):
    """A person's Telegram chat with the bot (core.telegram).

    Linking: the settings page makes a one-time `code` for the deep link
    t.me/<bot>?start=<code>; the bot's webhook receives "/start <code>" from the
    chat and stores `chat_id`, spending the code. Unlinking (by the person, or the
    bot blocked) deletes the row.
    """

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="telegram_chat"
    )
    chat_id = models.BigIntegerField(null=True, blank=True, unique=True)
    code = models.CharField(max_length=64, unique=True, null=True, blank=True)
    code_created_at = models.DateTimeField(null=True, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} ↔ {self.chat_id or '…'}"

    @property
    def linked(self) -> bool:
        return self.chat_id is not None


class OutboxMessage(models.Model):
    """A task waiting for the broker (core/outbox.py).

    Written in the same transaction as the data the task is about, so a task
    exists exactly when its data does; deleted once the broker has taken it.
    """

    task_id = models.CharField(max_length=64, unique=True)
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.task_name}[{self.task_id}]"
