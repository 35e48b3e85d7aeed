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
from core.rows import SqlRows, fetch_dicts
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


# The API's list of mentorships (mentorship.serializers.mentorship_rows_out writes each
# row): mentorships_of's rows and order, with only the columns the answer shows. The
# unread count is with_unread's; each side's closing evaluation, whether it exists.
_MENTORSHIP_COLUMNS = """
    SELECT ms.id, ms.mentee_id, ms.mentor_id, ms.phase, ms.started_at, ms.phase_started_at,
           ms.ended_at, ms.end_reason, ms.programme_id,
           mentee_user.full_name AS mentee_full_name, mentee_user.email AS mentee_email,
           mentee.timezone AS mentee_timezone,
           mentor_user.full_name AS mentor_full_name, mentor_user.email AS mentor_email,
           mentor.timezone AS mentor_timezone,
           (SELECT COUNT(*) FROM mentorship_message message
            WHERE message.mentorship_id = ms.id
              AND (message.author_id IS NULL OR message.author_id <> %s)
              AND message.created_at > COALESCE(
                  (SELECT seen.read_at FROM mentorship_threadread seen
                   WHERE seen.mentorship_id = ms.id AND seen.user_id = %s LIMIT 1),
                  %s)) AS unread,
           EXISTS (SELECT 1 FROM mentorship_evaluation evaluation
                   WHERE evaluation.mentorship_id = ms.id AND evaluation.side = 'mentee')
               AS mentee_evaluated,
           EXISTS (SELECT 1 FROM mentorship_evaluation evaluation
                   WHERE evaluation.mentorship_id = ms.id AND evaluation.side = 'mentor')
               AS mentor_evaluated
    FROM mentorship_mentorship ms
    LEFT JOIN accounts_menteeprofile mentee ON mentee.user_id = ms.mentee_id
    LEFT JOIN accounts_user mentee_user ON mentee_user.id = mentee.user_id
    LEFT JOIN accounts_mentorprofile mentor ON mentor.user_id = ms.mentor_id
    LEFT JOIN accounts_user mentor_user ON mentor_user.id = mentor.user_id
"""
# Mentorship.objects.visible_to: the person's pairs and their programmes' pairs.
_VISIBLE_TO = """
    WHERE ms.mentee_id = %s OR ms.mentor_id = %s
       OR ms.programme_id IN (SELECT coordinator.programme_id FROM programmes_coordinator
                              coordinator WHERE coordinator.user_id = %s)
"""


def mentorship_rows(*, user: User) -> SqlRows:
    """mentorships_of(user) as the API lists it: rows of plain values, no model
    instances; their checklists come from checklist_rows_of."""
    visible = [user.pk, user.pk, user.pk]
    return SqlRows(
        f"{_MENTORSHIP_COLUMNS} {_VISIBLE_TO} ORDER BY ms.started_at DESC, ms.id DESC",
        [user.pk, user.pk, _NEVER, *visible],
        count_sql=f"SELECT COUNT(*) FROM mentorship_mentorship ms {_VISIBLE_TO}",  # noqa: S608
        count_params=visible,
    )


def checklist_rows_of(mentorship_ids: list[int]) -> dict[int, list[dict]]:
    """Each mentorship's checklist items in order, as plain rows, in one query."""
    items: dict[int, list[dict]] = {pk: [] for pk in mentorship_ids}
    if not mentorship_ids:
        return items
    marks = ", ".join(["%s"] * len(mentorship_ids))  # a parameter per mentorship
    rows = fetch_dicts(
        "SELECT mentorship_id, key, phase, required, done, done_at "  # noqa: S608
        f"FROM mentorship_checklistitem WHERE mentorship_id IN ({marks}) "
        "ORDER BY position, id",
        mentorship_ids,
    )
    for row in rows:
        items[row["mentorship_id"]].append(row)
    return items


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
