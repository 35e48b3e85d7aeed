"""Reusable reads of accounts data."""

from django.db.models import QuerySet

from accounts.models import MentorProfile


def public_mentors() -> QuerySet[MentorProfile]:
    """The catalogue: active mentors, accepting ones first, with what a card shows."""
    return (
        MentorProfile.objects.filter(user__is_active=True)
        .select_related("user", "switched_to")
        .prefetch_related("goal_areas", "skills", "languages")
        .order_by("-accepting_mentees", "-updated_at", "user_id")
    )
