"""Follow-ups: what happened 1, 3 and 6 months after a mentee's mentorship.

Each row is one question to one person at one moment, scheduled when the
mentorship finishes (mentorship.outcomes) — or, for a programme's comparison
group (cohort mentees never matched), after the programme ends
(programmes.outcomes). Imported by mentorship.models so that Django sees it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FOLLOW_UP_MONTHS = (1, 3, 6)


class InTargetField(models.TextChoices):
    YES = "yes", _("да, работаю в сфере, которая была целью")
    NOT_YET = "not_yet", _("пока нет")
    CHANGED_AIM = "changed_aim", _("цель изменилась")


def _between(field: str, low: int, high: int) -> models.Q:
    return models.Q(**{f"{field}__isnull": True}) | models.Q(
        **{f"{field}__gte": low, f"{field}__lte": high}
    )


class FollowUpQuerySet(models.QuerySet):
    def answered(self) -> "FollowUpQuerySet":
        return self.filter(answered_at__isnull=False)

    def of(self, user) -> "FollowUpQuerySet":
        return self.filter(mentee_id=user.pk)


class FollowUp(models.Model):
    """One follow-up of one mentee; every answer is optional.

    `mentee` cascades: a deleted account leaves no follow-up to send or count.
    `mentorship` is empty for the comparison group; `programme` names the
    cohort either way (the report groups by it).
    """

    mentee = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="follow_ups")
    mentorship = models.ForeignKey(
        "mentorship.Mentorship",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    months = models.PositiveSmallIntegerField()
    due_at = models.DateTimeField()
    # When the notification (and its letter) was recorded; the link expires from here.
    notified_at = models.DateTimeField(null=True, blank=True)
    # The letter's link works once: this is when it was used.
    link_used_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    interviews = models.PositiveSmallIntegerField(_("собеседований с прошлого ответа"), null=True)
    offers = models.PositiveSmallIntegerField(_("предложений о работе"), null=True)
    in_target_field = models.CharField(
        _("работаю в сфере, которая была целью"),
        max_length=20,
        choices=InTargetField.choices,
        blank=True,
    )
    role_now = models.CharField(_("роль и сфера сейчас"), max_length=200, blank=True)
    months_to_first_offer = models.PositiveSmallIntegerField(
        _("месяцев от начала наставничества до первого предложения"), null=True
    )
    confidence_now = models.PositiveSmallIntegerField(_("уверенность сейчас, 1–10"), null=True)
    would_recommend = models.PositiveSmallIntegerField(
        _("порекомендуете ли наставника сейчас, 0–10"), null=True
    )
    comment = models.CharField(_("одной строкой"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("опрос после наставничества")
        verbose_name_plural = _("опросы после наставничества")
        indexes = [models.Index(fields=["notified_at", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "months"],
                condition=models.Q(mentorship__isnull=False),
                name="follow_up_once_per_mentorship",
            ),
            models.UniqueConstraint(
                fields=["programme", "mentee", "months"],
                condition=models.Q(mentorship__isnull=True),
                name="follow_up_once_per_comparison_member",
            ),
            models.CheckConstraint(
                condition=models.Q(months__in=FOLLOW_UP_MONTHS), name="follow_up_months_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(in_target_field="")
                | models.Q(in_target_field__in=InTargetField.values),
                name="follow_up_in_target_field_valid",
            ),
            models.CheckConstraint(condition=_between("interviews", 0, 1000), name="fu_interviews"),
            models.CheckConstraint(condition=_between("offers", 0, 100), name="fu_offers"),
            models.CheckConstraint(
                condition=_between("months_to_first_offer", 0, 120), name="fu_months_to_offer"
            ),
            models.CheckConstraint(
                condition=_between("confidence_now", 1, 10), name="fu_confidence"
            ),
            models.CheckConstraint(
                condition=_between("would_recommend", 0, 10), name="fu_recommend"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} +{self.months}m ({self.mentorship_id or 'comparison'})"

    @property
    def is_comparison(self) -> bool:
        return self.mentorship_id is None
