import json
from collections.abc import Callable
from typing import Any

from django.db.models import Manager
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from accounts.models import User
from accounts.serializers import PhotoUrlField
from core.rows import instant
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


def match_rows_out(rows: list[dict[str, Any]], *, request: Request) -> list[dict[str, Any]]:
    """MatchOutput(many=True)'s answer, written from selectors.match_rows' plain rows.

    The API's list of matches is read at every visit, and a serializer instance per
    row and field was a third of its work. Field for field the same as MatchOutput
    (tests/api/test_match_list_rows.py holds the two equal, both sides, both languages).
    """
    reader_id = request.user.pk
    zone = timezone.get_current_timezone()
    facts = [json.loads(row["factors"]) for row in rows]
    names = explain.skill_names_of(facts)
    photo_url = _photo_url_of(request)
    return [
        {
            "id": row["id"],
            "mentee": {
                "id": row["mentee_id"],
                "full_name": row["mentee_full_name"],
                "photo_url": photo_url(row["mentee_photo"]),
                "goal_area": row["mentee_goal_area"],
                "current_role": row["mentee_current_role"],
                "target_role": row["mentee_target_role"],
                "stage": row["mentee_stage"],
                "goals": row["mentee_goals"],
                "timezone": row["mentee_timezone"],
            },
            "mentor": {
                "id": row["mentor_id"],
                "full_name": row["mentor_full_name"],
                "photo_url": photo_url(row["mentor_photo"]),
                "headline": row["mentor_headline"],
                "years_experience": row["mentor_years_experience"],
                "timezone": row["mentor_timezone"],
                "free_places": max(row["mentor_capacity"] - row["mentor_active_mentees"], 0),
            },
            "score": float(row["score"]),
            "explanation": _explanation(row, row_facts, reader_id, names),
            "overlap_minutes_per_week": row["overlap_minutes_per_week"],
            "status": row["status"],
            "mentee_accepted": bool(row["mentee_accepted"]),
            "mentor_accepted": bool(row["mentor_accepted"]),
            "mentorship": row["mentorship_id"],
            "programme": row["programme_id"],
            "origin": row["origin"],
            "requested_at": instant(row["requested_at"], zone),
            "note": row["note"],
            "withdrawn_at": instant(row["withdrawn_at"], zone),
            "created_at": instant(row["created_at"], zone),
        }
        for row, row_facts in zip(rows, facts, strict=True)
    ]


def _explanation(
    row: dict[str, Any], facts: dict, reader_id: int, names: dict[str, str]
) -> list[dict[str, Any]]:
    """MatchOutput.get_explanation (explain.render_for) for a plain row."""
    mentee_tz, mentor_tz = row["mentee_timezone"], row["mentor_timezone"]
    if row["mentee_id"] == reader_id:
        reader_tz, other_tz, other_role = mentee_tz, mentor_tz, "mentor"
    else:
        reader_tz, other_tz, other_role = mentor_tz, mentee_tz, "mentee"
    return explain.render_kept(
        facts, reader_tz=reader_tz, other_tz=other_tz, other_role=other_role, names=names
    )


def _photo_url_of(request: Request) -> Callable[[str | None], str | None]:
    """PhotoUrlField's address (accounts.photos.photo_url) from a stored photo's name."""
    storage = User._meta.get_field("photo").storage

    def photo_url(name: str | None) -> str | None:
        return request.build_absolute_uri(storage.url(name)) if name else None

    return photo_url


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
