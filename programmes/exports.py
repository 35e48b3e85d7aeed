"""A person's part of the programmes, for the personal-data export."""

from typing import Any

from accounts.models import User
from programmes.models import Coordinator, Member, PairRule


def export_programmes(*, person: User) -> dict[str, Any]:
    """The programmes the person joined (role, when) and those they coordinate.

    Pair rules are the coordinator's decisions, so they go to the coordinator's
    export (with the people as ids), not to the mentee's or mentor's they name.
    """
    memberships = Member.objects.filter(user=person).select_related("programme")
    coordinated = Coordinator.objects.filter(user=person).select_related("programme")
    rules = PairRule.objects.filter(programme__coordinators__user=person).order_by(
        "programme_id", "pk"
    )
    return {
        "programmes": {
            "memberships": [
                {
                    "programme": m.programme_id,
                    "name": m.programme.name,
                    "role": m.role,
                    "joined_at": m.joined_at.isoformat(),
                }
                for m in memberships.order_by("joined_at", "pk")
            ],
            "coordinated": [
                {
                    "programme": c.programme_id,
                    "name": c.programme.name,
                    "description": c.programme.description,
                    "starts_on": c.programme.starts_on.isoformat(),
                    "ends_on": c.programme.ends_on.isoformat(),
                    "coordinator_since": c.added_at.isoformat(),
                }
                for c in coordinated.order_by("added_at", "pk")
            ],
            "pair_rules": [
                {
                    "programme": r.programme_id,
                    "mentee": r.mentee_id,
                    "mentor": r.mentor_id,
                    "kind": r.kind,
                }
                for r in rules
            ],
        }
    }
