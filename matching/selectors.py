"""Reads of matching data that pages and API views share."""

import datetime as dt

from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from core.rows import SqlRows
from matching.models import Match, MatchOrigin, MatchStatus


def matches_of(*, user: User) -> QuerySet[Match]:
    """A person's matches on either side, best first, with what the answer shows.

    Best first puts a programme's pairs before the rest: the coordinator made them
    for this person, so they lead whatever an ordinary suggestion scores."""
    return (
        Match.objects.of(user)
        .select_related("mentee__user", "mentee__goal_area", "mentor__user", "programme")
        .order_by(
            Case(When(programme__isnull=False, then=Value(0)), default=Value(1)), "-score", "id"
        )
    )


# The API's list of matches (matching.serializers.match_rows_out writes each row):
# matches_of's rows and order, with only the columns the answer shows.
_MATCH_COLUMNS = """
    SELECT m.id, m.mentee_id, m.mentor_id, m.score, m.factors, m.overlap_minutes_per_week,
           m.status, m.origin, m.mentee_accepted, m.mentor_accepted, m.mentorship_id,
           m.programme_id, m.requested_at, m.note, m.withdrawn_at, m.created_at,
           mentee_user.full_name AS mentee_full_name, mentee_user.photo AS mentee_photo,
           goal_area.code AS mentee_goal_area, mentee."current_role" AS mentee_current_role,
           mentee.target_role AS mentee_target_role, mentee.stage AS mentee_stage,
           mentee.goals AS mentee_goals, mentee.timezone AS mentee_timezone,
           mentor_user.full_name AS mentor_full_name, mentor_user.photo AS mentor_photo,
           mentor.headline AS mentor_headline,
           mentor.years_experience AS mentor_years_experience,
           mentor.timezone AS mentor_timezone, mentor.capacity AS mentor_capacity,
           mentor.active_mentees AS mentor_active_mentees
    FROM matching_match m
    JOIN accounts_menteeprofile mentee ON mentee.user_id = m.mentee_id
    JOIN accounts_user mentee_user ON mentee_user.id = mentee.user_id
    JOIN accounts_goalarea goal_area ON goal_area.id = mentee.goal_area_id
    JOIN accounts_mentorprofile mentor ON mentor.user_id = m.mentor_id
    JOIN accounts_user mentor_user ON mentor_user.id = mentor.user_id
"""
_MATCH_ORDER = "ORDER BY CASE WHEN m.programme_id IS NULL THEN 1 ELSE 0 END, m.score DESC, m.id"


def match_rows(*, user: User, role: str | None = None, status: str | None = None) -> SqlRows:
    """matches_of(user) as the API lists it, optionally one side's (`role` "mentee" or
    "mentor") and of one status: rows of plain values, no model instances."""
    if role == "mentee":
        where, params = ["m.mentee_id = %s"], [user.pk]
    elif role == "mentor":
        where, params = ["m.mentor_id = %s"], [user.pk]
    else:
        where, params = ["(m.mentee_id = %s OR m.mentor_id = %s)"], [user.pk, user.pk]
    if status:
        where.append("m.status = %s")
        params.append(status)
    # Fixed fragments only: every value is a parameter.
    condition = " AND ".join(where)
    return SqlRows(
        f"{_MATCH_COLUMNS} WHERE {condition} {_MATCH_ORDER}",
        params,
        count_sql=f"SELECT COUNT(*) FROM matching_match m WHERE {condition}",  # noqa: S608
    )


def suggestions_of(*, user: User) -> dict[str, QuerySet[Match]]:
    """A mentee's matches as the suggestions page groups them."""
    mine = matches_of(user=user).filter(mentee_id=user.pk)
    return {
        "suggested": mine.filter(status=MatchStatus.SUGGESTED, mentee_accepted=False),
        "requests": mine.filter(status=MatchStatus.SUGGESTED, mentee_accepted=True),
        "accepted": mine.filter(status=MatchStatus.ACCEPTED),
        "closed": mine.filter(
            status__in=[MatchStatus.DECLINED, MatchStatus.EXPIRED, MatchStatus.WITHDRAWN]
        ),
    }


