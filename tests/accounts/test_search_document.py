"""The stored search document (migration 0013, accounts/search.py) on PostgreSQL:
kept current by every kind of write, equal to the expression it replaced, indexed."""

import pytest
from django.db import connection
from django.db.models import F

from accounts.models import Background, GoalArea, MentorProfile, Skill
from accounts.search import (
    CONFIG,
    legacy_document,
    mentors_matching,
    search_words,
    stored_document,
)
from accounts.selectors import public_mentors
from tests.accounts.search_corpus import CORPUS, QUERIES
from tests.accounts.test_search import _mentor
from tests.factories import MentorFactory, area, skills

pytestmark = pytest.mark.django_db


def _found(text: str) -> set[int]:
    return set(mentors_matching(MentorProfile.objects.all(), text).values_list("pk", flat=True))


def _neutral(**extra) -> MentorProfile:
    fields = {
        "headline": "Наставник",
        "bio": "Помогаю сменить профессию.",
        "switched_from": "",
        "switched_from_role": "",
        "switched_to": None,
        "city": "Пермь",
        "skill_codes": ["excel"],
    }
    return MentorFactory(**{**fields, **extra})


def test_a_mentor_whose_skills_change_is_found_by_the_new_skill_at_once():
    assert connection.vendor == "postgresql"
    mentor = _neutral()
    assert mentor.pk in _found("excel")
    assert mentor.pk not in _found("statistics")
    mentor.skills.set(skills("statistics"))
    assert mentor.pk in _found("статистика")
    assert mentor.pk not in _found("excel")
    mentor.skills.clear()
    assert mentor.pk not in _found("статистика")


def test_bulk_updates_and_taxonomy_renames_reach_the_document():
    mentor = _neutral(switched_to=area("analytics"))
    MentorProfile.objects.filter(pk=mentor.pk).update(headline="Тестировщик игр")
    assert mentor.pk in _found("тестировщик")
    Skill.objects.filter(code="excel").update(name_ru="Гугл-таблицы", name_en="Spreadsheets")
    assert mentor.pk in _found("spreadsheets")
    assert mentor.pk not in _found("excel")
    GoalArea.objects.filter(code="analytics").update(name_en="Business intelligence")
    assert mentor.pk in _found("intelligence")
    # Ratings and counters are written all the time; they leave the document alone.
    MentorProfile.objects.filter(pk=mentor.pk).update(rating_count=3)
    assert mentor.pk in _found("тестировщик intelligence")


def _documents(queryset) -> dict[int, tuple[str, str]]:
    rows = queryset.annotate(stored=stored_document(), legacy=legacy_document())
    return {pk: (str(s), str(o)) for pk, s, o in rows.values_list("pk", "stored", "legacy")}


def test_the_stored_document_equals_the_old_expression_on_the_corpus_and_every_background():
    for entry in CORPUS:
        _mentor(entry)
    for code in Background.values:
        _neutral(switched_from=code, switched_from_role="Бухгалтер", switched_to=area("it"))
    documents = _documents(MentorProfile.objects.all())
    assert len(documents) == len(CORPUS) + len(Background.values)
    for pk, (stored, legacy) in documents.items():
        assert stored == legacy, pk
    # And so the results and their order, query by query.
    for query in [*QUERIES, "аналитик", "медицина", "казань", "sql"]:
        new = list(mentors_matching(public_mentors(), query).values_list("pk", flat=True))
        assert new == _legacy_order(query), query
        assert new, query


def _legacy_order(text: str) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    words = search_words(text)
    query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config=CONFIG)
    queryset = public_mentors()
    return list(
        queryset.annotate(document=legacy_document())
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", *queryset.query.order_by)
        .values_list("pk", flat=True)
    )


def test_the_search_reads_the_gin_index():
    for _ in range(3):
        _neutral()
    # The search's own condition on the profiles alone: joined to the users, the
    # planner may reach a handful of profiles through their primary key instead
    # (seen once), which says nothing about the search document's index.
    searched = mentors_matching(MentorProfile.objects.all(), "статистика excel")
    sql, params = searched.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows: the planner would rightly scan them; forbid every other
        # way in (a table scan, a walk of another index), to see that the index can answer.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "accounts_mentor_search_gin" in plan, plan
    assert "to_tsvector" not in plan, plan
