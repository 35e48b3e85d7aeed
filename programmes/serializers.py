"""Input and output of the programmes API."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import GoalArea
from accounts.serializers import CodeField
from matching.serializers import ExplainedList
from programmes.models import (
    DraftPair,
    DraftUnmatched,
    MatchingRun,
    Objective,
    Programme,
    Role,
    RuleKind,
)
from programmes.presenters import explain_pair, pair_blockers
from programmes.services import MAX_WEIGHT
from programmes.weights import WEIGHT_NAMES, any_weight_counts, effective_weights


class ProgrammeInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    goal_areas = serializers.ListField(child=CodeField(GoalArea), max_length=20, required=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


def _weights_schema() -> dict:
    """The rules of WeightsField in the schema: known factors, 0–100, not all of them zero."""
    weight = {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT}
    return {
        "type": "object",
        "properties": dict.fromkeys(WEIGHT_NAMES, weight),
        "additionalProperties": False,
        "not": {
            "required": list(WEIGHT_NAMES),
            "properties": {name: {"maximum": 0} for name in WEIGHT_NAMES},
        },
    }


@extend_schema_field(_weights_schema())
class WeightsField(serializers.DictField):
    """{factor: weight 0–100} over the scorer's factors; the others keep their defaults.

    The service checks the same (programmes.services._weights_valid); here the API
    says it in DRF's shape, next to the factor."""

    child = serializers.FloatField(min_value=0, max_value=MAX_WEIGHT)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        unknown = sorted(set(value) - set(WEIGHT_NAMES))
        if unknown:
            raise serializers.ValidationError(
                _("Неизвестные факторы: %(unknown)s. Возможные: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(WEIGHT_NAMES)}
            )
        if value and not any_weight_counts(value):
            raise serializers.ValidationError(_("Хотя бы один вес должен быть больше нуля."))
        return value


class ProgrammeUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    goal_areas = serializers.ListField(child=CodeField(GoalArea), max_length=20, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    weights = WeightsField(required=False)


class ProgrammeOutput(serializers.ModelSerializer):
    goal_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    role = serializers.SerializerMethodField()
    join_code = serializers.SerializerMethodField()
    join_url = serializers.SerializerMethodField()
    weights = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id", "name", "description", "goal_areas", "starts_on", "ends_on", "role",
            "join_code", "join_url", "weights", "created_at",
        ]  # fmt: skip

    # The programme comes from selectors.programmes_of, with the caller's part in it
    # (`coordinates`, `my_members`) read for the whole list at once.

    def get_role(self, programme: Programme) -> list[str]:
        """The caller's roles in the programme: coordinator, mentee, mentor."""
        roles = ["coordinator"] if programme.coordinates else []
        return roles + [member.role for member in programme.my_members]

    def get_join_code(self, programme: Programme) -> str | None:
        return programme.join_code if programme.coordinates else None

    def get_join_url(self, programme: Programme) -> str | None:
        if not programme.coordinates:
            return None
        path = reverse("programmes:join") + f"?code={programme.join_code}"
        return f"{settings.SITE_URL.rstrip('/')}{path}"

    def get_weights(self, programme: Programme) -> dict[str, float]:
        return effective_weights(programme.weights)


class JoinInput(serializers.Serializer):
    join_code = serializers.CharField(max_length=32)
    role = serializers.ChoiceField(choices=Role.choices)


class MemberOutput(serializers.Serializer):
    id = serializers.IntegerField(source="member.user_id")
    full_name = serializers.CharField(source="member.user.full_name")
    email = serializers.EmailField(source="member.user.email")
    role = serializers.CharField(source="member.role")
    joined_at = serializers.DateTimeField(source="member.joined_at")
    completeness = serializers.IntegerField(help_text="Profile completeness for the role, 0–100.")


class RuleInput(serializers.Serializer):
    mentee = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    mentor = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=RuleKind.choices, allow_null=True)


class RuleOutput(serializers.Serializer):
    mentee = serializers.IntegerField(source="mentee_id")
    mentor = serializers.IntegerField(source="mentor_id")
    kind = serializers.CharField()


class MatchInput(serializers.Serializer):
    objective = serializers.ChoiceField(choices=Objective.choices, default=Objective.SCORE)


class RunOutput(serializers.ModelSerializer):
    progress = serializers.IntegerField(help_text="Percent done, 0–100.")
    matched = serializers.SerializerMethodField(help_text="Pairs in the draft now.")

    class Meta:
        model = MatchingRun
        fields = [
            "id", "objective", "status", "progress", "task_id", "mentees", "mentors", "matched",
            "total_score", "greedy_score", "error", "created_at", "finished_at", "published_at",
        ]  # fmt: skip

    def get_matched(self, run: MatchingRun) -> int:
        # A list comes counted (selectors.runs_of); a single run counts its own.
        return run.pairs_now if hasattr(run, "pairs_now") else run.matched


class RunStartedOutput(serializers.Serializer):
    task_id = serializers.CharField()
    run = RunOutput()


class DraftPairOutput(serializers.ModelSerializer):
    mentee = serializers.IntegerField(source="mentee_id")
    mentee_name = serializers.CharField(source="mentee.full_name")
    mentor = serializers.IntegerField(source="mentor_id")
    mentor_name = serializers.CharField(source="mentor.full_name")
    explanation = serializers.SerializerMethodField()
    blockers = serializers.SerializerMethodField(
        help_text="Why the scorer would not propose the pair (a pair added by hand or forced "
        "that fails a hard filter); empty when nothing does."
    )

    class Meta:
        model = DraftPair
        fields = [
            "id", "mentee", "mentee_name", "mentor", "mentor_name", "score", "forced",
            "added_by_coordinator", "explanation", "blockers",
        ]  # fmt: skip
        list_serializer_class = ExplainedList

    def get_explanation(self, pair: DraftPair) -> list[dict]:
        return explain_pair(pair, names=self.context.get("skill_names"))

    def get_blockers(self, pair: DraftPair) -> list[str]:
        return pair_blockers(pair)


class DraftPairInput(serializers.Serializer):
    mentee = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    mentor = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class UnmatchedOutput(serializers.ModelSerializer):
    mentee = serializers.IntegerField(source="mentee_id")
    mentee_name = serializers.CharField(source="mentee.full_name")
    reason_text = serializers.CharField(source="get_reason_display")

    class Meta:
        model = DraftUnmatched
        fields = ["mentee", "mentee_name", "reason", "reason_text"]


class PublishOutput(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    skipped = serializers.IntegerField()


class ReportOutput(serializers.Serializer):
    """See programmes.reports.programme_report for the keys."""

    programme = serializers.IntegerField()
    cohort = serializers.DictField(child=serializers.IntegerField())
    phases = serializers.DictField(child=serializers.IntegerField())
    sessions_held = serializers.IntegerField()
    sessions_per_week = serializers.ListField(child=serializers.DictField())
    checklist = serializers.DictField()
    evaluations = serializers.DictField()
    supply_demand = serializers.ListField(child=serializers.DictField())
    unmatched_mentees = serializers.ListField(child=serializers.DictField())
    stalled_pairs = serializers.ListField(child=serializers.DictField())
    running = serializers.DictField(child=serializers.IntegerField())
    awaiting_answer = serializers.IntegerField()
