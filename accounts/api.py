"""The accounts API: one view per operation, each over one service."""

from collections.abc import Callable

from django.contrib.auth import authenticate
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import cards, catalogue_cache, photos, selectors, services
from accounts import serializers as s
from accounts.filters import MentorFilter
from accounts.models import MenteeProfile, MentorProfile
from core.api import validated
from core.schema import also, never


class AuthThrottled(APIView):
    """Sign-up and sign-in: anyone may call them, at a limited rate."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class SignUpApi(AuthThrottled):
    @extend_schema(request=s.SignUpInput, responses={201: s.SignUpOutput}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        data = validated(s.SignUpInput, request.data)
        user = services.user_sign_up(
            email=data["email"],
            password=data["password"],
            full_name=data["full_name"],
            timezone_name=data["timezone"],
            consent=data["consent"],
            language=translation.get_language(),
        )
        body = {"id": user.pk, "email": user.email, "full_name": user.full_name}
        body["token"] = services.api_token_get(user=user)
        return Response(body, status=status.HTTP_201_CREATED)


class TokenApi(AuthThrottled):
    @extend_schema(
        request=s.TokenInput,
        responses={
            200: s.TokenOutput,
            429: OpenApiResponse(description="Too many failed sign-ins from here: locked out."),
        },
        tags=["accounts"],
    )
    def post(self, request: Request) -> Response:
        data = validated(s.TokenInput, request.data)
        # django-axes counts failures per (e-mail, address) through authenticate().
        user = authenticate(request._request, username=data["email"], password=data["password"])
        if getattr(request._request, "axes_locked_out", False):
            raise Throttled(detail=_("Слишком много неудачных попыток входа. Попробуйте позже."))
        if user is None:
            raise ValidationError({"non_field_errors": [_("Неверный e-mail или пароль.")]})
        return Response({"token": services.api_token_get(user=user)})


@never(409)
class TokenRevokeApi(APIView):
    """Ends the caller's own API token (signing out of an application)."""

    @extend_schema(request=None, responses={204: None}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        services.api_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@never(409)  # the account's own fields: nothing of it can be in a conflicting state
class MeApi(APIView):
    @extend_schema(responses=s.MeOutput, tags=["accounts"])
    def get(self, request: Request) -> Response:
        return Response(s.MeOutput(request.user, context={"request": request}).data)

    @extend_schema(request=s.MeInput, responses=s.MeOutput, tags=["accounts"])
    def patch(self, request: Request) -> Response:
        data = validated(s.MeInput, request.data)
        user = services.user_update(
            user=request.user,
            full_name=data.get("full_name"),
            timezone_name=data.get("timezone"),
        )
        return Response(s.MeOutput(user, context={"request": request}).data)

    @extend_schema(responses={204: None}, tags=["accounts"])
    def delete(self, request: Request) -> Response:
        services.user_delete(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MePhotoApi(APIView):
    """The caller's photo: PUT a picture (multipart `photo`), DELETE it."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.PhotoInput, responses=s.PhotoOutput, tags=["accounts"])
    def put(self, request: Request) -> Response:
        data = validated(s.PhotoInput, request.data)
        user = photos.photo_replace(user=request.user, upload=data["photo"])
        return Response(s.PhotoOutput(user, context={"request": request}).data)

    @extend_schema(request=None, responses={200: s.PhotoOutput}, tags=["accounts"])
    def delete(self, request: Request) -> Response:
        user = photos.photo_remove(user=request.user)
        return Response(s.PhotoOutput(user, context={"request": request}).data)


class MeExportApi(APIView):
    @extend_schema(responses={200: OpenApiResponse(description="all of the caller's data")})
    def get(self, request: Request) -> Response:
        response = Response(services.user_export(user=request.user))
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response


class GoalAreasApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.GoalAreaOutput(many=True), tags=["taxonomy"])
    def get(self, request: Request) -> Response:
        areas = selectors.goal_areas_with_skills()
        return Response(s.GoalAreaOutput(areas, many=True).data)


@never(409)
class ProfileApi(APIView):
    """GET, PUT (create or replace) and PATCH of the caller's own profile of one role."""

    profile_of: Callable[..., MenteeProfile | MentorProfile | None]
    input_serializer: type[s.ProfileInput]
    output_serializer: type[s.ProfileOutput]

    create_service: Callable[..., tuple[MenteeProfile | MentorProfile, bool]]
    update_service: Callable[..., MenteeProfile | MentorProfile]

    def _profile(self, request: Request):
        profile = self.profile_of(user=request.user)
        if profile is None:
            raise Http404
        return profile

    @also(404)  # no profile of this role yet
    def get(self, request: Request) -> Response:
        return Response(self.output_serializer(self._profile(request)).data)

    def put(self, request: Request) -> Response:
        data = validated(self.input_serializer, request.data)
        profile, created = self.create_service(user=request.user, **data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.output_serializer(profile).data, status=code)

    @also(404)  # no profile of this role yet: PUT makes one
    def patch(self, request: Request) -> Response:
        self._profile(request)
        data = validated(self.input_serializer, request.data, partial=True)
        profile = self.update_service(user=request.user, **data)
        return Response(self.output_serializer(profile).data)


def _profile_schema(view_input: type, view_output: type, tag: str):
    return extend_schema_view(
        get=extend_schema(responses=view_output, tags=[tag]),
        put=extend_schema(
            request=view_input, responses={200: view_output, 201: view_output}, tags=[tag]
        ),
        patch=extend_schema(request=view_input, responses=view_output, tags=[tag]),
    )


@_profile_schema(s.MenteeInput, s.MenteeOutput, "mentee")
class MenteeProfileApi(ProfileApi):
    profile_of = staticmethod(selectors.mentee_profile_of)
    input_serializer = s.MenteeInput
    output_serializer = s.MenteeOutput
    create_service = staticmethod(services.mentee_sign_up)
    update_service = staticmethod(services.mentee_update)


@_profile_schema(s.MentorInput, s.MentorOutput, "mentor")
class MentorProfileApi(ProfileApi):
    profile_of = staticmethod(selectors.mentor_profile_of)
    input_serializer = s.MentorInput
    output_serializer = s.MentorOutput
    create_service = staticmethod(services.mentor_register)
    update_service = staticmethod(services.mentor_update)


# The catalogue and a card are built from plain rows (accounts.cards); the serializer
# describes a card for the schema and equals it (tests/api/test_mentor_cards.py).
# Catalogue pages are kept in the shared cache under the catalogue's version.
class MentorCatalogueApi(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.MentorCardOutput
    filterset_class = MentorFilter

    def get_queryset(self):
        return (
            selectors.findable_mentors() if selectors.cards_in_sql() else selectors.public_mentors()
        )

    def list(self, request: Request, *args, **kwargs) -> Response:
        if not selectors.cards_in_sql():
            return super().list(request, *args, **kwargs)
        return Response(catalogue_cache.kept_page(request, self._page))

    def _page(self) -> dict:
        rows = selectors.mentor_cards(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            [cards.card(row, request=self.request) for row in page]
        ).data


class MentorCardApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.MentorCardOutput
    lookup_field = "user_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return (
            selectors.findable_mentors() if selectors.cards_in_sql() else selectors.public_mentors()
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        if not selectors.cards_in_sql():
            return super().retrieve(request, *args, **kwargs)
        mentor = self.filter_queryset(self.get_queryset()).filter(user_id=kwargs["id"])
        row = selectors.mentor_cards(mentor).first()
        if row is None:
            raise Http404
        return Response(cards.card(row, request=request))
