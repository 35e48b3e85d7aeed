"""The mentorships API: one view per operation over the services.

mentorship.services (lifecycle, thread), mentorship.work (sessions, goals,
tasks), mentorship.evaluations, core.notifications, mentorship.calendar.
Every object of a pair is reached through the pair (`services.mentorship_of`),
so another pair's session, goal or task is a 404 like an unknown one.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import notifications
from core.api import or_404, validated
from core.models import Notification, NotificationKind
from core.pagination import PageNumberPagination
from core.schema import never
from mentorship import evaluations, selectors, services, work
from mentorship import serializers as s
from mentorship.calendar import calendar_feed
from mentorship.models import (
    Goal,
    Mentorship,
    Message,
    Session,
    Side,
    Task,
)


def _mentorship(request: Request, pk: int) -> Mentorship:
    return or_404(services.mentorship_of, user=request.user, mentorship_id=pk)


class MentorshipListApi(generics.ListAPIView):
    serializer_class = s.MentorshipOutput  # the schema; the list is mentorship_rows_out's

    def get_queryset(self):
        return selectors.mentorships_of(user=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Read at every visit: plain rows and plain dicts (core.rows says why).
        rows = selectors.mentorship_rows(user=request.user)
        page = self.paginate_queryset(rows)
        if page is None:  # pagination switched off
            page = rows.all()
        checklists = selectors.checklist_rows_of([row["id"] for row in page])
        data = s.mentorship_rows_out(page, checklists, reader_id=request.user.pk)
        return Response(data) if self.paginator is None else self.get_paginated_response(data)


@never(403)  # the programme's coordinator may read the summary; anyone else gets a 404
class MentorshipDetailApi(generics.RetrieveAPIView):
    serializer_class = s.MentorshipOutput

    def get_queryset(self):
        return selectors.mentorships_of(user=self.request.user)


def _out(request: Request, mentorship_id: int) -> dict:
    mentorship = selectors.mentorships_of(user=request.user).get(pk=mentorship_id)
    return s.MentorshipOutput(mentorship, context={"request": request}).data


class ChecklistItemApi(APIView):
    @extend_schema(request=s.ChecklistInput, responses=s.ChecklistItemOutput, tags=["mentorships"])
    def post(self, request: Request, pk: int, key: str) -> Response:
        data = validated(s.ChecklistInput, request.data)
        item = or_404(
            services.checklist_item_set,
            user=request.user,
            mentorship_id=pk,
            key=key,
            done=data["done"],
        )
        return Response(s.ChecklistItemOutput(item).data)


class MentorshipAdvanceApi(APIView):
    @extend_schema(request=None, responses=s.MentorshipOutput, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        or_404(services.mentorship_advance, user=request.user, mentorship_id=pk)
        return Response(_out(request, pk))


class MentorshipEndApi(APIView):
    @extend_schema(request=s.EndInput, responses=s.MentorshipOutput, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.EndInput, request.data)
        or_404(
            services.mentorship_end,
            user=request.user,
            mentorship_id=pk,
            reason=data["reason"],
            comment=data.get("comment", ""),
        )
        return Response(_out(request, pk))


class MessageListApi(generics.ListAPIView):
    """The pair's thread, oldest first. Reading it marks nothing read: a client may
    fetch ahead of the person; POST messages/read/ says what they have read."""

    serializer_class = s.MessageOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Message.objects.none()
        mentorship = _mentorship(self.request, self.kwargs["pk"])
        return selectors.thread_of(mentorship=mentorship)

    @extend_schema(request=s.MessageInput, responses={201: s.MessageOutput}, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.MessageInput, request.data)
        message = or_404(
            services.message_send, user=request.user, mentorship_id=pk, body=data["body"]
        )
        return Response(s.MessageOutput(message).data, status=201)


class ThreadReadApi(APIView):
    @extend_schema(request=s.ThreadReadInput, responses=s.ThreadReadOutput, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        """Marks the thread read for the caller, up to `up_to` or all of it."""
        data = validated(s.ThreadReadInput, request.data or {})
        or_404(
            services.thread_mark_read,
            user=request.user,
            mentorship_id=pk,
            up_to=data.get("up_to"),
        )
        mentorship = _mentorship(request, pk)
        unread = selectors.unread_count(user=request.user, mentorship=mentorship)
        return Response({"unread_messages": unread})


class _PairListApi(generics.ListAPIView):
    """A list of one pair's things; the pair must be the caller's (404 otherwise)."""

    rows: Callable[..., QuerySet]  # the selector of the pair's rows, by `mentorship=`

    def get_queryset(self) -> QuerySet:
        model = self.get_serializer_class().Meta.model
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return model.objects.none()
        return self.rows(mentorship=_mentorship(self.request, self.kwargs["pk"]))


# --- Sessions ------------------------------------------------------------------------------


def _sessions_data(request: Request, sessions: list[Session]) -> Any:
    personal = work.personal_of(user=request.user, sessions=sessions)
    context = {"request": request, "personal": personal}
    return s.SessionOutput(sessions, many=True, context=context).data


class SessionListApi(_PairListApi):
    """The pair's sessions, earliest first, in the caller's zone; POST plans one."""

    serializer_class = s.SessionOutput
    rows = staticmethod(selectors.sessions_of)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(_sessions_data(request, page))

    @extend_schema(
        request=s.SessionCreateInput, responses={201: s.SessionOutput}, tags=["mentorships"]
    )
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.SessionCreateInput, request.data)
        session = or_404(work.session_create, user=request.user, mentorship_id=pk, **data)
        return Response(_sessions_data(request, [session])[0], status=status.HTTP_201_CREATED)


class SessionDetailApi(APIView):
    @extend_schema(responses=s.SessionOutput, tags=["mentorships"])
    def get(self, request: Request, pk: int, session_id: int) -> Response:
        mentorship = _mentorship(request, pk)
        session = selectors.session_of(mentorship=mentorship, session_id=session_id)
        if session is None:
            raise Http404
        return Response(_sessions_data(request, [session])[0])

    @extend_schema(request=s.SessionUpdateInput, responses=s.SessionOutput, tags=["mentorships"])
    def patch(self, request: Request, pk: int, session_id: int) -> Response:
        data = validated(s.SessionUpdateInput, request.data)
        session = or_404(
            work.session_update,
            user=request.user,
            mentorship_id=pk,
            session_id=session_id,
            **data,
        )
        return Response(_sessions_data(request, [session])[0])


class _FirstRendererNegotiation(BaseContentNegotiation):
    """Never a 406: a calendar application asks for text/calendar, a browser for
    text/html, a script for JSON; whoever asks gets the feed (or a JSON error)."""

    def select_parser(self, request: Request, parsers: list) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: list, format_suffix=None) -> tuple:
        return renderers[0], renderers[0].media_type


class CalendarFeedApi(APIView):
    """The pair's sessions as an iCalendar feed (RFC 5545), times in UTC, whatever
    the Accept header says; errors (401, 404) are JSON."""

    # The feed itself is a plain HttpResponse; the renderer only ever renders errors.
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _FirstRendererNegotiation

    @extend_schema(
        operation_id="mentorships_calendar_retrieve",
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.STR, description="iCalendar (RFC 5545), UTF-8"
            )
        },
        tags=["mentorships"],
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        mentorship = _mentorship(request, pk)
        feed = calendar_feed(mentorship=mentorship, viewer_name=_other_name(request, mentorship))
        response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="mentorship-{pk}.ics"'
        return response


def _other_name(request: Request, mentorship: Mentorship) -> str:
    """The other side's name, which names the feed and its events for the caller."""
    mine = services.side_of(user=request.user, mentorship=mentorship)
    other = mentorship.mentor if mine == Side.MENTEE else mentorship.mentee
    return other.user.full_name if other is not None else ""


