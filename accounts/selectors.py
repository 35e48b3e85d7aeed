"""Reusable reads of accounts data."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, QuerySet

from accounts.models import GoalArea, MenteeProfile, MentorProfile, Skill, User, localized


def findable_mentors() -> QuerySet[MentorProfile]:
    """The catalogue's rows: mentors who may be found (an active account, a confirmed
    address), accepting ones first (the order of the index mentor_catalogue_order)."""
    return MentorProfile.objects.findable().order_by("-accepting_mentees", "-updated_at", "user_id")


def public_mentors() -> QuerySet[MentorProfile]:
    """The catalogue as objects, with what a card shows (the HTML page, the schema's serializer)."""
    return (
        findable_mentors()
        .select_related("user", "switched_to")
        .prefetch_related("goal_areas", "skills", "languages")
    )


def _codes(relation: str, *order: str):
    """The codes a mentor's many-to-many `relation` holds, as one array in the row, in
    the related model's own order (what a prefetch of it would list)."""
    from django.contrib.postgres.expressions import ArraySubquery

    through = getattr(MentorProfile, relation).through
    target = getattr(MentorProfile, relation).field.m2m_reverse_field_name()
    return ArraySubquery(
        through.objects.filter(mentorprofile_id=OuterRef("pk"))
        .order_by(*(f"{target}__{field}" for field in order))
        .values(f"{target}__code")
    )


# The columns a catalogue card shows (accounts.cards), by the card's field names.
CARD_COLUMNS = {
    "id": F("user_id"),
    "full_name": F("user__full_name"),
    "photo": F("user__photo"),
    "switched_to_code": F("switched_to__code"),
}
CARD_FIELDS = (
    "formats", "availability", "timezone", "city", "headline", "bio", "years_experience",
    "switched_from", "switched_from_role", "capacity", "accepting_mentees", "rating_avg",
    "rating_count",
)  # fmt: skip


def cards_in_sql() -> bool:
    """Whether mentor_cards can read cards (array subqueries are PostgreSQL's); on SQLite
    (`make run`) the catalogue goes through the serializer and public_mentors()."""
    return connection.vendor == "postgresql"


def mentor_cards(mentors: QuerySet[MentorProfile]) -> QuerySet:
    """The cards of `mentors` (filtered and ordered already) as plain rows, in one query:
    only the columns a card shows, the codes of skills, languages and goal areas as
    arrays (PostgreSQL; accounts.cards turns a row into the card)."""
    return mentors.values(
        *CARD_FIELDS,
        **CARD_COLUMNS,
        skill_codes=_codes("skills", "position", "code"),
        language_codes=_codes("languages", "code"),
        area_codes=_codes("goal_areas", "position", "code"),
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
    """Skill code → name in the active language, in one query however many codes.

    Plain SQL: a list of matches asks it at every visit, and the ORM building the
    query was most of its cost."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    marks = ", ".join(["%s"] * len(codes))  # a parameter per code
    table = connection.ops.quote_name(Skill._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code, name_ru, name_en FROM {table} WHERE code IN ({marks})",  # noqa: S608
            codes,
        )
        return {code: localized(ru, en) for code, ru, en in cursor.fetchall()}