def inbox_of(*, user: User) -> dict[str, QuerySet[Match]]:
    """A mentor's matches as the inbox groups them."""
    mine = matches_of(user=user).filter(mentor_id=user.pk)
    return {
        "requests": mine.filter(status=MatchStatus.SUGGESTED, mentee_accepted=True).order_by(
            "requested_at"
        ),
        # Pairs a programme's coordinator published: either side may say yes first.
        "proposed": mine.filter(
            status=MatchStatus.SUGGESTED, origin=MatchOrigin.PROGRAMME, mentee_accepted=False
        ),
        "accepted": mine.filter(status=MatchStatus.ACCEPTED),
    }


def requests_to(*, user: User) -> QuerySet[Match]:
    """Requests waiting for this mentor's answer, oldest first."""
    return (
        Match.objects.open_requests()
        .filter(mentor_id=user.pk)
        .select_related("mentee__user")
        .order_by("requested_at")
    )


def requests_from(*, user: User) -> QuerySet[Match]:
    """This mentee's requests still waiting for a mentor's answer, oldest first."""
    return (
        Match.objects.open_requests()
        .filter(mentee_id=user.pk)
        .select_related("mentor__user")
        .order_by("requested_at")
    )


# The requests on a person's dashboard, in one hand-written SELECT: read at every
# visit, and the ORM building the query anew cost several times the answer. It
# reads MatchQuerySet.open_requests' rows (a test holds the two equal), in plain
# SQL that SQLite (`make run`) reads too; a profile's key is its user's id.
_OPEN_REQUESTS = """
    SELECT m.id, m.mentee_id, m.mentor_id, m.requested_at,
           mentee_user.full_name AS mentee_name, mentor_user.full_name AS mentor_name
    FROM matching_match m
    JOIN accounts_user mentee_user ON mentee_user.id = m.mentee_id
    JOIN accounts_user mentor_user ON mentor_user.id = m.mentor_id
    WHERE m.status = %s AND m.mentee_accepted = %s AND m.mentor_accepted = %s
      AND (m.mentor_id = %s OR m.mentee_id = %s)
    ORDER BY m.requested_at, m.id
"""


def open_requests_of(*, user: User) -> tuple[list[Match], list[Match]]:
    """(requests_to, requests_from) in one query, each oldest first: to the person
    as mentor, from them as mentee, with `mentee_name` and `mentor_name`."""
    params = [MatchStatus.SUGGESTED, True, False, user.pk, user.pk]
    rows = list(Match.objects.raw(_OPEN_REQUESTS, params))
    return [m for m in rows if m.mentor_id == user.pk], [m for m in rows if m.mentee_id == user.pk]


def match_between(*, mentee_id: int, mentor_id: int) -> Match | None:
    return (
        Match.objects.filter(mentee_id=mentee_id, mentor_id=mentor_id)
        .select_related("mentorship")
        .first()
    )


def pair_state(match: Match | None, *, now: dt.datetime | None = None) -> dict | None:
    """What is true of a pair the mentee already has, for the mentor's card.

    A pending request and an accepted pair are not "impossible": the card says
    where they stand (`request`: sent N days ago, answer by; `mentor`: the
    mentorship and whether it is still going). None for any other pair.
    """
    if match is None:
        return None
    if match.status == MatchStatus.ACCEPTED:
        mentorship = match.mentorship
        return {
            "kind": "mentor",
            "mentorship_id": match.mentorship_id,
            # The mentorship app is a floor up: its phase is read, not imported.
            "active": mentorship is not None and mentorship.ended_at is None,
        }
    if match.status == MatchStatus.SUGGESTED and match.mentee_accepted and match.requested_at:
        now = now or timezone.now()
        return {
            "kind": "request",
            "days": max((now - match.requested_at).days, 0),
            "answer_by": match.expires_at,
        }
    return None
