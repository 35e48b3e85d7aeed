from typing import Any

from django.db.models import Manager
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import PhotoUrlField
from matching import explain
from matching.models import NOTE_MAX_LENGTH, Match


class ExplainedList(serializers.ListSerializer):
    """Many rows with stored facts: the skill names their sentences need are asked
    once for the whole list (context["skill_names"]), not once a row."""

    def to_representation(self, data):
        rows = list(data.all() if isinstance(data, Manager) else data)
        self._context["skill_names"] = explain.skill_names_for(rows)
        return super().to_representation(rows)


class MatchMenteeOutput(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    full_name = serializers.CharField(source="user.full_name")
    photo_url = PhotoUrlField(source="user")
    goal_area = serializers.CharField(source="goal_area.code")
    current_role = serializers.CharField()
    target_role = serializers.CharField()
    stage = serializers.CharField()
    goals = serializers.CharField()
    timezone = serializers.CharField()


class MatchMentorOutput(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    full_name = serializers.CharField(source="user.full_name")
    photo_url = PhotoUrlField(source="user")
    headline = serializers.CharField()
    years_experience = serializers.IntegerField()
    timezone = serializers.CharField()
    free_places = serializers.IntegerField()


class FactorOutput(serializers.Serializer):
    factor = serializers.CharField()
    weight = serializers.FloatField()
    value = serializers.FloatField()
    detail = serializers.CharField()


class MatchOutput(serializers.ModelSerializer):
    mentee = MatchMenteeOutput()
    mentor = MatchMentorOutput()
    explanation = serializers.SerializerMethodField()
    mentorship = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    # The programme whose coordinator published the pair (origin "programme"), else null.
    programme = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Match
        fields = [
            "id", "mentee", "mentor", "score", "explanation", "overlap_minutes_per_week",
            "status", "mentee_accepted", "mentor_accepted", "mentorship", "programme",
            "origin", "requested_at", "note", "withdrawn_at", "created_at",
        ]  # fmt: skip
        list_serializer_class = ExplainedList

    @extend_schema_field(FactorOutput(many=True))
    def get_explanation(self, match: Match) -> list[dict[str, Any]]:
        user_id = self.context["request"].user.pk
        return explain.render_for(match, user_id, self.context.get("skill_names"))


class MatchRequestInput(serializers.Serializer):
    mentor = serializers.IntegerField(min_value=1)
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Несколько слов наставнику: почему вы выбрали именно его. Видит наставник."),
    )


class TaskOutput(serializers.Serializer):
    task_id = serializers.CharField()


class FitOutput(serializers.Serializer):
    mentor = serializers.IntegerField()
    score = serializers.FloatField()
    possible = serializers.BooleanField()
    blockers = serializers.ListField(child=serializers.CharField())
    explanation = FactorOutput(many=True)
