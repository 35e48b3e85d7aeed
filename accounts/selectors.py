"""Reusable reads of accounts data."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from accounts.models import GoalArea, MenteeProfile, MentorProfile, Skill, User


def public_mentors() -> QuerySet[MentorProfile]:
    """The catalogue: mentors who may be found (an active account, a confirmed
    address), accepting ones first, with what a card shows."""
    return (
        MentorProfile.objects.findable()
        .select_related("user", "switched_to")
        .prefetch_related("goal_areas", "skills", "languages")
        .order_by("-accepting_mentees", "-updated_at", "user_id")
    )


def public_mentor(*, mentor_id: int) -> MentorProfile | None:
    return public_mentors().filter(user_id=mentor_id).first()


def mentee_profile_of(*, user: User) -> MenteeProfile | None:
    """The person's mentee profile with what the profile page shows, or None."""
    return (
        MenteeProfile.objects.filter(user_id=user.pk)
        .select_related("goal_area")
        .prefetch_related("skills", "languages")
        .first()
    )


def mentor_profile_of(*, user: User) -> MentorProfile | None:
    """The person's mentor profile with what the profile page shows, or None."""
    return (
        MentorProfile.objects.filter(user_id=user.pk)
        .select_related("switched_to")
        .prefetch_related("goal_areas", "skills", "languages")
        .first()
    )


def is_mentor(*, user_id: int) -> bool:
    return MentorProfile.objects.filter(user_id=user_id, user__is_active=True).exists()


def goal_areas_with_skills() -> QuerySet[GoalArea]:
    """The taxonomy: goal areas, each with its skills in order."""
    return GoalArea.objects.prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("position", "code"))
    )


def skill_names(*, codes: Iterable[str]) -> dict[str, str]:
    """Skill code → name in the active language, in one query however many codes."""
    codes = set(codes)
    if not codes:
        return {}
    return {skill.code: skill.name for skill in Skill.objects.filter(code__in=codes)}
