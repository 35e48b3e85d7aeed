from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MenteeProfile, MentorProfile


class Phase(models.TextChoices):
    INITIAL = "initial", _("начало")
    MAIN = "main", _("основной этап")
    CLOSING = "closing", _("завершение")
    COMPLETED = "completed", _("завершено")
    ENDED = "ended", _("прекращено досрочно")


ACTIVE_PHASES = (Phase.INITIAL, Phase.MAIN, Phase.CLOSING)


class MentorshipQuerySet(models.QuerySet):
    def active(self) -> "MentorshipQuerySet":
        return self.filter(phase__in=ACTIVE_PHASES)

    def of(self, user) -> "MentorshipQuerySet":
        """The mentorships a person takes part in, as mentee or as mentor."""
        return self.filter(models.Q(mentee_id=user.pk) | models.Q(mentor_id=user.pk))


class Mentorship(models.Model):
    """A pair working together, from both sides' acceptance to completion.

    When a person deletes their account, their side becomes NULL: the other
    side keeps the record, which then names no one.
    """

    mentee = models.ForeignKey(
        MenteeProfile, on_delete=models.SET_NULL, null=True, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.SET_NULL, null=True, related_name="mentorships"
    )
    phase = models.CharField(_("этап"), max_length=20, choices=Phase.choices, default=Phase.INITIAL)
    started_at = models.DateTimeField(_("начато"), default=timezone.now)
    phase_started_at = models.DateTimeField(_("этап начат"), default=timezone.now)
    ended_at = models.DateTimeField(_("окончено"), null=True, blank=True)
    end_reason = models.CharField(max_length=20, blank=True)
    end_comment = models.TextField(blank=True, max_length=2000)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("наставничество")
        verbose_name_plural = _("наставничества")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase__in=Phase.values), name="mentorship_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee or '—'} ↔ {self.mentor or '—'} ({self.phase})"

    @property
    def is_active(self) -> bool:
        return self.phase in ACTIVE_PHASES


class NotificationKind(models.TextChoices):
    NEW_REQUEST = "new_request", _("новый запрос")
    MATCH_ACCEPTED = "match_accepted", _("пара состоялась")
    REQUEST_REMINDER = "request_reminder", _("напоминание о запросе")
    REQUEST_EXPIRED = "request_expired", _("запрос истёк")


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
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class EndReason(models.TextChoices):
    NO_TIME = "no_time", _("нет времени")
    MISMATCH = "mismatch", _("не сложилось")
    GOAL_REACHED = "goal_reached", _("цель достигнута раньше")
    OTHER = "other", _("другое")


class ChecklistItem(models.Model):
    """One step of a phase (see mentorship.checklist for the keys and texts)."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="checklist")
    key = models.CharField(max_length=40)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "key"], name="checklist_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id}:{self.key}"


class Message(models.Model):
    """The pair's asynchronous thread. A deleted author leaves the text, unnamed."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=10000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["mentorship", "created_at"])]

    def __str__(self) -> str:
        return f"{self.mentorship_id}: {self.body[:40]}"


class ThreadRead(models.Model):
    """How far a person has read their pair's thread: unread = newer messages by the other."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "user"], name="thread_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.mentorship_id} at {self.read_at:%Y-%m-%d %H:%M}"
