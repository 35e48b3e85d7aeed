"""Reads of the programmes app that pages and API views share.

Access is the services' (`programme_visible`, `programme_coordinated`): these
read within a programme the person has already been let into.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import MenteeProfile, MentorProfile, User
from matching.models import Match, MatchStatus
from mentorship.models import Mentorship
from programmes.models import (
    Coordinator,
    DraftPair,
    DraftUnmatched,
    MatchingRun,
    Member,
    PairRule,
    Programme,
    Role,
    RunStatus,
)


def programmes_of(*, user: User) -> QuerySet[Programme]:
    """The programmes a person coordinates or belongs to, newest first; each with
    `coordinates` (bool) and `my_members` (the person's memberships, by role)."""
    return (
        Programme.objects.visible_to(user)
        .annotate(
            coordinates=Exists(
                Coordinator.objects.filter(programme=OuterRef("pk"), user_id=user.pk)
            )
        )
        .prefetch_related(
            "goal_areas",
            Prefetch(
                "members",
                queryset=Member.objects.filter(user_id=user.pk).order_by("role"),
                to_attr="my_members",
            ),
        )
        .order_by("-starts_on", "name")
    )


# --- A member's view -------------------------------------------------------------------------


def roles_in(*, user: User, programme: Programme) -> list[str]:
    return list(
        Member.objects.filter(programme=programme, user=user)
        .order_by("role")
        .values_list("role", flat=True)
    )


def programme_matches_of(*, user: User, programme: Programme) -> QuerySet[Match]:
    return (
        Match.objects.filter(programme=programme)
        .filter(Q(mentee_id=user.pk) | Q(mentor_id=user.pk))
        .select_related("mentee__user", "mentor__user")
    )


def published_run(*, programme: Programme) -> MatchingRun | None:
    """The programme's latest published matching: what members were told came of it."""
    return MatchingRun.objects.filter(programme=programme, status=RunStatus.PUBLISHED).first()


def left_out_of(*, run: MatchingRun, user: User) -> DraftUnmatched | None:
    """Why the run left this mentee without a pair, if it did."""
    return DraftUnmatched.objects.filter(run=run, mentee_id=user.pk).first()


def programme_mentorships_of(*, user: User, programme: Programme) -> QuerySet[Mentorship]:
    return (
        Mentorship.objects.of(user)
        .filter(programme=programme)
        .select_related("mentee__user", "mentor__user")
    )


# --- The coordinator's view ------------------------------------------------------------------


def members_of(*, programme: Programme) -> QuerySet[Member]:
    return Member.objects.filter(programme=programme).select_related("user").order_by("role", "pk")


def cohort_people(*, programme: Programme) -> tuple[list[User], list[User]]:
    """The cohort's mentees and mentors, each by name (for the pickers of the forms)."""
    members = members_of(programme=programme)
    mentees = sorted((m.user for m in members if m.role == Role.MENTEE), key=lambda u: u.full_name)
    mentors = sorted((m.user for m in members if m.role == Role.MENTOR), key=lambda u: u.full_name)
    return mentees, mentors


def cohort_of(*, programme: Programme, members: list[Member] | None = None) -> list[dict]:
    """Each member with their role and how complete the profile for that role is.

    `members` narrows it to some of the programme's members (a page of a long
    cohort). The profiles come with what completeness looks at, in one query each.
    """
    if members is None:
        members = Member.objects.filter(programme=programme).select_related("user")
    members = [m for m in members if m.programme_id == programme.pk]
    user_ids = [m.user_id for m in members]
    mentees = MenteeProfile.objects.filter(pk__in=user_ids).prefetch_related("skills", "languages")
    mentors = MentorProfile.objects.filter(pk__in=user_ids).prefetch_related(
        "goal_areas", "skills", "languages"
    )
    by_role = {
        Role.MENTEE: {p.pk: _mentee_completeness(p) for p in mentees},
        Role.MENTOR: {p.pk: _mentor_completeness(p) for p in mentors},
    }
    return [
        {"member": member, "completeness": by_role[member.role].get(member.user_id, 0)}
        for member in members
    ]


def _share(checks: list[bool]) -> int:
    return round(100 * sum(checks) / len(checks))


def _mentee_completeness(profile: MenteeProfile) -> int:
    return _share(
        [
            bool(profile.goal_area_id),
            bool(profile.skills.all()),
            bool(profile.current_role),
            bool(profile.target_role),
            bool(profile.goals),
            bool(profile.availability),
            bool(profile.languages.all()),
        ]
    )


def _mentor_completeness(profile: MentorProfile) -> int:
    return _share(
        [
            bool(profile.goal_areas.all()),
            bool(profile.skills.all()),
            bool(profile.headline),
            bool(profile.bio),
            bool(profile.availability),
            bool(profile.languages.all()),
            profile.accepting_mentees,
        ]
    )


def rules_of(*, programme: Programme) -> QuerySet[PairRule]:
    return (
        PairRule.objects.filter(programme=programme)
        .select_related("mentee", "mentor")
        .order_by("pk")
    )


def runs_of(*, programme: Programme) -> QuerySet[MatchingRun]:
    """The programme's matching runs, newest first, each with `pairs_now` counted."""
    # An aggregate (GROUP BY) drops Meta.ordering: the order is said again.
    return (
        MatchingRun.objects.filter(programme=programme)
        .annotate(pairs_now=Count("pairs"))
        .order_by("-created_at", "-id")
    )


def latest_run(*, programme: Programme) -> MatchingRun | None:
    return MatchingRun.objects.filter(programme=programme).first()


def draft_pairs_of(*, run: MatchingRun) -> QuerySet[DraftPair]:
    return DraftPair.objects.filter(run=run).select_related("mentee", "mentor")


def paired_mentee_ids(*, run: MatchingRun) -> set[int]:
    return set(DraftPair.objects.filter(run=run).values_list("mentee_id", flat=True))


def unmatched_of(*, run: MatchingRun) -> QuerySet[DraftUnmatched]:
    return DraftUnmatched.objects.filter(run=run).select_related("mentee")


def published_answers(*, programme: Programme) -> dict[str, int]:
    """The programme's published pairs by what came of them: `waiting` (neither said no,
    not both said yes yet), `accepted`, and `closed` (declined, expired or withdrawn)."""
    counts = dict(
        Match.objects.filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    waiting = counts.pop(MatchStatus.SUGGESTED, 0)
    accepted = counts.pop(MatchStatus.ACCEPTED, 0)
    return {"waiting": waiting, "accepted": accepted, "closed": sum(counts.values())}
