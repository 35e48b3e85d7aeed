"""Input and output shapes of the mentorships API (see ../shared/API.md).

Text fields are DRF CharFields, whose validators refuse NUL bytes (PostgreSQL
cannot store them) and lone surrogates with a 400; every one has the
model's max_length.
"""

import zoneinfo
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Notification, NotificationKind
from core.rows import instant
from mentorship.checklist import BY_KEY
from mentorship.models import (
    ChecklistItem,
    EndReason,
    Evaluation,
    Goal,
    GoalStatus,
    Mentorship,
    Message,
    Session,
    SessionFormat,
    SessionStatus,
    Side,
    SupportMet,
    Task,
    TaskStatus,
)

# --- Times ---------------------------------------------------------------------------------


def _zone_of(user: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", "") or settings.DEFAULT_USER_TIMEZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.DEFAULT_USER_TIMEZONE)


class LocalDateTimeField(serializers.DateTimeField):
    """An instant in the caller's own zone (user.timezone), with that zone's offset.

    Taken from the request's user rather than the active zone: a token is
    checked inside the view, after the time zone middleware has run.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def default_timezone(self) -> zoneinfo.ZoneInfo:
        request = self.context.get("request")
        return _zone_of(getattr(request, "user", None))


class AwareDateTimeField(serializers.DateTimeField):
    """An instant as ISO 8601 with an offset. A bare wall-clock time is refused: it
    would mean a different moment to each side of the pair."""

    default_error_messages = {
        "naive": _(
            "Укажите время со смещением часового пояса, например 2026-12-01T19:00:00+03:00."
        ),
    }

    def to_internal_value(self, value: Any) -> Any:
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None  # DRF's own parsing answers with its message
        if parsed is not None and timezone.is_naive(parsed):
            self.fail("naive")
        return super().to_internal_value(value)


# --- Mentorships ---------------------------------------------------------------------------


class PersonOutput(serializers.Serializer):
    """One side of a pair; contact data is shown only inside the mentorship."""

    id = serializers.IntegerField(source="user_id")
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    timezone = serializers.CharField()


class ChecklistItemOutput(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    hint = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistItem
        fields = ["key", "title", "hint", "phase", "required", "done", "done_at"]

    def get_title(self, item: ChecklistItem) -> str:
        return str(BY_KEY[item.key].title)

    def get_hint(self, item: ChecklistItem) -> str:
        return str(BY_KEY[item.key].hint)


class EvaluationsSummaryOutput(serializers.Serializer):
    """Which sides have given their closing evaluation (not what they said)."""

    mentee = serializers.BooleanField()
    mentor = serializers.BooleanField()


class MentorshipOutput(serializers.ModelSerializer):
    mentee = PersonOutput(allow_null=True)
    mentor = PersonOutput(allow_null=True)
    checklist = ChecklistItemOutput(many=True)
    programme = serializers.SerializerMethodField()
    unread_messages = serializers.SerializerMethodField()
    evaluations = serializers.SerializerMethodField()

    class Meta:
        model = Mentorship
        fields = [
            "id", "mentee", "mentor", "phase", "started_at", "phase_started_at", "ended_at",
            "end_reason", "checklist", "programme", "unread_messages", "evaluations",
        ]  # fmt: skip

    @extend_schema_field(EvaluationsSummaryOutput)
    def get_evaluations(self, mentorship: Mentorship) -> dict[str, bool]:
        # .all() so that a prefetch of the evaluations serves a whole page.
        given = {evaluation.side for evaluation in mentorship.evaluations.all()}
        return {side: side in given for side in Side.values}

    def get_unread_messages(self, mentorship: Mentorship) -> int | None:
        """The caller's unread messages; null outside the pair. The mentorship comes
        annotated (selectors.mentorships_of), so a page of them is one query."""
        from mentorship.selectors import unread_of

        return unread_of(user=self.context["request"].user, mentorship=mentorship)

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_programme(self, mentorship: Mentorship) -> int | None:
        return mentorship.programme_id


def mentorship_rows_out(
    rows: list[dict[str, Any]], checklists: dict[int, list[dict[str, Any]]], *, reader_id: int
) -> list[dict[str, Any]]:
    """MentorshipOutput(many=True)'s answer, from selectors.mentorship_rows' plain rows
    and their checklist_rows_of.

    The API's list of mentorships is read at every visit, and a serializer instance
    per row, person and checklist item was most of its work. Field for field the same
    as MentorshipOutput (tests/api/test_mentorship_list_rows.py holds the two equal).
    """
    zone = timezone.get_current_timezone()
    texts = _step_texts()
    return [
        {
            "id": row["id"],
            "mentee": _person(row, "mentee"),
            "mentor": _person(row, "mentor"),
            "phase": row["phase"],
            "started_at": instant(row["started_at"], zone),
            "phase_started_at": instant(row["phase_started_at"], zone),
            "ended_at": instant(row["ended_at"], zone),
            "end_reason": row["end_reason"],
            "checklist": [
                {
                    "key": item["key"],
                    "title": texts[item["key"]][0],
                    "hint": texts[item["key"]][1],
                    "phase": item["phase"],
                    "required": bool(item["required"]),
                    "done": bool(item["done"]),
                    "done_at": instant(item["done_at"], zone),
                }
                for item in checklists[row["id"]]
            ],
            "programme": row["programme_id"],
            # unread_of: the count is the pair's own, null for a programme's coordinator.
            "unread_messages": (
                row["unread"] if reader_id in (row["mentee_id"], row["mentor_id"]) else None
            ),
            "evaluations": {
                "mentee": bool(row["mentee_evaluated"]),
                "mentor": bool(row["mentor_evaluated"]),
            },
        }
        for row in rows
    ]


def _person(row: dict[str, Any], side: str) -> dict[str, Any] | None:
    """PersonOutput of one side; null when that person's account is gone."""
    if row[f"{side}_id"] is None:
        return None
    return {
        "id": row[f"{side}_id"],
        "full_name": row[f"{side}_full_name"],
        "email": row[f"{side}_email"],
        "timezone": row[f"{side}_timezone"],
    }


# The checklist's titles and hints in each language, written once a process.
_STEP_TEXTS: dict[str | None, dict[str, tuple[str, str]]] = {}


def _step_texts() -> dict[str, tuple[str, str]]:
    language = get_language()
    texts = _STEP_TEXTS.get(language)
    if texts is None:
        texts = {key: (str(step.title), str(step.hint)) for key, step in BY_KEY.items()}
        _STEP_TEXTS[language] = texts
    return texts


class ChecklistInput(serializers.Serializer):
    done = serializers.BooleanField()


class EndInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=EndReason.choices)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MessageOutput(serializers.ModelSerializer):
    author = serializers.IntegerField(source="author_id", allow_null=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "author_name", "body", "created_at"]

    def get_author_name(self, message: Message) -> str:
        # A deleted account leaves its words but no name.
        return message.author.full_name if message.author else ""


