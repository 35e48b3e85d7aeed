"""Language names in the reader's language, each language once; words for empty choices."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.forms import AvailabilityForm, MenteeGoalsForm, MentorGoalsForm
from accounts.languages import language_name
from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_a_language_is_named_in_the_readers_language_with_a_capital():
    assert language_name("en", language="ru") == "Английский"
    assert language_name("en", language="en") == "English"
    assert language_name("nn", language="ru") == "Нюнорск"


def test_the_profile_form_lists_norwegian_once_and_in_russian():
    form = AvailabilityForm()
    names = [str(label) for field in ("languages", "other_languages")
             for _code, label in form.fields[field].choices]  # fmt: skip
    assert "Русский" in names
    assert "Норвежский" in names
    assert "Норвежский букмол" not in names
    assert len(names) == len(set(names))


def test_a_profile_that_chose_bokmal_keeps_it_ticked():
    form = AvailabilityForm(initial={"languages": ["nb"]})
    assert ("nb", "Норвежский букмол") in form.fields["languages"].choices


def test_the_catalogue_filters_say_in_words_what_an_empty_choice_means(client):
    page = client.get(reverse("mentor-catalogue")).content.decode()
    assert "---------" not in page
    assert _options(page, "goal_area")[0] == "Любое направление"
    assert _options(page, "skill")[0] == "Любой навык"
    assert _options(page, "language")[0] == "Любой язык"
    assert _options(page, "format")[0] == "Любой формат"
    assert _options(page, "accepting")[0] == "Не важно"
    languages = _options(page, "language")
    assert "Норвежский" in languages
    assert "Норвежский букмол" not in languages
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("mentor-catalogue")).content.decode()
    assert _options(english, "language")[0] == "Any language"
    assert "Norwegian" in _options(english, "language")


def test_norwegian_in_the_catalogue_finds_those_who_wrote_bokmal(client, api):
    bokmal = MentorFactory(language_codes=["nb"])
    russian = MentorFactory(language_codes=["ru"])
    page = client.get(reverse("mentor-catalogue"), {"language": "no"}).content.decode()
    assert bokmal.user.full_name in page
    assert russian.user.full_name not in page
    # The API keeps every code.
    listed = api.get("/api/v1/mentors/", {"language": "nb"}).json()
    assert [row["id"] for row in listed["results"]] == [bokmal.user.pk]


def test_optional_selects_of_the_profile_forms_say_not_chosen():
    for html, name in [
        (str(MenteeGoalsForm()), "current_field"),
        (str(MentorGoalsForm()), "switched_from"),
        (str(MentorGoalsForm()), "switched_to"),
    ]:
        assert _options(html, name)[0] == "Не выбрано", name
