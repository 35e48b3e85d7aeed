"""The match endpoints that may start a mentorship: thin views over mentorship.matches.

Same paths as the rest of the match API (`/api/v1/matches/`, `…/{id}/accept/`);
they live a floor above matching because accepting starts the mentorship.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import or_404, validated
from core.schema import also
from matching import api as matching_api
from matching import serializers as s
from mentorship import matches


class MatchListApi(matching_api.MatchListApi):
    """The caller's matches, best first; POST asks a catalogue mentor."""

    @extend_schema(request=s.MatchRequestInput, responses={201: s.MatchOutput}, tags=["matches"])
    @also(404)  # no such mentor in the catalogue
    def post(self, request: Request) -> Response:
        data = validated(s.MatchRequestInput, request.data)
        match = or_404(
            matches.match_request, user=request.user, mentor_id=data["mentor"], note=data["note"]
        )
        return Response(matching_api.match_out(match, request), status=status.HTTP_201_CREATED)


class MatchAcceptApi(APIView):
    @extend_schema(request=None, responses=s.MatchOutput, tags=["matches"])
    def post(self, request: Request, pk: int) -> Response:
        match = or_404(matches.match_accept, user=request.user, match_id=pk)
        return Response(matching_api.match_out(match, request))


class MatchWithdrawApi(APIView):
    """The mentee takes back a request the mentor has not answered yet."""

    @extend_schema(request=None, responses=s.MatchOutput, tags=["matches"])
    def post(self, request: Request, pk: int) -> Response:
        match = or_404(matches.match_withdraw, user=request.user, match_id=pk)
        return Response(matching_api.match_out(match, request))
