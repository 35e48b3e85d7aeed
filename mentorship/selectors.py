"""Reads of the mentorships app that pages and API views share.

Each list comes with what its rows show already joined or prefetched, so a page
or an API list asks the database the same number of times for 3 rows as for 300.
Access is not decided here: a pair's own things are reached through a mentorship
that `services.mentorship_of` has already let the person see.
"""

import datetime as dt

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from core.models import Notification
from mentorship.models import (
    ChecklistItem,
    Evaluation,
    Goal,
    Mentorship,
    Message,
    Session,
    SessionStatus,
    Task,
    ThreadRead,
)

# Before any message: "read up to here" for someone who never opened the thread.
_NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def with_unread(mentorships: QuerySet[Mentorship], *, user: User) -> QuerySet[Mentorship]:
    """Annotates `unread`: messages by the other side newer than what `user` has read.

    One subquery for the whole list instead of two queries a row. The count is
    meaningful only to the pair; `unread_of` hides it from anyone else."""
    read_at = ThreadRead.objects.filter(
        mentorship=OuterRef(OuterRef("pk")), user_id=user.pk
    ).values("read_at")[:1]
    newer = (
        Message.objects.filter(mentorship=OuterRef("pk"))
        .exclude(author_id=user.pk)
        .filter(created_at__gt=Coalesce(Subquery(read_at), Value(_NEVER)))
        .order_by()
        .values("mentorship")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return mentorships.annotate(
        unread=Coalesce(Subquery(newer, output_field=IntegerField()), Value(0))
    )


def unread_of(*, user: User, mentorship: Mentorship) -> int | None:
    """The annotated count for one of the pair; None for anyone outside it (a
    programme's coordinator): they do not read the thread, and a count would
    tell how much the pair writes."""
    if user.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        return None
    return mentorship.unread


def unread_count(*, user: User, mentorship: Mentorship) -> int | None:
    """`unread_of` for a mentorship read without the annotation."""
    annotated = with_unread(Mentorship.objects.filter(pk=mentorship.pk), user=user).get()
    return unread_of(user=user, mentorship=annotated)


def mentorships_of(*, user: User) -> QuerySet[Mentorship]:
    """What the API lists: the person's pairs and their programmes' pairs, newest first."""
    return with_unread(
        Mentorship.objects.visible_to(user)
        .select_related("mentee__user", "mentor__user")
        .prefetch_related(
            "checklist",
            Prefetch("evaluations", queryset=Evaluation.objects.only("mentorship_id", "side")),
        )
        .order_by("-started_at", "-id"),
        user=user,
    )


# --- The dashboard ---------------------------------------------------------------------------


def own_mentorships_of(*, user: User) -> QuerySet[Mentorship]:
    """The pairs the person is one of, with both people's names, and unread counts."""
    return with_unread(
        Mentorship.objects.of(user).select_related("mentee__user", "mentor__user"), user=user
    )


def next_session_of(*, mentorships: list[Mentorship], now: dt.datetime) -> Session | None:
    return (
        Session.objects.filter(
            mentorship__in=mentorships, status=SessionStatus.PLANNED, starts_at__gte=now
        )
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")
        .first()
    )


# --- A pair's own things ---------------------------------------------------------------------


def thread_of(*, mentorship: Mentorship) -> QuerySet[Message]:
    """The pair's messages, oldest first, with their authors."""
    return Message.objects.filter(mentorship=mentorship).select_related("author")


def checklist_of(*, mentorship: Mentorship) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(mentorship=mentorship)


def sessions_of(*, mentorship: Mentorship) -> QuerySet[Session]:
    return Session.objects.filter(mentorship=mentorship)


def goals_of(*, mentorship: Mentorship) -> QuerySet[Goal]:
    return Goal.objects.filter(mentorship=mentorship)


def tasks_of(*, mentorship: Mentorship) -> QuerySet[Task]:
    return Task.objects.filter(mentorship=mentorship)


def session_of(*, mentorship: Mentorship, session_id: int) -> Session | None:
    return sessions_of(mentorship=mentorship).filter(pk=session_id).first()


def evaluation_sides_of(*, mentorship: Mentorship) -> set[str]:
    """Which sides have given their closing evaluation."""
    return set(Evaluation.objects.filter(mentorship=mentorship).values_list("side", flat=True))


# --- Notifications ---------------------------------------------------------------------------


def notifications_of(*, user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_notifications_of(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.unread_of(user).order_by("-created_at", "-id")