class MessageInput(serializers.Serializer):
    body = serializers.CharField(max_length=10000)


class ThreadReadInput(serializers.Serializer):
    up_to = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        help_text=_(
            "Последнее прочитанное сообщение (id); без него прочитанной отмечается вся переписка."
        ),
    )


class ThreadReadOutput(serializers.Serializer):
    unread_messages = serializers.IntegerField()


# --- Sessions ------------------------------------------------------------------------------


class SessionOutput(serializers.ModelSerializer):
    """A session as the caller sees it: times in their own zone; private notes and
    rating are the caller's own."""

    # context["personal"]: session id → the caller's SessionPersonal row
    # (mentorship.work.personal_of), so another person's notes never reach here.

    starts_at = LocalDateTimeField()
    ends_at = LocalDateTimeField()
    private_notes = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True)

    class Meta:
        model = Session
        fields = [
            "id", "starts_at", "ends_at", "duration_minutes", "format", "agenda", "call_url",
            "status", "notes", "private_notes", "rating", "created_by",
        ]  # fmt: skip

    def _personal(self, session: Session):
        return self.context.get("personal", {}).get(session.pk)

    def get_private_notes(self, session: Session) -> str:
        personal = self._personal(session)
        return personal.private_notes if personal else ""

    @extend_schema_field({"type": "integer", "minimum": 1, "maximum": 5, "nullable": True})
    def get_rating(self, session: Session) -> int | None:
        personal = self._personal(session)
        return personal.rating if personal else None


