"""The catalogue's cards built from plain rows (accounts.cards) equal the serializer's
(MentorCardOutput, which the schema describes), field by field, for the same mentors."""

import pytest
from django.utils import translation

from accounts import cards, selectors
from accounts.models import MentorProfile, User
from accounts.serializers import MentorCardOutput
from tests.factories import MentorFactory, area

pytestmark = pytest.mark.django_db


@pytest.fixture
def different_mentors():
    """Mentors that between them give every field of a card a value and, where it may
    be one, a null or an empty value."""
    full = MentorFactory(
        area_codes=["analytics", "it"],
        skill_codes=["sql", "python", "excel"],
        language_codes=["ru", "en", "de"],
        formats=7,
        city="Казань",
        switched_from="education",
        switched_from_role="учитель математики",
        switched_to=area("analytics"),
        years_experience=12,
        capacity=5,
    )
    MentorProfile.objects.filter(pk=full.pk).update(rating_avg=4.25, rating_count=7)
    User.objects.filter(pk=full.pk).update(photo="photos/1/" + "a" * 32 + "-512.jpg")
    bare = MentorFactory(
        area_codes=["marketing"],
        skill_codes=["smm"],
        formats=2,
        accepting_mentees=False,
        availability=[],
        city="",
    )
    return full, bare


def _serialized(request) -> list[dict]:
    serializer = MentorCardOutput(
        selectors.public_mentors(), many=True, context={"request": request}
    )
    return [dict(row) for row in serializer.data]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_cards_from_rows_equal_the_serializers_in_every_field(api, different_mentors, language):
    response = api.get("/api/v1/mentors/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    with translation.override(language):
        expected = _serialized(response.wsgi_request)
    shown = response.json()["results"]
    assert shown == expected
    # Every field of the serializer, in its order; each both set and empty/null somewhere.
    assert [list(card) for card in shown] == [list(MentorCardOutput().fields)] * 2
    for field in MentorCardOutput().fields:
        if field in ("id", "full_name", "headline", "bio", "timezone", "accepting_mentees"):
            continue
        values = [card[field] for card in shown]
        assert values[0] not in (None, [], "", 0), field
    full, bare = shown
    assert full["photo_url"].startswith("http://testserver/")
    assert full["rating_avg"] == 4.25
    assert isinstance(full["rating_avg"], float)
    assert (bare["photo_url"], bare["switched_to"], bare["rating_avg"]) == (None, None, None)
    assert (bare["availability"], bare["city"], bare["switched_from"]) == ([], "", "")
    assert (full["accepting_mentees"], bare["accepting_mentees"]) == (True, False)


def test_a_card_by_id_equals_the_serializers(api, different_mentors):
    for mentor in different_mentors:
        response = api.get(f"/api/v1/mentors/{mentor.pk}/")
        assert response.status_code == 200
        serialized = MentorCardOutput(
            selectors.public_mentor(mentor_id=mentor.pk),
            context={"request": response.wsgi_request},
        ).data
        assert response.json() == dict(serialized)


def test_a_card_without_a_request_equals_the_serializers(different_mentors):
    for mentor in different_mentors:
        row = selectors.mentor_cards(selectors.findable_mentors().filter(pk=mentor.pk)).get()
        serialized = MentorCardOutput(selectors.public_mentor(mentor_id=mentor.pk)).data
        assert cards.card(row) == dict(serialized)
