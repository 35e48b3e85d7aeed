"""The coordinator's part of the dashboard: the programmes they run (core.dashboard)."""

from django.db.models import Count, Q

from accounts.models import User
from core.dashboard import Panel
from programmes.models import Programme, Role

PROGRAMMES_SHOWN = 10


def coordinator_panel(*, user: User) -> Panel | None:
    """The programmes this person coordinates, with their cohort; None for anyone else."""
    if not user.is_coordinator:  # read with the roles, once a request: no query here
        return None
    programmes = list(
        Programme.objects.filter(coordinators__user=user)
        .annotate(
            mentees=Count("members", filter=Q(members__role=Role.MENTEE)),
            mentors=Count("members", filter=Q(members__role=Role.MENTOR)),
        )
        .order_by("-starts_on", "name")[:PROGRAMMES_SHOWN]
    )
    if not programmes:
        return None
    return Panel("programmes/_dashboard.html", {"programmes": programmes})
