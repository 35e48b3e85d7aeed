"""The follow-ups API (issue 16): the caller's follow-ups, and answering one."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import or_404, validated
from mentorship import outcomes
from mentorship.follow_up_models import FollowUp, InTargetField


class FollowUpOutput(serializers.ModelSerializer):
    due_on = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["id", "months", "due_on", "answered_at", *outcomes.ANSWER_FIELDS]

    def get_due_on(self, follow_up: FollowUp) -> str:
        return follow_up.due_at.date().isoformat()


def _number(name: str) -> serializers.IntegerField:
    low, high = outcomes.RANGES[name]
    return serializers.IntegerField(required=False, allow_null=True, min_value=low, max_value=high)


class FollowUpInput(serializers.Serializer):
    interviews = _number("interviews")
    offers = _number("offers")
    in_target_field = serializers.ChoiceField(
        choices=InTargetField.choices, required=False, allow_blank=True, allow_null=True
    )
    role_now = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=200
    )
    months_to_first_offer = _number("months_to_first_offer")
    confidence_now = _number("confidence_now")
    would_recommend = _number("would_recommend")
    comment = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=300
    )


class MyFollowUpsApi(APIView):
    @extend_schema(responses=FollowUpOutput(many=True), tags=["outcomes"])
    def get(self, request: Request) -> Response:
        rows = outcomes.follow_ups_of(user=request.user)
        return Response(FollowUpOutput(rows, many=True).data)


class MyFollowUpApi(APIView):
    @extend_schema(request=FollowUpInput, responses=FollowUpOutput, tags=["outcomes"])
    def put(self, request: Request, pk: int) -> Response:
        data = validated(FollowUpInput, request.data)
        follow_up = or_404(
            outcomes.follow_up_answer, user=request.user, follow_up_id=pk, answers=data
        )
        return Response(FollowUpOutput(follow_up).data)
