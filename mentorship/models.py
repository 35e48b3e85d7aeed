from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MenteeProfile, MentorProfile, User


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

    def visible_to(self, user) -> "MentorshipQuerySet":
        """Those a person takes part in, and those of programmes they coordinate.

        The programmes are a subquery, not a join: a join would repeat a pair once per
        coordinator and need DISTINCT over every column (and the list's count over that)."""
        programmes = self.model._meta.get_field("programme").related_model.objects
        return self.filter(
            models.Q(mentee_id=user.pk)
            | models.Q(mentor_id=user.pk)
            | models.Q(programme__in=programmes.filter(coordinators__user_id=user.pk))
        )


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
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorships",
    )

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

    def people(self) -> list[tuple[User, User | None]]:
        """(person, the other side) for each side that still has an account; the
        other is None once that person deleted theirs."""
        mentee = self.mentee.user if self.mentee else None
        mentor = self.mentor.user if self.mentor else None
        return [(person, other) for person, other in ((mentee, mentor), (mentor, mentee)) if person]


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


class SessionFormat(models.TextChoices):
    VIDEO = "video", _("видеозвонок")
    CHAT = "chat", _("переписка")
    IN_PERSON = "in_person", _("лично")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("запланирована")
    HELD = "held", _("состоялась")
    CANCELLED = "cancelled", _("отменена")


class Session(models.Model):
    """A meeting of the pair. `starts_at` is an instant; each person sees it in their zone."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("начало"))
    duration_minutes = models.PositiveSmallIntegerField(_("длительность, минут"), default=60)
    format = models.CharField(_("формат"), max_length=20, choices=SessionFormat.choices)
    agenda = models.TextField(_("повестка"), max_length=4000, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    notes = models.TextField(_("общие заметки"), max_length=10000, blank=True)
    # A video call's address (https only: mentorship.work checks it).
    call_url = models.URLField(_("ссылка на звонок"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("встреча")
        verbose_name_plural = _("встречи")
        indexes = [models.Index(fields=["mentorship", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="session_duration_15_to_480",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=SessionFormat.values), name="session_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id} @ {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)


class SessionPersonal(models.Model):
    """What one person keeps about a session: private notes (only theirs) and a rating."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="personal")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    private_notes = models.TextField(max_length=10000, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="session_personal_once"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="session_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.user_id}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("в работе")
    DONE = "done", _("достигнута")
    DROPPED = "dropped", _("снята")


class Goal(models.Model):
    """What the mentee wants to reach; set in the initial phase, adjusted in the main one."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("цель"), max_length=300)
    due = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("цель")
        verbose_name_plural = _("цели")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GoalStatus.values), name="goal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    OPEN = "open", _("к выполнению")
    IN_PROGRESS = "in_progress", _("в работе")
    DONE = "done", _("сделано")


class Task(models.Model):
    """Homework between sessions."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("задание"), max_length=300)
    details = models.TextField(_("подробности"), max_length=4000, blank=True)
    due = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due", "id"]
        verbose_name = _("задание")
        verbose_name_plural = _("задания")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TaskStatus.values), name="task_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Side(models.TextChoices):
    MENTEE = "mentee", _("подопечный")
    MENTOR = "mentor", _("наставник")


class SupportMet(models.TextChoices):
    YES = "yes", _("да")
    PARTLY = "partly", _("частично")
    NO = "no", _("нет")


def _between(field: str, low: int, high: int) -> models.Q:
    return models.Q(**{f"{field}__gte": low, f"{field}__lte": high})


class Evaluation(models.Model):
    """The closing evaluation of one side, once per side (the database says so)."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="evaluations")
    side = models.CharField(max_length=10, choices=Side.choices)
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Self-assessment
    goal_progress = models.PositiveSmallIntegerField(_("продвижение к цели, 0–10"))
    skills_gained = models.TextField(_("какие навыки появились"), max_length=4000, blank=True)
    view_changed = models.TextField(
        _("как изменился взгляд на профессию"), max_length=4000, blank=True
    )
    # Professional results
    interview_invitations = models.PositiveSmallIntegerField(
        _("приглашений на собеседования"), default=0
    )
    confidence_before = models.PositiveSmallIntegerField(_("уверенность до, 1–10"))
    confidence_after = models.PositiveSmallIntegerField(_("уверенность после, 1–10"))
    successes = models.TextField(_("конкретные успехи"), max_length=4000, blank=True)
    # Quality of the interaction
    productivity = models.PositiveSmallIntegerField(_("насколько продуктивно, 1–5"))
    support_met = models.CharField(
        _("поддержка соответствовала ожиданиям"), max_length=10, choices=SupportMet.choices
    )
    would_recommend = models.PositiveSmallIntegerField(_("порекомендуете ли, 0–10"))
    comment = models.TextField(_("комментарий"), max_length=4000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("оценка")
        verbose_name_plural = _("оценки")
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "side"], name="evaluation_once_per_side"),
            models.CheckConstraint(condition=_between("goal_progress", 0, 10), name="eval_goal"),
            models.CheckConstraint(
                condition=_between("confidence_before", 1, 10), name="eval_conf_before"
            ),
            models.CheckConstraint(
                condition=_between("confidence_after", 1, 10), name="eval_conf_after"
            ),
            models.CheckConstraint(condition=_between("productivity", 1, 5), name="eval_product"),
            models.CheckConstraint(
                condition=_between("would_recommend", 0, 10), name="eval_recommend"
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=Side.values), name="evaluation_side_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(interview_invitations__lte=1000), name="eval_invitations"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id}:{self.side}"


# --- Follow-ups (issue 16) live in their own module; imported here for Django. -----
from mentorship.follow_up_models import FollowUp, InTargetField  # noqa: E402, F401
