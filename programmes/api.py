"""The programmes API: one view per operation over programmes.services / runs / reports."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import or_404, validated
from core.schema import never
from programmes import report_sheets, reports, runs, selectors, services, spreadsheet
from programmes import serializers as s
from programmes.models import DraftPair, DraftUnmatched, MatchingRun, Programme

TAGS = ["programmes"]


def _programme_out(programme: Programme, request: Request) -> dict:
    # Read again through the selector: the output wants the caller's roles with it.
    programme = selectors.programmes_of(user=request.user).get(pk=programme.pk)
    return s.ProgrammeOutput(programme, context={"request": request}).data


class ProgrammeListApi(generics.ListAPIView):
    """The programmes the caller coordinates or belongs to; POST creates one."""

    serializer_class = s.ProgrammeOutput

    def get_queryset(self):
        return selectors.programmes_of(user=self.request.user)

    @extend_schema(request=s.ProgrammeInput, responses={201: s.ProgrammeOutput}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated(s.ProgrammeInput, request.data)
        programme = services.programme_create(
            user=request.user,
            name=data["name"],
            description=data.get("description", ""),
            goal_areas=[area.code for area in data.get("goal_areas", [])],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return Response(_programme_out(programme, request), status=status.HTTP_201_CREATED)


class ProgrammeDetailApi(APIView):
    @extend_schema(responses=s.ProgrammeOutput, tags=TAGS)
    @never(403)  # members and the coordinator see it, anyone else gets a 404
    def get(self, request: Request, pk: int) -> Response:
        programme = or_404(services.programme_visible, user=request.user, programme_id=pk)
        return Response(_programme_out(programme, request))

    @extend_schema(request=s.ProgrammeUpdateInput, responses=s.ProgrammeOutput, tags=TAGS)
    def patch(self, request: Request, pk: int) -> Response:
        data = validated(s.ProgrammeUpdateInput, request.data)
        programme = or_404(services.programme_update, user=request.user, programme_id=pk, **data)
        return Response(_programme_out(programme, request))


class ProgrammeJoinApi(APIView):
    @extend_schema(request=s.JoinInput, responses={201: s.ProgrammeOutput}, tags=TAGS)
    def post(self, request: Request) -> Response:
        data = validated(s.JoinInput, request.data)
        member = services.programme_join(
            user=request.user, join_code=data["join_code"], role=data["role"]
        )
        return Response(_programme_out(member.programme, request), status=status.HTTP_201_CREATED)


class CohortApi(APIView):
    @extend_schema(responses=s.MemberOutput(many=True), tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        programme = or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        return Response(s.MemberOutput(selectors.cohort_of(programme=programme), many=True).data)


class RuleListApi(APIView):
    @extend_schema(responses=s.RuleOutput(many=True), tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        programme = or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        rules = selectors.rules_of(programme=programme)
        return Response(s.RuleOutput(rules, many=True).data)

    @extend_schema(request=s.RuleInput, responses=s.RuleOutput(many=True), tags=TAGS)
    def post(self, request: Request, pk: int) -> Response:
        """Forces (`forced`) or forbids (`forbidden`) a pair; `kind: null` removes the rule."""
        or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        data = validated(s.RuleInput, request.data)
        or_404(
            services.pair_rule_set,
            user=request.user,
            programme_id=pk,
            mentee_id=data["mentee"],
            mentor_id=data["mentor"],
            kind=data["kind"],
        )
        return self.get(request, pk)


class MatchStartApi(APIView):
    @extend_schema(request=s.MatchInput, responses={202: s.RunStartedOutput}, tags=TAGS)
    def post(self, request: Request, pk: int) -> Response:
        """Starts the cohort matching (safe to call twice: a running one is returned)."""
        data = validated(s.MatchInput, request.data or {})
        run = or_404(
            runs.matching_run_start,
            user=request.user,
            programme_id=pk,
            objective=data["objective"],
        )
        body = {"task_id": run.task_id, "run": s.RunOutput(run).data}
        return Response(body, status=status.HTTP_202_ACCEPTED)


def _run_of(request: Request, pk: int, run_id: int) -> MatchingRun:
    return or_404(services.run_of, user=request.user, programme_id=pk, run_id=run_id)


class RunListApi(generics.ListAPIView):
    serializer_class = s.RunOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MatchingRun.objects.none()
        programme = or_404(
            services.programme_coordinated, user=self.request.user, programme_id=self.kwargs["pk"]
        )
        return selectors.runs_of(programme=programme)


class RunDetailApi(APIView):
    @extend_schema(responses=s.RunOutput, tags=TAGS)
    def get(self, request: Request, pk: int, run_id: int) -> Response:
        return Response(s.RunOutput(_run_of(request, pk, run_id)).data)


class DraftPairListApi(generics.ListAPIView):
    """The draft's pairs, best first, each with its explanation; POST adds a pair."""

    serializer_class = s.DraftPairOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DraftPair.objects.none()
        run = _run_of(self.request, self.kwargs["pk"], self.kwargs["run_id"])
        return selectors.draft_pairs_of(run=run)

    @extend_schema(request=s.DraftPairInput, responses={201: s.DraftPairOutput}, tags=TAGS)
    def post(self, request: Request, pk: int, run_id: int) -> Response:
        _run_of(request, pk, run_id)  # who may, before what they sent
        data = validated(s.DraftPairInput, request.data)
        pair = or_404(
            services.draft_pair_add,
            user=request.user,
            programme_id=pk,
            run_id=run_id,
            mentee_id=data["mentee"],
            mentor_id=data["mentor"],
        )
        return Response(s.DraftPairOutput(pair).data, status=status.HTTP_201_CREATED)


class DraftPairApi(APIView):
    @extend_schema(responses={204: None}, tags=TAGS)
    def delete(self, request: Request, pk: int, run_id: int, pair_id: int) -> Response:
        or_404(
            services.draft_pair_remove,
            user=request.user,
            programme_id=pk,
            run_id=run_id,
            pair_id=pair_id,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnmatchedListApi(generics.ListAPIView):
    serializer_class = s.UnmatchedOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DraftUnmatched.objects.none()
        run = _run_of(self.request, self.kwargs["pk"], self.kwargs["run_id"])
        return selectors.unmatched_of(run=run).order_by("pk")


class PublishApi(APIView):
    @extend_schema(request=None, responses=s.PublishOutput, tags=TAGS)
    def post(self, request: Request, pk: int, run_id: int) -> Response:
        result = or_404(services.draft_publish, user=request.user, programme_id=pk, run_id=run_id)
        return Response(result)


class ReportApi(APIView):
    @extend_schema(responses=s.ReportOutput, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        programme = or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        return Response(reports.programme_report(programme))


class ReportCsvApi(APIView):
    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)}, tags=TAGS)
    def get(self, request: Request, pk: int) -> HttpResponse:
        programme = or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        # For scripts: stable keys, codes and ISO 8601 (people download the page's CSV).
        sections = report_sheets.report_sections(programme, zone=request.user.timezone)
        response = HttpResponse(
            spreadsheet.machine_csv(sections), content_type=spreadsheet.CSV_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}.csv"'
        return response