# --- Goals ---------------------------------------------------------------------------------


class GoalListApi(_PairListApi):
    """What the mentee wants to reach: set in the initial phase, adjusted in the main one."""

    serializer_class = s.GoalOutput
    rows = staticmethod(selectors.goals_of)

    @extend_schema(request=s.GoalCreateInput, responses={201: s.GoalOutput}, tags=["mentorships"])
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.GoalCreateInput, request.data)
        goal = or_404(work.goal_create, user=request.user, mentorship_id=pk, **data)
        return Response(s.GoalOutput(goal, context={"request": request}).data, status=201)


class GoalDetailApi(APIView):
    @extend_schema(request=s.GoalUpdateInput, responses=s.GoalOutput, tags=["mentorships"])
    def patch(self, request: Request, pk: int, goal_id: int) -> Response:
        data = validated(s.GoalUpdateInput, request.data)
        goal: Goal = or_404(
            work.goal_update,
            user=request.user,
            mentorship_id=pk,
            goal_id=goal_id,
            title=data.get("title"),
            due=data.get("due", work.UNSET),
            status=data.get("status"),
        )
        return Response(s.GoalOutput(goal, context={"request": request}).data)


# --- Tasks ---------------------------------------------------------------------------------


class TaskListApi(_PairListApi):
    """Homework between sessions: open first, then by due date."""

    serializer_class = s.MentorshipTaskOutput
    rows = staticmethod(selectors.tasks_of)

    @extend_schema(
        request=s.TaskCreateInput, responses={201: s.MentorshipTaskOutput}, tags=["mentorships"]
    )
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.TaskCreateInput, request.data)
        task = or_404(work.task_create, user=request.user, mentorship_id=pk, **data)
        return Response(s.MentorshipTaskOutput(task, context={"request": request}).data, status=201)


