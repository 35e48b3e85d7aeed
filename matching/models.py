import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MenteeProfile, MentorProfile

# An unanswered request closes after this long (matching.services.requests_expire).
REQUEST_TTL = dt.timedelta(days=7)
# The most a mentee may write to a mentor with a request.
NOTE_MAX_LENGTH = 1000


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("предложено")
    ACCEPTED = "accepted", _("принято")
    DECLINED = "declined", _("отклонено")
    EXPIRED = "expired", _("истекло")
    WITHDRAWN = "withdrawn", _("запрос отозван")


class MatchOrigin(models.TextChoices):
    SUGGESTION = "suggestion", _("подбор")
    REQUEST = "request", _("запрос из каталога")
    PROGRAMME = "programme", _("программа")


def unanswered() -> models.Q:
    """A proposed pair neither side has said yes to, whoever proposed it."""
    return models.Q(status=MatchStatus.SUGGESTED, mentee_accepted=False, mentor_accepted=False)


def untouched_suggestion() -> models.Q:
    """A suggestion nobody has acted on: the refresh may rewrite or drop it."""
    return unanswered() & models.Q(origin=MatchOrigin.SUGGESTION)


class MatchQuerySet(models.QuerySet):
    def of(self, user) -> "MatchQuerySet":
        return self.filter(models.Q(mentee_id=user.pk) | models.Q(mentor_id=user.pk))

    def open_requests(self) -> "MatchQuerySet":
        """Requests a mentee has sent that the mentor has not answered yet."""
        return self.filter(
            status=MatchStatus.SUGGESTED, mentee_accepted=True, mentor_accepted=False
        )


class Match(models.Model):
    """A scored pairing of one mentee and one mentor.

    One row per pair, ever: a declined or expired pair is never proposed again,
    and the unique constraint keeps two workers from writing the pair twice.
    """

    # No separate FK indexes: (mentee, mentor) and (mentor, status) below lead with
    # them, and every index costs each of the ~100,000 suggestion writes a refresh makes.
    mentee = models.ForeignKey(
        MenteeProfile, on_delete=models.CASCADE, related_name="matches", db_index=False
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="matches", db_index=False
    )
    score = models.FloatField(_("оценка"), default=0)
    # The scorer's facts about the pair (matching.explain.facts); sentences are
    # written at read time, in the reader's language and zone.
    factors = models.JSONField(default=dict, blank=True)
    overlap_minutes_per_week = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED
    )
    origin = models.CharField(
        max_length=20, choices=MatchOrigin.choices, default=MatchOrigin.SUGGESTION
    )
    mentee_accepted = models.BooleanField(default=False)
    mentor_accepted = models.BooleanField(default=False)
    # By name: the mentorship app is a floor up and starts the mentorship (mentorship.matches).
    mentorship = models.OneToOneField(
        "mentorship.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match",
    )
    # Set when a programme's cohort matching proposed the pair (indexed below, where set).
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    # What the mentee wrote with the request: why this mentor (shown to the mentor).
    # (A database default too: the suggestion refresh inserts rows in raw SQL.)
    note = models.TextField(
        _("несколько слов наставнику"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        default="",
        db_default="",
    )
    # The last time the mentee withdrew the request; a withdrawn pair is not
    # proposed again, but the mentee may ask again from the catalogue.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("пара")
        verbose_name_plural = _("пары")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="match_once_per_pair"),
            models.CheckConstraint(
                condition=models.Q(status__in=MatchStatus.values), name="match_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="match_score_0_100"
            ),
            # Accepted means both sides said yes and the mentorship exists.
            models.CheckConstraint(
                condition=~models.Q(status=MatchStatus.ACCEPTED)
                | models.Q(mentee_accepted=True, mentor_accepted=True),
                name="match_accepted_by_both",
            ),
        ]
        # Proposals nobody has requested (suggestions above all) stay out of the partial
        # ones, which every query of theirs implies: a refresh's ~100,000 inserts skip
        # them. (Requests by age and answered pairs; a programme's pairs.)
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(
                fields=["status", "requested_at"],
                condition=~models.Q(status=MatchStatus.SUGGESTED)
                | models.Q(requested_at__isnull=False),
                name="match_requested_or_decided",
            ),
            models.Index(
                fields=["programme"],
                condition=models.Q(programme__isnull=False),
                name="match_of_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} ({self.status}, {self.score:.0f})"

    @property
    def expires_at(self):
        """When an unanswered request closes."""
        return self.requested_at + REQUEST_TTL if self.requested_at else None


class MentorChange(models.Model):
    """A mentor whose scoring features changed, written by database triggers
    (migration 0004_mentor_changes) in the transaction that changed them.

    The packed mentor matrix each worker keeps (matching.mentor_matrix) reads
    the entries it has not seen yet before every use and repacks those mentors.
    ``mentor_id`` 0 means "everyone" (the taxonomy changed). ``txid`` is the
    writing transaction's id, which tells a reader which entries its previous
    read could not see yet (see mentor_matrix._CHANGES_SQL).
    """

    mentor_id = models.BigIntegerField()
    txid = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"mentor {self.mentor_id} changed in {self.txid}"
