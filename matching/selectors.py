from django.db.models import QuerySet

from accounts.models import User
from matching.models import Match


def matches_of(user: User) -> QuerySet[Match]:
    """A person's matches on either side, best first, with what the answer shows."""
    return (
        Match.objects.of(user)
        .select_related("mentee__user", "mentee__goal_area", "mentor__user")
        .order_by("-score", "id")
    )
