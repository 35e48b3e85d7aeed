"""The catalogue's free-text search (`?q=`, accounts/search.py) on PostgreSQL."""

import pytest
from django.db import connection

from accounts.search import search_words
from tests import query_counts as q
from tests.accounts.search_corpus import CORPUS, QUERIES
from tests.factories import MentorFactory, UserFactory, area

MENTORS = "/api/v1/mentors/"


def _mentor(entry, **extra):
    return MentorFactory(
        user=UserFactory(full_name=entry.name),
        headline=entry.headline,
        bio=entry.bio,
        skill_codes=list(entry.skills),
        switched_from=entry.switched_from,
        switched_from_role=entry.switched_from_role,
        switched_to=area(entry.switched_to) if entry.switched_to else None,
        city=entry.city,
        **extra,
    )


@pytest.fixture
def corpus(db):
    assert connection.vendor == "postgresql"
    return {entry.name: _mentor(entry) for entry in CORPUS}


def _names(api, query: str, **params) -> list[str]:
    response = api.get(MENTORS, {"q": query, **params})
    assert response.status_code == 200, response.content
    return [card["full_name"] for card in response.json()["results"]]


def test_the_corpus_is_thirty_mentors_and_ten_queries():
    assert len(CORPUS) == 30
    assert len({entry.name for entry in CORPUS}) == 30
    assert len(QUERIES) == 10
    assert all(len(top) == 3 for top in QUERIES.values())


@pytest.mark.parametrize(("query", "top"), list(QUERIES.items()), ids=list(QUERIES))
def test_each_query_ranks_its_three_mentors_first(api, corpus, query, top):
    assert _names(api, query)[:3] == top


def test_an_inflected_form_finds_the_base_form_and_back(api, corpus):
    # «аналитике» (prepositional) finds the headline «Аналитик»; «аналитик» finds «в аналитике».
    assert "Анна Смирнова" in _names(api, "аналитике")
    assert "Вера Орлова" in _names(api, "аналитик")
    assert "Анна Смирнова" in _names(api, "аналитиками")


def test_a_prefix_finds_the_compound_word(api, corpus):
    found = _names(api, "продакт")
    assert "Глеб Петров" in found  # only «Продакт-менеджер» in his texts
    assert "Глеб Петров" in _names(api, "прод")


def test_every_word_must_match(api, corpus):
    assert _names(api, "таргетированной рекламы")[:3] == QUERIES["таргетированной рекламы"]
    # Лариса writes «реклама», never «таргетированная»: one word is not enough.
    assert "Лариса Зайцева" not in _names(api, "таргетированной рекламы")
    assert "Лариса Зайцева" in _names(api, "реклама")


def test_latin_skill_names_in_cyrillic_text_are_found_whatever_the_case(api, corpus):
    assert _names(api, "sql") == _names(api, "SQL")
    assert "Анна Смирнова" in _names(api, "sql")  # «SQL-запросы» in her bio
    assert "Яков Зуев" in _names(api, "docker")  # «Docker-образы»


def test_search_keeps_the_other_filters(api, corpus):
    # Анна and Борис switched into analytics and mentor in it; Вера mentors in IT.
    for name in ("Анна Смирнова", "Борис Ковалёв"):
        assert name in _names(api, "аналитике", goal_area="analytics")
    corpus["Вера Орлова"].goal_areas.set([area("it")])
    assert "Вера Орлова" not in _names(api, "аналитике", goal_area="analytics")
    assert _names(api, "аналитике", skill="statistics") == ["Борис Ковалёв"]


def test_nothing_found_is_an_empty_page_and_odd_input_is_no_error(api, corpus):
    assert _names(api, "водолаз") == []
    for odd in ["'; DROP TABLE", "a & b | !c", "(()", ":*", "я:* & !", "\u0301", "   "]:
        response = api.get(MENTORS, {"q": odd})
        assert response.status_code == 200, odd
    assert api.get(MENTORS, {"q": "х" * 201}).status_code == 400
    # Only stop words: nothing to look for, so nothing is found rather than everything.
    assert api.get(MENTORS, {"q": "и в на"}).json()["count"] == 0


def test_the_catalogue_page_has_a_search_box_and_shows_the_ranked_result(client, corpus):
    page = client.get("/mentors/", {"q": "продакт"}).content.decode()
    assert 'type="search"' in page
    assert 'name="q"' in page
    assert page.index("Глеб Петров") < page.index("Дарья Волкова") < page.index("Егор Соколов")
    assert "Анна Смирнова" not in page


def test_the_sqlite_fallback_is_a_contains_of_every_word_over_the_same_fields(corpus):
    # `make run` on SQLite has no full-text search; the fallback is plain ORM, so it
    # runs here too. No morphology: «казан» is a substring of «Казань» and «Казани».
    from accounts import search
    from accounts.selectors import public_mentors

    def names(*words: str) -> set[str]:
        return {m.user.full_name for m in search._containing(public_mentors(), list(words))}

    assert names("казан") == {"Борис Ковалёв", "Павел Андреев", "Роман Тихонов"}
    assert names("медицин") == {"Алла Фёдорова", "Влад Григорьев", "Гала Никитина"}  # background
    assert names("docker") == {"Эдуард Кравцов", "Юрий Мельников", "Яков Зуев"}  # skill
    assert names("seo", "продвижени") == {"Цветана Яковлева", "Чингиз Ахметов", "Шамиль Галиев"}
    # The words come lower-cased; «Продакт» in a headline is still found.
    assert "Глеб Петров" in names("продакт")


def test_search_words_keep_letters_and_digits_only():
    assert search_words("Продакт-менеджер, SQL & a:*|b") == ["продакт", "менеджер", "sql", "a", "b"]
    assert search_words("") == []
    assert len(search_words(" ".join(f"w{n}" for n in range(20)))) == 8


def test_a_search_asks_the_database_as_often_for_thirty_mentors_as_for_three(api, db):
    def add(n: int) -> None:
        for _ in range(n):
            MentorFactory(headline="Аналитик данных", bio="Учу аналитике с нуля.")

    def fetch(total: int) -> None:
        body = api.get(MENTORS, {"q": "аналитике"}).json()
        assert body["count"] == total

    q.assert_flat(add, fetch)


def test_the_search_page_asks_the_database_as_often_for_thirty_mentors_as_for_three(client, db):
    def add(n: int) -> None:
        for _ in range(n):
            MentorFactory(headline="Аналитик данных", bio="Учу аналитике с нуля.")

    def fetch(total: int) -> None:
        page = client.get("/mentors/", {"q": "аналитике"})
        assert page.context["page"].paginator.count == total

    q.assert_flat(add, fetch)
