"""The programme outcomes API (issue 16): the funnel, for the coordinator only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import or_404
from programmes import services
from programmes.outcomes import programme_outcomes


class OutcomesApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, tags=["programmes"])
    def get(self, request: Request, pk: int) -> Response:
        programme = or_404(services.programme_coordinated, user=request.user, programme_id=pk)
        return Response(programme_outcomes(programme))
