"""Reads of the mentorships app that pages and API views share.

Each list comes with what its rows show already joined or prefetched, so a page
or an API list asks the database the same number of times for 3 rows as for 300.
Access is not decided here: a pair's own things are reached through a mentorship
that `services.mentorship_of` has already let the person see.
"""

import datetime as dt

from django.db import connection
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
    ACTIVE_PHASES,
    ChecklistItem,
    Evaluation,
    Goal,
    GoalStatus,
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


# with_unread's count in plain SQL, of the pair named `pair` in the query around it:
# the messages not written by the reader (both parameters: the reader's id) after
# the reader last read the thread (one ThreadRead per reader and pair), or all of
# them. The API's list and the dashboard ask it; tests hold both equal to the ORM's.
def _unread_sql(pair: str) -> str:
    # `pair` is a table alias written in this module, never a value.
    return f"""(SELECT COUNT(*) FROM mentorship_message message
              LEFT JOIN mentorship_threadread seen
                ON seen.mentorship_id = message.mentorship_id AND seen.user_id = %s
             WHERE message.mentorship_id = {pair}.id
               AND (message.author_id IS NULL OR message.author_id <> %s)
               AND (seen.read_at IS NULL OR message.created_at > seen.read_at))"""  # noqa: S608


# The API's list of mentorships (mentorship.serializers.mentorship_rows_out writes each
# row): mentorships_of's rows and order, with only the columns the answer shows. The
# unread count is with_unread's; each side's closing evaluation, whether it exists.
_MENTORSHIP_COLUMNS = f"""
    SELECT ms.id, ms.mentee_id, ms.mentor_id, ms.phase, ms.started_at, ms.phase_started_at,
           ms.ended_at, ms.end_reason, ms.programme_id,
           mentee_user.full_name AS mentee_full_name, mentee_user.email AS mentee_email,
           mentee.timezone AS mentee_timezone,
           mentor_user.full_name AS mentor_full_name, mentor_user.email AS mentor_email,
           mentor.timezone AS mentor_timezone,
           {_unread_sql("ms")} AS unread,
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
"""  # noqa: S608 - fixed fragments only
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
        [user.pk, user.pk, *visible],
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


# The dashboard's pairs in one hand-written SELECT (dashboard_mentorships_of). Why not
# the ORM: its pairs are read at every visit, and the ORM building this query anew
# (three correlated subqueries, two joins) cost ten times the database's answer.
# with_unread stays the ORM's word on what is unread; a test holds the two equal.
# Plain SQL that SQLite (`make run`) reads too; a profile's key is its user's id.
_DASHBOARD_PAIRS = """
    SELECT m.id, m.mentee_id, m.mentor_id, m.phase, m.started_at, m.ended_at,
           mentee_user.full_name AS mentee_name, mentor_user.full_name AS mentor_name,
           {unread} AS unread,
           (SELECT COUNT(*) FROM mentorship_session held
             WHERE held.mentorship_id = m.id AND held.status = %s) AS held,
           (SELECT COUNT(*) FROM mentorship_goal done
             WHERE done.mentorship_id = m.id AND done.status = %s) AS goals_done
    FROM mentorship_mentorship m
    LEFT JOIN accounts_user mentee_user ON mentee_user.id = m.mentee_id
    LEFT JOIN accounts_user mentor_user ON mentor_user.id = m.mentor_id
    WHERE (m.mentee_id = %s OR m.mentor_id = %s)
      AND (m.phase IN ({active}) OR m.mentee_id = %s OR m.id IN (
            SELECT ended.id FROM mentorship_mentorship ended
             WHERE (ended.mentee_id = %s OR ended.mentor_id = %s) AND ended.phase NOT IN ({active})
             ORDER BY ended.started_at DESC, ended.id DESC LIMIT %s))
    ORDER BY m.started_at DESC, m.id DESC
""".format(  # noqa: S608 - placeholders and fixed fragments only
    active=", ".join(["%s"] * len(ACTIVE_PHASES)), unread=_unread_sql("m")
)


def dashboard_mentorships_of(*, user: User, finished: int) -> list[Mentorship]:
    """In one query: every active pair of the person, their `finished` latest ended
    ones, and those they are the mentee of (for their timeline), newest first.

    Each has `mentee_name` and `mentor_name` (None once that person deleted their
    account), `unread` as with_unread counts it, and the sessions `held` and the
    goals done (`goals_done`) that the mentee's timeline tells of."""
    me, active = user.pk, list(ACTIVE_PHASES)
    params = [me, me, SessionStatus.HELD, GoalStatus.DONE, me, me, *active, me, me, me]
    return list(Mentorship.objects.raw(_DASHBOARD_PAIRS, [*params, *active, finished]))


def next_session_of(*, mentorships: list[Mentorship], now: dt.datetime) -> Session | None:
    """The first planned session ahead of these pairs, with its pair taken from them.

    Plain SQL, as the dashboard's pairs (and the ORM's filter it replaces: the
    status, from `now` on, the earliest first; a test holds them equal)."""
    if not mentorships:
        return None
    pairs = ", ".join(["%s"] * len(mentorships))
    found = list(
        Session.objects.raw(
            "SELECT id, mentorship_id, starts_at, duration_minutes, format, agenda "  # noqa: S608
            f"FROM mentorship_session WHERE mentorship_id IN ({pairs}) "
            "AND status = %s AND starts_at >= %s ORDER BY starts_at, id LIMIT 1",
            [*(m.pk for m in mentorships), SessionStatus.PLANNED, _instant(now)],
        )
    )
    if not found:
        return None
    session = found[0]
    session.mentorship = next(m for m in mentorships if m.pk == session.mentorship_id)
    return session


def _instant(moment: dt.datetime) -> object:
    """A moment as a parameter of plain SQL, as the ORM would pass it (text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(moment)


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


def latest_unread_notifications_of(*, user: User, shown: int) -> tuple[list[Notification], int]:
    """The `shown` newest unread notifications (their titles), and how many are unread
    in all: one query, the total a window over every unread row, counted before the
    LIMIT. Plain SQL, as the dashboard's pairs; a test holds it equal to
    unread_notifications_of."""
    rows = list(
        Notification.objects.raw(
            "SELECT id, title, COUNT(*) OVER () AS total FROM mentorship_notification "
            "WHERE user_id = %s AND read_at IS NULL ORDER BY created_at DESC, id DESC LIMIT %s",
            [user.pk, shown],
        )
    )
    return rows, rows[0].total if rows else 0
