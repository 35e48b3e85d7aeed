"""A mentor's public card as a plain dict, from a row of selectors.mentor_cards.

The catalogue lists twenty cards per request; building them through the
serializer (MentorCardOutput) costs model instances, prefetched taxonomy objects
and a field object per value. This builds the same JSON from one row of plain
values. MentorCardOutput stays the schema's description of a card, and
tests/api/test_mentor_cards.py proves the two equal, field by field.
"""

from typing import Any

from django.http import HttpRequest

from accounts.models import Format, User

_PHOTO_STORAGE = User._meta.get_field("photo").storage
# Format bit set -> codes, for every possible mask (a few values, computed once).
_FORMATS = {mask: Format.from_mask(mask) for mask in range(sum(Format) + 1)}


def card(row: dict[str, Any], *, request: HttpRequest | None = None) -> dict[str, Any]:
    """The card of one row, in MentorCardOutput's field order."""
    photo = row["photo"]
    photo_url = None
    if photo:
        photo_url = _PHOTO_STORAGE.url(photo)
        if request is not None:
            photo_url = request.build_absolute_uri(photo_url)
    rating = row["rating_avg"]
    return {
        "id": row["id"],
        "skills": row["skill_codes"],
        "formats": list(_FORMATS[row["formats"]]),
        "languages": row["language_codes"],
        "availability": row["availability"],
        "timezone": row["timezone"],
        "city": row["city"],
        "full_name": row["full_name"],
        "photo_url": photo_url,
        "goal_areas": row["area_codes"],
        "headline": row["headline"],
        "bio": row["bio"],
        "years_experience": row["years_experience"],
        "switched_from": row["switched_from"],
        "switched_from_role": row["switched_from_role"],
        "switched_to": row["switched_to_code"],
        "capacity": row["capacity"],
        "accepting_mentees": row["accepting_mentees"],
        "rating_avg": None if rating is None else float(rating),
        "rating_count": row["rating_count"],
    }
