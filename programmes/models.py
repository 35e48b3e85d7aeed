"""Formal programmes (a company, a bootcamp): coordinators, a cohort, cohort matching runs."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import GoalArea

# Join codes avoid letters people confuse when reading them aloud (0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Objective(models.TextChoices):
    SCORE = "score", _("наибольшая сумма оценок")
    COVERAGE = "coverage", _("как можно больше пар")


class ProgrammeQuerySet(models.QuerySet):
    def coordinated_by(self, user) -> "ProgrammeQuerySet":
        return self.filter(coordinators__user_id=user.pk)

    def visible_to(self, user) -> "ProgrammeQuerySet":
        """The programmes a person coordinates or is in the cohort of."""
        return self.filter(
            models.Q(coordinators__user_id=user.pk) | models.Q(members__user_id=user.pk)
        ).distinct()


class Programme(models.Model):
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("описание"), max_length=4000, blank=True)
    goal_areas = models.ManyToManyField(GoalArea, related_name="+", verbose_name=_("направления"))
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    # Per-programme weights of the scorer's factors ({factor: points}); empty = defaults.
    weights = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("программа")
        verbose_name_plural = _("программы")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_dates_in_order",
                violation_error_message=_("Окончание не может быть раньше начала."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Coordinator(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="coordinated")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="coordinator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} coordinates {self.programme_id}"


class Role(models.TextChoices):
    MENTEE = "mentee", _("подопечный")
    MENTOR = "mentor", _("наставник")


class Member(models.Model):
    """A person in a programme's cohort, in one role (a person may join in both)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="programme_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user", "role"], name="member_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="member_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.programme_id} as {self.role}"


class RuleKind(models.TextChoices):
    FORCED = "forced", _("обязательная пара")
    FORBIDDEN = "forbidden", _("запрещённая пара")


class PairRule(models.Model):
    """A coordinator's rule for the cohort matching: this pair must, or must not, be made."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rules")
    mentee = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=RuleKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"], name="pair_rule_once"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RuleKind.values), name="pair_rule_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.mentee_id} ↔ {self.mentor_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("считается")
    DRAFT = "draft", _("черновик готов")
    PUBLISHED = "published", _("опубликовано")
    FAILED = "failed", _("ошибка")
    SUPERSEDED = "superseded", _("заменён новым расчётом")


RUN_IN_PROGRESS = (RunStatus.QUEUED, RunStatus.RUNNING)


class MatchingRun(models.Model):
    """One cohort matching: its progress, then its draft for the coordinator to review."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="matching_runs")
    objective = models.CharField(max_length=10, choices=Objective.choices)
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    mentees = models.PositiveIntegerField(default=0)
    mentors = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0)
    greedy_score = models.FloatField(null=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True)
    published_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One run at a time per programme: a second click joins the first.
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status__in=RUN_IN_PROGRESS),
                name="one_running_matching_per_programme",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RunStatus.values), name="run_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.programme_id} ({self.status})"

    @property
    def matched(self) -> int:
        """Pairs in the draft now: the solver's, as the coordinator has edited them."""
        return self.pairs.count()

    @property
    def progress(self) -> int:
        """Percent done: scoring chunks count for 90, the assignment for the rest."""
        if self.status in (RunStatus.DRAFT, RunStatus.PUBLISHED):
            return 100
        if not self.chunks_total:
            return 0
        return int(90 * self.chunks_done / self.chunks_total)


class DraftPair(models.Model):
    """A pair proposed by a run; the coordinator may remove it or add pairs before publishing."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    factors = models.JSONField(default=dict, blank=True)
    forced = models.BooleanField(default=False)
    added_by_coordinator = models.BooleanField(default=False)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="draft_mentee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} ↔ {self.mentor_id} ({self.score:.0f})"


class UnmatchedReason(models.TextChoices):
    NO_CANDIDATE = "no_candidate", _("нет подходящего наставника (язык, формат или время)")
    CAPACITY = "capacity", _("подходящие наставники заняты другими участниками")
    NO_PROFILE = "no_profile", _("не заполнен профиль подопечного")
    REMOVED = "removed", _("пару убрали из черновика")


class DraftUnmatched(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=UnmatchedReason.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="unmatched_mentee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id}: {self.reason}"