class SessionCreateInput(serializers.Serializer):
    starts_at = AwareDateTimeField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480)
    format = serializers.ChoiceField(choices=SessionFormat.choices)
    agenda = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    # Checked (https only) by the service, which both the page and the API call.
    call_url = serializers.CharField(max_length=500, required=False, allow_blank=True)


class SessionUpdateInput(serializers.Serializer):
    """Every field optional; what is left out stays as it is."""

    status = serializers.ChoiceField(choices=SessionStatus.choices, required=False)
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    private_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    starts_at = AwareDateTimeField(required=False)
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480, required=False)
    format = serializers.ChoiceField(choices=SessionFormat.choices, required=False)
    agenda = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    call_url = serializers.CharField(max_length=500, required=False, allow_blank=True)


# --- Goals and tasks -----------------------------------------------------------------------


class GoalOutput(serializers.ModelSerializer):
    created_at = LocalDateTimeField()
    updated_at = LocalDateTimeField()

    class Meta:
        model = Goal
        fields = ["id", "title", "due", "status", "created_at", "updated_at"]


class GoalCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    due = serializers.DateField(required=False, allow_null=True)


class GoalUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    due = serializers.DateField(required=False, allow_null=True, help_text=_("null снимает срок"))
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False)


class MentorshipTaskOutput(serializers.ModelSerializer):
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True)
    created_at = LocalDateTimeField()
    updated_at = LocalDateTimeField()
    done_at = LocalDateTimeField(allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id", "title", "details", "due", "status", "created_by", "created_at", "updated_at",
            "done_at",
        ]  # fmt: skip


class TaskCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    details = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    due = serializers.DateField(required=False, allow_null=True)


class TaskUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    details = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    due = serializers.DateField(required=False, allow_null=True, help_text=_("null снимает срок"))
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False)


# --- Evaluation ----------------------------------------------------------------------------


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=4000, required=False, allow_blank=True, **kwargs)


class EvaluationInput(serializers.Serializer):
    goal_progress = serializers.IntegerField(min_value=0, max_value=10)
    skills_gained = _text()
    view_changed = _text()
    interview_invitations = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    confidence_before = serializers.IntegerField(min_value=1, max_value=10)
    confidence_after = serializers.IntegerField(min_value=1, max_value=10)
    successes = _text()
    productivity = serializers.IntegerField(min_value=1, max_value=5)
    support_met = serializers.ChoiceField(choices=SupportMet.choices)
    would_recommend = serializers.IntegerField(min_value=0, max_value=10)
    comment = _text()


class EvaluationOutput(serializers.ModelSerializer):
    created_at = LocalDateTimeField()

    class Meta:
        model = Evaluation
        fields = [
            "id", "side", "goal_progress", "skills_gained", "view_changed",
            "interview_invitations", "confidence_before", "confidence_after", "successes",
            "productivity", "support_met", "would_recommend", "comment", "created_at",
        ]  # fmt: skip


class EvaluationsSeenOutput(serializers.Serializer):
    """The caller's own evaluation, whether the other side has answered, and the other
    side's evaluation once both have answered (null until then)."""

    side = serializers.ChoiceField(choices=Side.choices)
    own = EvaluationOutput(allow_null=True)
    other_answered = serializers.BooleanField()
    other = EvaluationOutput(allow_null=True)


# --- Notifications -------------------------------------------------------------------------


class NotificationOutput(serializers.ModelSerializer):
    created_at = LocalDateTimeField()
    read_at = LocalDateTimeField(allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]


class NotificationsReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        max_length=1000,
        required=False,
        help_text=_("Без ids отмечаются прочитанными все уведомления."),
    )


class NotificationsReadOutput(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class NotificationKindOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    label = serializers.CharField()


class NotificationSettingsInput(serializers.Serializer):
    off = serializers.ListField(
        child=serializers.ChoiceField(choices=NotificationKind.choices), max_length=50
    )


class NotificationSettingsOutput(serializers.Serializer):
    off = serializers.ListField(child=serializers.ChoiceField(choices=NotificationKind.choices))
    kinds = NotificationKindOutput(many=True)
