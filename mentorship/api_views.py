"""The mentorships API: one view per operation over mentorship.services."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship import serializers as s
from mentorship import services
from mentorship.api import validated
from mentorship.models import ChecklistItem, Mentorship, Message


def mentorships_of(user):
    return (
        Mentorship.objects.of(user)
        .select_related("mentee__user", "mentor__user")
        .prefetch_related("checklist")
        .order_by("-started_at", "-id")
    )


class MentorshipListApi(generics.ListAPIView):
    serializer_class = s.MentorshipOutput

    def get_queryset(self):
        return mentorships_of(self.request.user)


class MentorshipDetailApi(generics.RetrieveAPIView):
    serializer_class = s.MentorshipOutput

    def get_queryset(self):
        return mentorships_of(self.request.user)


def _out(request: Request, mentorship_id: int) -> dict:
    mentorship = mentorships_of(request.user).get(pk=mentorship_id)
    return s.MentorshipOutput(mentorship, context={"request": request}).data


class ChecklistItemApi(APIView):
    @extend_schema(request=s.ChecklistInput, responses=s.ChecklistItemOutput, tags=["mentorships"])
    def post(self, request: Request, pk: int, key: str) -> Response:
        data = validated(s.ChecklistInput, request.data)
        try:
            item = services.checklist_item_set(
                user=request.user, mentorship_id=pk, key=key, done=data["done"]
            )
        except (Mentorship.DoesNotExist, ChecklistItem.DoesNotExist) as error:
            raise Http404 from error
        return Response(s.ChecklistItemOutput(item).data)


class MentorshipAdvanceApi(APIView):
    @extend_schema(request=None, responses=s.MentorshipOutput, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        try:
            services.mentorship_advance(user=request.user, mentorship_id=pk)
        except Mentorship.DoesNotExist as error:
            raise Http404 from error
        return Response(_out(request, pk))


class MentorshipEndApi(APIView):
    @extend_schema(request=s.EndInput, responses=s.MentorshipOutput, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.EndInput, request.data)
        try:
            services.mentorship_end(
                user=request.user,
                mentorship_id=pk,
                reason=data["reason"],
                comment=data.get("comment", ""),
            )
        except Mentorship.DoesNotExist as error:
            raise Http404 from error
        return Response(_out(request, pk))


class MessageListApi(generics.ListAPIView):
    """The pair's thread, oldest first; reading it marks it read for the caller."""

    serializer_class = s.MessageOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Message.objects.none()
        mentorship = mentorships_of(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if mentorship is None:
            raise Http404
        return Message.objects.filter(mentorship=mentorship).select_related("author")

    def list(self, request: Request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        services.thread_mark_read(user=request.user, mentorship_id=kwargs["pk"])
        return response

    @extend_schema(request=s.MessageInput, responses={201: s.MessageOutput}, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.MessageInput, request.data)
        try:
            message = services.message_send(user=request.user, mentorship_id=pk, body=data["body"])
        except Mentorship.DoesNotExist as error:
            raise Http404 from error
        return Response(s.MessageOutput(message).data, status=201)
