"""Free-text search of the mentor catalogue (`?q=`), best first.

On PostgreSQL: full-text search with the `russian` configuration, so inflected
forms meet («аналитике» finds «аналитик»), and every word of the query is also
a prefix («продакт» finds «продакт-менеджер»). Latin words in Cyrillic text
(«Python», «SQL») go through the same configuration's English stemmer. A
mentor must match every word; the rank weighs the headline most, then skills,
the career switch and city, then the bio.

The document is stored on the profile (column `search_document`, GIN-indexed) and kept
current by PostgreSQL triggers on the profile, its skills and the taxonomy
(accounts/migrations/0013_mentor_search_document.py), so no write path can leave
it stale and a search reads the index instead of building a tsvector per row.
`legacy_document()` is the expression it replaced, kept for the equality test.

On SQLite (`make run` only) each word is a plain contains over the same fields,
in lower case, capitalised or upper case (SQLite folds the case of Latin letters only).
"""

import re

from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils import translation

from accounts.models import Background, MentorProfile

CONFIG = "russian"
# Letters and digits only: what reaches to_tsquery can never be its syntax.
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8
MAX_WORD_LENGTH = 40
QUERY_MAX_LENGTH = 200


def search_words(text: str) -> list[str]:
    """The words of a query, lower-cased, at most MAX_WORDS of them."""
    words = [word.lower()[:MAX_WORD_LENGTH] for word in WORD.findall(text or "")]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def mentors_matching(queryset: QuerySet[MentorProfile], text: str) -> QuerySet[MentorProfile]:
    """The mentors of `queryset` that match every word of `text`, best first."""
    words = search_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _ranked(queryset, words)
    return _containing(queryset, words)


def _switch_labels() -> dict[str, str]:
    """Each background's name in both languages (a person may search in either)."""
    labels = {}
    for member in Background:
        names = []
        for language in ("ru", "en"):
            with translation.override(language):
                names.append(str(member.label))
        labels[member.value] = " ".join(dict.fromkeys(names))
    return labels


def _switch_from_text() -> Case:
    whens = [When(switched_from=code, then=Value(text)) for code, text in _switch_labels().items()]
    return Case(*whens, default=Value(""))


def _skills_text() -> Subquery:
    from django.contrib.postgres.aggregates import StringAgg

    through = MentorProfile.skills.through
    return Subquery(
        through.objects.filter(mentorprofile_id=OuterRef("pk"))
        .order_by()
        .values("mentorprofile_id")
        .annotate(
            text=StringAgg(Concat("skill__name_ru", Value(" "), "skill__name_en"), delimiter=" ")
        )
        .values("text")
    )


def stored_document() -> RawSQL:
    """The profile's stored document: a column of migration 0013, not a model field."""
    from django.contrib.postgres.search import SearchVectorField

    table = connection.ops.quote_name(MentorProfile._meta.db_table)
    # A constant: the table's quoted name and a column name, nothing from a request.
    return RawSQL(f"{table}.search_document", [], output_field=SearchVectorField())  # noqa: S611


def legacy_document():
    """The document computed in the query, as the search did before migration 0013
    stored it: kept to prove the stored one equal (tests/accounts/test_search_document.py)."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector(
            _skills_text(),
            "switched_from_role",
            _switch_from_text(),
            "switched_to__name_ru",
            "switched_to__name_en",
            "city",
            weight="B",
            config=CONFIG,
        )
        + SearchVector("bio", weight="C", config=CONFIG)
    )


def _ranked(queryset: QuerySet[MentorProfile], words: list[str]) -> QuerySet[MentorProfile]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=CONFIG)
    return (
        queryset.annotate(search_document=stored_document())
        .filter(search_document=query)
        .annotate(search_rank=SearchRank(F("search_document"), query))
        .order_by("-search_rank", *queryset.query.order_by)
    )


def _containing(queryset: QuerySet[MentorProfile], words: list[str]) -> QuerySet[MentorProfile]:
    labels = _switch_labels()
    through = MentorProfile.skills.through
    for word in words:
        backgrounds = [code for code, text in labels.items() if word in text.lower()]
        # SQLite folds the case of Latin letters only: «продакт» must also meet «Продакт».
        found = Q(switched_from__in=backgrounds)
        for form in {word, word.capitalize(), word.upper()}:
            skills = through.objects.filter(mentorprofile_id=OuterRef("pk")).filter(
                Q(skill__name_ru__icontains=form) | Q(skill__name_en__icontains=form)
            )
            found |= (
                Q(headline__icontains=form)
                | Q(bio__icontains=form)
                | Q(switched_from_role__icontains=form)
                | Q(switched_to__name_ru__icontains=form)
                | Q(switched_to__name_en__icontains=form)
                | Q(city__icontains=form)
                | Exists(skills)
            )
        queryset = queryset.filter(found)
    return queryset
