"""The match endpoints that may start a mentorship: thin views over mentorship.matches.

Same paths as the rest of the match API (`/api/v1/matches/`, `…/{id}/accept/`);
they live a floor above matching because accepting starts the mentorship.
"""

from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import or_404, validated
from core.schema import also
from matching import api as matching_api
from matching import selectors
from matching import serializers as s
from matching.filters import MatchFilter
from matching.models import Match
from mentorship import matches

# The values each filter of the match list takes (its FilterSet's choices).
_CHOICES = {
    name: frozenset(str(value) for value, _label in MatchFilter.base_filters[name].extra["choices"])
    for name in ("role", "status")
}


class MatchListApi(matching_api.MatchListApi):
    """The caller's matches, best first; POST asks a catalogue mentor."""

    def list(self, request: Request, *args, **kwargs) -> Response:
        # Read at every visit: plain rows and plain dicts (core.rows says why); the
        # serializer still describes the answer, the FilterSet its filters.
        rows = selectors.match_rows(user=request.user, **self._filters(request))
        page = self.paginate_queryset(rows)
        if page is None:  # pagination switched off
            return Response(s.match_rows_out(rows.all(), request=request))
        return self.get_paginated_response(s.match_rows_out(page, request=request))

    def _filters(self, request: Request) -> dict[str, str | None]:
        """`role` and `status` as the FilterSet reads them. Each absent or one of its
        choices is taken as it is; anything else the FilterSet judges (a 400 in its
        words, "" as no filter), which on every request cost as much as the query."""
        asked = {name: request.query_params.get(name) for name in _CHOICES}
        if all(value is None or value in _CHOICES[name] for name, value in asked.items()):
            return asked
        filters = self.filterset_class(
            request.query_params, queryset=Match.objects.none(), request=request
        )
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        return {name: filters.form.cleaned_data.get(name) or None for name in _CHOICES}

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
