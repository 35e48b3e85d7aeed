"""The accounts app's part of a person's data, and the whole export.

`export_user` is what a person gets from `GET /api/v1/me/export/`: every app's
part, gathered by core.personal_data.
"""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry

from accounts.models import MenteeProfile, MentorProfile, User
from accounts.photos import photo_url, photos_forget
from core.personal_data import person_export


def _profile_common(profile: MenteeProfile | MentorProfile) -> dict[str, Any]:
    return {
        "formats": profile.format_codes,
        "languages": sorted(profile.languages.values_list("code", flat=True)),
        "availability": profile.availability,
        "timezone": profile.timezone,
        "city": profile.city,
        "skills": sorted(profile.skills.values_list("code", flat=True)),
        "created_at": profile.created_at.isoformat(),
        "updated_at": profile.updated_at.isoformat(),
    }


def _mentee(user: User) -> dict[str, Any] | None:
    profile = MenteeProfile.objects.filter(user=user).select_related("goal_area").first()
    if profile is None:
        return None
    return {
        **_profile_common(profile),
        "goal_area": profile.goal_area.code,
        "current_role": profile.current_role,
        "current_field": profile.current_field,
        "target_role": profile.target_role,
        "stage": profile.stage,
        "goals": profile.goals,
        "can_offer": profile.can_offer,
    }


def _mentor(user: User) -> dict[str, Any] | None:
    profile = MentorProfile.objects.filter(user=user).select_related("switched_to").first()
    if profile is None:
        return None
    return {
        **_profile_common(profile),
        "goal_areas": sorted(profile.goal_areas.values_list("code", flat=True)),
        "headline": profile.headline,
        "bio": profile.bio,
        "years_experience": profile.years_experience,
        "switched_from": profile.switched_from,
        "switched_from_role": profile.switched_from_role,
        "switched_to": profile.switched_to.code if profile.switched_to else None,
        "capacity": profile.capacity,
        "accepting_mentees": profile.accepting_mentees,
    }


def export_account(*, person: User) -> dict[str, Any]:
    """The accounts app's part: the account, consents and both profiles."""
    user = person
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "timezone": user.timezone,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "photo": photo_url(user),
        },
        "consents": [
            {"kind": c.kind, "version": c.version, "given_at": c.given_at.isoformat()}
            for c in user.consents.order_by("given_at")
        ],
        "mentee_profile": _mentee(user),
        "mentor_profile": _mentor(user),
    }


def forget_account(*, person: User) -> None:
    """What goes before the account row: the logs naming the person, and (once the
    deletion commits) their photo files."""
    forget_account_logs(person=person)
    photos_forget(person=person)


def forget_account_logs(*, person: User) -> None:
    """The sign-in and admin logs that name the person; the rest goes with the account."""
    AccessAttempt.objects.filter(username__iexact=person.email).delete()
    AccessLog.objects.filter(username__iexact=person.email).delete()
    AccessFailureLog.objects.filter(username__iexact=person.email).delete()
    LogEntry.objects.filter(user=person).delete()
    LogEntry.objects.filter(content_type__app_label="accounts", object_id=str(person.pk)).delete()


def export_user(user: User) -> dict[str, Any]:
    """Every app's part of the person's data (core.personal_data)."""
    return person_export(user)
