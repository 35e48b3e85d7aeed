"""The matching API: one view per operation over matching.services and matching.suggestions."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as accounts
from core.api import or_404
from core.schema import never
from matching import selectors, services, suggestions
from matching import serializers as s
from matching.filters import MatchFilter
from matching.models import Match


class MatchListApi(generics.ListAPIView):
    """The caller's matches, best first (POST, a request, is mentorship.match_api's)."""

    serializer_class = s.MatchOutput
    filterset_class = MatchFilter

    def get_queryset(self):
        return selectors.matches_of(user=self.request.user)


@never(403)  # another person's match is a 404
class MatchDetailApi(generics.RetrieveAPIView):
    serializer_class = s.MatchOutput

    def get_queryset(self):
        return selectors.matches_of(user=self.request.user)


class MatchDeclineApi(APIView):
    @extend_schema(request=None, responses=s.MatchOutput, tags=["matches"])
    def post(self, request: Request, pk: int) -> Response:
        match = or_404(services.match_decline, user=request.user, match_id=pk)
        return Response(match_out(match, request))


class MatchRefreshApi(APIView):
    @extend_schema(request=None, responses={202: s.TaskOutput}, tags=["matches"])
    def post(self, request: Request) -> Response:
        task_id = suggestions.suggestions_refresh_request(user=request.user)
        return Response({"task_id": task_id}, status=status.HTTP_202_ACCEPTED)


@never(403)  # no mentee profile, or no such mentor: 404
class MentorFitApi(APIView):
    """Why a catalogue mentor fits the calling mentee, or why not."""

    @extend_schema(responses=s.FitOutput, tags=["matches"])
    def get(self, request: Request, id: int) -> Response:
        mentee = accounts.mentee_profile_of(user=request.user)
        mentor = accounts.public_mentor(mentor_id=id)
        if mentee is None or mentor is None:
            raise Http404
        return Response(services.mentor_fit(mentee=mentee, mentor=mentor))


def match_out(match: Match, request: Request) -> dict:
    """The match as its reader sees it, after an action on it."""
    match = selectors.matches_of(user=request.user).get(pk=match.pk)
    return s.MatchOutput(match, context={"request": request}).data
