"""accounts.selectors.skill_names: the one lookup of skill names every explanation uses
(the match list's plain rows and the serializers alike)."""

import pytest
from django.utils import translation

from accounts.models import Skill
from accounts.selectors import skill_names

pytestmark = pytest.mark.django_db


def test_skill_names_are_in_the_readers_language_with_russian_as_the_fallback():
    Skill.objects.create(code="t-sql", name_ru="Язык запросов", name_en="Query language")
    Skill.objects.create(code="t-cv", name_ru="Резюме", name_en="")
    codes = ["t-sql", "t-cv", "t-sql", "t-unknown"]
    with translation.override("ru"):
        assert skill_names(codes=codes) == {"t-sql": "Язык запросов", "t-cv": "Резюме"}
    with translation.override("en"):
        assert skill_names(codes=codes) == {"t-sql": "Query language", "t-cv": "Резюме"}


def test_no_codes_ask_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert skill_names(codes=[]) == {}
