"""A person's matches, for the personal-data export (core.personal_data).

Each side sees what it was shown: a mentee every suggestion and request of
theirs with the mentor's public name, their note and the explanation written
for them; a mentor the requests and programme proposals that reached them,
with the mentee's name and the note sent to them. A suggestion the mentee
never acted on (or declined) never reached the mentor, so it is not theirs.
No contact data of the other side is in either.
"""

from typing import Any

from django.db.models import Q

from accounts.models import User
from matching import explain
from matching.models import Match, MatchOrigin


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _reached_the_mentor() -> Q:
    return (
        Q(requested_at__isnull=False)
        | Q(mentee_accepted=True)
        | Q(mentor_accepted=True)
        | Q(origin=MatchOrigin.PROGRAMME)
    )


def _common(match: Match, role: str) -> dict[str, Any]:
    return {
        "id": match.pk,
        "role": role,
        "origin": match.origin,
        "status": match.status,
        "mentee_accepted": match.mentee_accepted,
        "mentor_accepted": match.mentor_accepted,
        "note": match.note,
        "created_at": _iso(match.created_at),
        "requested_at": _iso(match.requested_at),
        "withdrawn_at": _iso(match.withdrawn_at),
        "decided_at": _iso(match.decided_at),
        "mentorship": match.mentorship_id,
        "programme": match.programme_id,
    }


def export_matches(*, person: User) -> dict[str, Any]:
    """The matching app's part: the person's matches on either side, in two queries."""
    rows = list(
        Match.objects.filter(
            Q(mentee_id=person.pk) | (Q(mentor_id=person.pk) & _reached_the_mentor())
        )
        .select_related("mentee__user", "mentor__user")
        .order_by("pk")
    )
    as_mentee = [m for m in rows if m.mentee_id == person.pk]
    names = explain.skill_names_for(as_mentee) if as_mentee else {}
    matches = []
    for match in rows:
        if match.mentee_id == person.pk:
            matches.append(
                {
                    **_common(match, "mentee"),
                    "mentor": {
                        "id": match.mentor.user_id,
                        "full_name": match.mentor.user.full_name,
                    },
                    "score": match.score,
                    "overlap_minutes_per_week": match.overlap_minutes_per_week,
                    "explanation": explain.render_for(match, person.pk, names),
                }
            )
        else:
            matches.append(
                {
                    **_common(match, "mentor"),
                    "mentee": {
                        "id": match.mentee.user_id,
                        "full_name": match.mentee.user.full_name,
                    },
                }
            )
    return {"matches": matches}
