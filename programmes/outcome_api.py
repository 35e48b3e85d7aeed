"""The programme outcomes API (issue 16): the funnel, for the coordinator only."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import or_404
from programmes import services
from programmes.outcomes import outcome_csv, programme_outcomes


class OutcomesApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, tags=["programmes"])
    def get(self, request: Request, pk: int) -> Response:
        programme = or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        return Response(programme_outcomes(programme))


class OutcomesCsvApi(APIView):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)}, tags=["programmes"]
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        programme = or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        return csv_response(programme)


def csv_response(programme) -> HttpResponse:
    response = HttpResponse(outcome_csv(programme), content_type="text/csv; charset=utf-8")
    name = f"programme-{programme.pk}-outcomes.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