class TaskDetailApi(APIView):
    @extend_schema(
        request=s.TaskUpdateInput, responses=s.MentorshipTaskOutput, tags=["mentorships"]
    )
    def patch(self, request: Request, pk: int, task_id: int) -> Response:
        data = validated(s.TaskUpdateInput, request.data)
        task: Task = or_404(
            work.task_update,
            user=request.user,
            mentorship_id=pk,
            task_id=task_id,
            title=data.get("title"),
            details=data.get("details"),
            due=data.get("due", work.UNSET),
            status=data.get("status"),
        )
        return Response(s.MentorshipTaskOutput(task, context={"request": request}).data)


# --- Evaluation ----------------------------------------------------------------------------


class EvaluationApi(APIView):
    """The closing evaluation: once per side, in closing or completed."""

    @extend_schema(responses=s.EvaluationsSeenOutput, tags=["mentorships"])
    def get(self, request: Request, pk: int) -> Response:
        seen = or_404(evaluations.evaluations_seen_by, user=request.user, mentorship_id=pk)
        return Response(s.EvaluationsSeenOutput(seen, context={"request": request}).data)

    @extend_schema(
        request=s.EvaluationInput, responses={201: s.EvaluationOutput}, tags=["mentorships"]
    )
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.EvaluationInput, request.data)
        evaluation = or_404(
            evaluations.evaluation_submit, user=request.user, mentorship_id=pk, **data
        )
        return Response(
            s.EvaluationOutput(evaluation, context={"request": request}).data, status=201
        )


# --- Notifications -------------------------------------------------------------------------


class NotificationPagination(PageNumberPagination):
    """The usual page, plus how many of the caller's notifications are unread."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread"] = {"type": "integer", "example": 3}
        paginated["required"] = [*paginated.get("required", []), "unread"]
        return paginated


def _unread(user) -> int:
    return notifications.notifications_unread_count(user=user)


class NotificationListApi(generics.ListAPIView):
    """The caller's notifications, newest first."""

    serializer_class = s.NotificationOutput
    pagination_class = NotificationPagination

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Notification.objects.none()
        return selectors.notifications_of(user=self.request.user)

    def list(self, request: Request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        response.data["unread"] = _unread(request.user)
        return response


@never(409)
class NotificationsReadApi(APIView):
    @extend_schema(
        request=s.NotificationsReadInput,
        responses=s.NotificationsReadOutput,
        tags=["notifications"],
    )
    def post(self, request: Request) -> Response:
        data = validated(s.NotificationsReadInput, request.data)
        marked = notifications.notifications_mark_read(user=request.user, ids=data.get("ids"))
        return Response({"marked": marked, "unread": _unread(request.user)})


def _settings_data(off: list[str]) -> Any:
    kinds = [{"kind": kind, "label": str(label)} for kind, label in NotificationKind.choices]
    return s.NotificationSettingsOutput({"off": off, "kinds": kinds}).data


@never(409)
class NotificationSettingsApi(APIView):
    """Which kinds of notification the caller switched off (neither in the app nor by mail)."""

    @extend_schema(responses=s.NotificationSettingsOutput, tags=["notifications"])
    def get(self, request: Request) -> Response:
        return Response(_settings_data(notifications.notification_settings_of(request.user)))

    @extend_schema(
        request=s.NotificationSettingsInput,
        responses=s.NotificationSettingsOutput,
        tags=["notifications"],
    )
    def put(self, request: Request) -> Response:
        data = validated(s.NotificationSettingsInput, request.data)
        off = notifications.notification_settings_set(user=request.user, off=data["off"])
        return Response(_settings_data(off))
